/**
 * `npm run emulator`: the ACS emulator on its own, for pointing any Call Automation app at it.
 *
 * Environment (all optional):
 *   EMULATOR_PORT           port to listen on (default 4510; 0 = any free port)
 *   EMULATOR_HOST           interface (default 127.0.0.1)
 *   EMULATOR_ACCESS_KEY     base64 access key of the connection string (default: a random one per start)
 *   EMULATOR_SCENARIO_DIR   folder of scenario JSON files (default: the bundled library)
 *   EVENT_GRID_WEBHOOK_URL  where IncomingCall events go (after the validation handshake)
 *   DEMO_CALLS              simulated incoming calls kept going at once (default 3; needs EVENT_GRID_WEBHOOK_URL)
 *   EMULATOR_SPEED          speed factor, 1 = real time (default 1)
 *   EMULATOR_JWT_AUDIENCE   audience of the emulator's JWTs (default earshot-emulator)
 *   LOG_LEVEL               pino level (default info)
 */
import pino from 'pino';
import { z } from 'zod';
import { startAcsEmulator } from './emulator';
import { ScenarioLoadError } from './scenarios/load-scenarios';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const EnvSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(4510),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_ACCESS_KEY: optional.pipe(z.base64().optional()),
  EMULATOR_SCENARIO_DIR: optional,
  EVENT_GRID_WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DEMO_CALLS: z.coerce.number().int().min(0).max(100).default(3),
  EMULATOR_SPEED: z.coerce.number().positive().max(1000).default(1),
  EMULATOR_JWT_AUDIENCE: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  process.stderr.write(
    `Invalid emulator configuration:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}\n`,
  );
  process.exit(1);
}
const env = parsed.data;
const logger = pino({ name: 'acs-emulator', level: env.LOG_LEVEL });

let emulator;
try {
  emulator = await startAcsEmulator({
    port: env.EMULATOR_PORT,
    host: env.EMULATOR_HOST,
    accessKey: env.EMULATOR_ACCESS_KEY,
    scenarioDir: env.EMULATOR_SCENARIO_DIR,
    eventGridWebhookUrl: env.EVENT_GRID_WEBHOOK_URL,
    demoCalls: env.EVENT_GRID_WEBHOOK_URL ? env.DEMO_CALLS : 0,
    speedFactor: env.EMULATOR_SPEED,
    jwtAudience: env.EMULATOR_JWT_AUDIENCE,
    logger,
  });
} catch (error) {
  if (error instanceof ScenarioLoadError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// Printed, not logged: the connection string holds the access key, and log lines must never carry it.
process.stdout.write(
  [
    '',
    'ACS Call Automation emulator',
    `  connection string  ${emulator.connectionString}`,
    '                     (create the client with { allowInsecureConnection: true })',
    `  JWKS               ${emulator.jwksUrl}`,
    `  OpenID config      ${emulator.openIdConfigUrl}`,
    `  JWT issuer         ${emulator.issuer}`,
    `  JWT audience       ${emulator.audience}`,
    `  Event Grid webhook ${env.EVENT_GRID_WEBHOOK_URL ?? '(none: set EVENT_GRID_WEBHOOK_URL to receive IncomingCall)'}`,
    `  demo calls         ${env.EVENT_GRID_WEBHOOK_URL ? env.DEMO_CALLS : 0}`,
    '',
    '',
  ].join('\n'),
);

const running = emulator;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
