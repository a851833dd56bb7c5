// `npm test` needs Chromium for the end-to-end tests. On Debian as root, install it from Debian's packages when it
// is missing; otherwise stop at once with the one command to run, before any test starts.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';

if (fs.existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = fs.existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(`\nThe end-to-end tests need Chromium at ${CHROMIUM}, and it is not installed.`);
  console.error(hasApt ? `Run this once, then npm test again:\n\n  sudo sh -c '${INSTALL}'\n` : 'Install Chromium from your system\'s packages (it must be at /usr/bin/chromium), then run npm test again.\n');
  process.exit(1);
}
console.log(`Chromium is missing: installing it from Debian's packages (${INSTALL})…`);
try {
  execSync(INSTALL, { stdio: 'inherit', shell: '/bin/sh' });
} catch {
  console.error(`\nInstalling Chromium failed. Run this, then npm test again:\n\n  ${INSTALL}\n`);
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`\nThe chromium package installed, but ${CHROMIUM} is still missing.\n`);
  process.exit(1);
}
