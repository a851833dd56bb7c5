/**
 * deploy/ cannot be built or run here (no Docker engine), so this checks what can go wrong without one: every file
 * the Dockerfile copies exists and is in the build context, what the runtime stage runs is there and installed as
 * a runtime dependency, and the compose file and Caddyfile name real files, services and settings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const exists = (file: string) => fs.existsSync(path.join(root, file));
const packageJson = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** .dockerignore's rules as Docker applies them (last match wins, `!` re-includes, a directory covers its contents). */
function dockerIgnored(file: string): boolean {
  let ignored = false;
  for (const raw of read('.dockerignore').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
    const regex = new RegExp(
      `^${pattern
        .split(/(\*\*\/|\*|\?)/)
        .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('')}(?:/.*)?$`,
    );
    if (regex.test(file)) ignored = !negated;
  }
  return ignored;
}

const dockerfile = instructions(read('deploy/Dockerfile'));
const stages = dockerfile.filter((step) => step.keyword === 'FROM');
const runtimeStart = dockerfile.findIndex((step) => step.keyword === 'FROM' && /\bAS runtime$/i.test(step.args));
const runtime = dockerfile.slice(runtimeStart);
/** What the build stage produces besides the copied sources. */
const BUILD_OUTPUTS = ['node_modules', '.next'];

describe('deploy/Dockerfile', () => {
  it('has a build stage on Node 20 with the compilers better-sqlite3 needs, and a slim runtime stage', () => {
    expect(stages.map((stage) => stage.args)).toEqual(['node:${NODE_VERSION}-bookworm-slim AS build', 'node:${NODE_VERSION}-bookworm-slim AS runtime']);
    expect(dockerfile.find((step) => step.keyword === 'ARG')?.args).toBe('NODE_VERSION=20');
    const build = dockerfile.slice(0, runtimeStart).map((step) => `${step.keyword} ${step.args}`).join('\n');
    expect(build).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(build).toMatch(/RUN npm install\b/);
    expect(build).toMatch(/npx next build/);
    expect(build).toMatch(/npm prune --omit=dev/);
    // The runtime stage installs and builds nothing: it only copies the build stage's results.
    expect(runtime.filter((step) => step.keyword === 'RUN').map((step) => step.args).join('\n')).not.toMatch(/\b(npm|npx|apt-get)\b/);
  });

  it('copies into the build stage only files that exist and that .dockerignore lets into the context', () => {
    const copies = dockerfile.slice(0, runtimeStart).filter((step) => step.keyword === 'COPY');
    const sources = copies.flatMap((step) => step.args.split(/\s+/).filter((arg) => !arg.startsWith('--')).slice(0, -1));
    expect(sources).toEqual(['package.json', 'package-lock.json', '.']);
    for (const source of sources.filter((each) => each !== '.')) {
      expect(exists(source), source).toBe(true);
      expect(dockerIgnored(source), source).toBe(false);
    }
  });

  it('keeps the sources the Next build and the server need in the context, and secrets, databases and dependencies out', () => {
    for (const needed of ['app/page.tsx', 'components', 'lib/protocol.ts', 'server/index.ts', 'server/acs-emulator/scenarios', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json', 'app/globals.css']) {
      expect(exists(needed), needed).toBe(true);
      expect(dockerIgnored(needed), needed).toBe(false);
    }
    for (const kept of ['.env', '.env.local', 'deploy/.env', 'data/earshot.db', 'node_modules/next/package.json', '.next/BUILD_ID', '.git/HEAD']) expect(dockerIgnored(kept), kept).toBe(true);
  });

  it('copies into the runtime stage what the build stage has: its outputs, or sources that exist and are in the context', () => {
    const copies = runtime.filter((step) => step.keyword === 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      expect(copy.args).toMatch(/^--from=build /);
      const paths = copy.args.split(/\s+/).filter((arg) => !arg.startsWith('--')).slice(0, -1);
      for (const source of paths) {
        expect(source, 'copied from the build stage WORKDIR').toMatch(/^\/app\//);
        const file = source.slice('/app/'.length);
        if (BUILD_OUTPUTS.includes(file)) continue;
        expect(exists(file), file).toBe(true);
        expect(dockerIgnored(file), file).toBe(false);
      }
    }
    expect(dockerfile.filter((step) => step.keyword === 'WORKDIR').map((step) => step.args)).toEqual(['/app', '/app']);
  });

  it('runs server/index.ts through tsx as npm start does, as a non-root user, with a health check on /api/health', () => {
    const cmd = JSON.parse(runtime.find((step) => step.keyword === 'CMD')?.args ?? 'null') as string[];
    expect(cmd).toEqual(['node', '--import', 'tsx', 'server/index.ts']);
    expect(exists('server/index.ts')).toBe(true);
    // npm start: `NODE_ENV=production tsx server/index.ts` after the build check.
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start).toMatch(/NODE_ENV=production tsx server\/index\.ts$/);
    expect(runtime.find((step) => step.keyword === 'ENV')?.args).toMatch(/NODE_ENV=production/);
    expect(runtime.find((step) => step.keyword === 'USER')?.args).toBe('node');
    expect(runtime.find((step) => step.keyword === 'EXPOSE')?.args).toBe('3000');
    expect(runtime.find((step) => step.keyword === 'HEALTHCHECK')?.args).toMatch(/\/api\/health/);
  });

  it('needs at run time only runtime dependencies: tsx, Next and the packages Next leaves outside its bundles', () => {
    const nextConfig = read('next.config.mjs');
    const external = JSON.parse((/serverExternalPackages:\s*(\[[^\]]*\])/.exec(nextConfig)?.[1] ?? '[]').replace(/'/g, '"')) as string[];
    expect(external.length).toBeGreaterThan(0);
    for (const name of ['tsx', 'next', 'react', 'react-dom', 'prom-client', 'pg', 'redis', ...external]) {
      expect(packageJson.dependencies[name], `${name} must be a dependency: the image prunes devDependencies`).toBeDefined();
    }
  });
});

describe('deploy/docker-compose.yml and deploy/Caddyfile', () => {
  const compose = read('deploy/docker-compose.yml');
  const caddyfile = read('deploy/Caddyfile');
  const configSource = read('server/config.ts');

  it('builds with deploy/Dockerfile from the repository root and mounts the Caddyfile beside it', () => {
    expect(compose).toMatch(/context: \.\.\n\s+dockerfile: deploy\/Dockerfile/);
    expect(compose).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(exists('deploy/Caddyfile')).toBe(true);
  });

  it('passes the instances only settings Earshot knows, with the ones several instances need', () => {
    const block = /x-earshot: &earshot\n([\s\S]*?)\n\S/.exec(compose)?.[1] ?? '';
    const names = [...block.matchAll(/^ {4}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PUBLIC_BASE_URL', 'TRUST_PROXY', 'METRICS_TOKEN', 'SUPERVISOR_PASSWORD', 'ACS_CONNECTION_STRING', 'ACS_JWT_AUDIENCE']));
    for (const name of names) expect(configSource, `${name} is read by server/config.ts`).toMatch(new RegExp(`\\b${name}:`));
    const emulatorBlock = /acs-emulator:\n([\s\S]*?)\n {2}\S/.exec(compose)?.[1] ?? '';
    const emulatorNames = [...emulatorBlock.matchAll(/^ {6}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
    expect(emulatorNames.length).toBeGreaterThan(0);
    for (const name of emulatorNames) expect(read('server/acs-emulator/standalone.ts'), `${name} is read by the standalone emulator`).toMatch(new RegExp(`\\b${name}:`));
  });

  it('proxies to the two instances by their service names on Earshot’s port, and does not serve /metrics', () => {
    const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]?.trim().split(/\s+/) ?? [];
    expect(upstreams).toEqual(['earshot-1:3000', 'earshot-2:3000']);
    for (const upstream of upstreams) expect(compose).toMatch(new RegExp(`^ {2}${upstream.split(':')[0]}:$`, 'm'));
    expect(caddyfile).toMatch(/health_uri \/api\/health/);
    expect(caddyfile).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
  });

  const pyYaml = (() => {
    try {
      execFileSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!pyYaml)('is valid YAML (read with PyYAML, merge keys resolved)', () => {
    const out = execFileSync('python3', ['-c', 'import sys, yaml, json; print(json.dumps(sorted(yaml.safe_load(open(sys.argv[1]))["services"])))', path.join(root, 'deploy/docker-compose.yml')], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['acs-emulator', 'caddy', 'earshot-1', 'earshot-2', 'postgres', 'redis']);
  });
});
