/**
 * Earshot's entry point: reads the environment once, starts the embedded ACS emulator unless a real ACS
 * resource is configured, prepares Next.js and starts the server. `npm run dev` runs it with hot reload;
 * `npm start` in production mode.
 */
import { parse } from 'node:url';
import nextEnv from '@next/env';
import next from 'next';
import { startAcsEmulator, type AcsEmulator } from './acs-emulator/emulator';
import { ConfigError, loadConfig } from './config';
import { createEarshotServer } from './create-app';
import { createLogger } from './log';

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production');

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config.logLevel);
const dev = config.env !== 'production';

// Without a real ACS resource, the embedded emulator plays ACS: the app talks to it only over HTTP and
// WebSocket, exactly as it would to Azure, so every code path is the real one.
let emulator: AcsEmulator | undefined;
if (!config.acsConnectionString) {
  emulator = await startAcsEmulator({
    port: config.emulator.port,
    host: '127.0.0.1',
    scenarioDir: config.emulator.scenarioDir,
    accessKey: config.emulator.accessKey,
    demoCalls: config.emulator.demoCalls,
    jwtIssuer: config.acsTrust.issuer,
    logger: log,
  });
}

const nextApp = next({ dev, hostname: config.host, port: config.port, dir: process.cwd() });
const handle = nextApp.getRequestHandler();
await nextApp.prepare();

const server = await createEarshotServer({
  config,
  log,
  handleRequest: (req, res) => void handle(req, res, parse(req.url ?? '/', true)),
  acsConnectionString: config.acsConnectionString ?? emulator?.connectionString,
  defaultJwksUrl: emulator?.jwksUrl,
  defaultAudience: emulator?.audience,
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'Earshot could not start');
  process.exit(1);
});

if (emulator) {
  emulator.setEventGridWebhook(server.eventGridWebhookUrl);
  log.info({ emulator: emulator.url, demoCalls: config.emulator.demoCalls }, 'embedded ACS emulator is serving calls (set ACS_CONNECTION_STRING to use a real resource)');
} else {
  // The URL carries the Event Grid secret: print it for the operator, keep it out of structured logs.
  process.stdout.write(`\n  Event Grid webhook for Microsoft.Communication.IncomingCall:\n    ${server.eventGridWebhookUrl}\n\n`);
}
log.info({ url: server.url, mode: dev ? 'development' : 'production', acs: emulator ? 'emulator' : 'real' }, 'Earshot is listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await emulator?.close().catch((error: unknown) => log.error({ err: error }, 'emulator shutdown error'));
  await server.close().catch((error: unknown) => log.error({ err: error }, 'shutdown error'));
  await nextApp.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
