/**
 * Earshot's entry point: reads the environment once, prepares Next.js and starts the server.
 * `npm run dev` runs it with hot reload; `npm start` in production mode.
 */
import { parse } from 'node:url';
import nextEnv from '@next/env';
import next from 'next';
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
const nextApp = next({ dev, hostname: config.host, port: config.port, dir: process.cwd() });
const handle = nextApp.getRequestHandler();
await nextApp.prepare();

const server = await createEarshotServer({
  config,
  log,
  handleRequest: (req, res) => void handle(req, res, parse(req.url ?? '/', true)),
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'Earshot could not start');
  process.exit(1);
});

log.info({ url: server.url, mode: dev ? 'development' : 'production', acs: config.acsConnectionString ? 'real' : 'emulator' }, 'Earshot is listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await server.close().catch((error: unknown) => log.error({ err: error }, 'shutdown error'));
  await nextApp.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
