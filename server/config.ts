/**
 * Server configuration: read once at start from the environment, validated with zod. Every missing or invalid
 * variable is reported in one message. `.env.example` documents each variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../lib/rules';
import { checkWebhookUrl } from './alerts/webhook-url-guard';

const DEFAULT_ACS_ISSUER = 'https://acscallautomation.communication.azure.com';
const DEFAULT_ACS_JWKS_URL = `${DEFAULT_ACS_ISSUER}/calling/keys`;
export const EMULATOR_AUDIENCE = 'earshot-emulator';
/** The demo calls last minutes: a summary every two shows the feature without flooding the panel. */
const EMULATOR_SUMMARY_INTERVAL_MINUTES = 2;

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const LOCALE = /^[a-z]{2,3}-[A-Z]{2}$/;

/** `https://host[:port]` exactly, as a browser sends it in `Origin`; anything with a path, query or user is refused. */
function toOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    const bare = url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
    return (url.protocol === 'http:' || url.protocol === 'https:') && bare ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  PUBLIC_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_PATH: z.string().min(1).default('./data/earshot.db'),
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\/.+/, 'a PostgreSQL URL such as postgres://user:password@host:5432/earshot').optional()),
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\/.+/, 'a Redis URL such as redis://host:6379').optional()),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits, . : - _ (at most 64)').default('earshot:'),

  SUPERVISOR_USERNAME: optionalString,
  SUPERVISOR_PASSWORD: optionalString.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  SECURE_COOKIES: booleanFromEnv.optional(),
  TRUST_PROXY: z.coerce.number().int('a whole number of proxy hops').min(0).max(10).default(0),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
    .pipe(z.array(z.string().transform(toOrigin).pipe(z.string({ error: 'origins such as https://earshot.example.com (scheme, host and port only)' })))),

  ACS_CONNECTION_STRING: optionalString.pipe(
    z.string().regex(/^endpoint=https?:\/\/[^;]+;accesskey=.+$/i, 'expected endpoint=https://…;accesskey=…').optional(),
  ),
  ACS_JWT_ISSUER: optionalString,
  ACS_JWT_AUDIENCE: optionalString,
  ACS_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ACS_TRUST_DEV_KEY: booleanFromEnv.optional(),
  ACS_JWKS_MAX_STALE_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  DEV_SIGNING_KEY_PATH: z.string().min(1).default('./data/dev-signing-key.json'),

  AUTO_ANSWER: booleanFromEnv.default(true),
  EVENT_GRID_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  COGNITIVE_SERVICES_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  ACS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  TRANSCRIPTION_LOCALE: z.string().regex(LOCALE, 'a locale such as en-US').default('en-US'),
  TRANSCRIPTION_CANDIDATE_LOCALES: z
    .string()
    .default('en-US,es-ES,hi-IN')
    .transform((value) => value.split(',').map((locale) => locale.trim()).filter((locale) => locale !== ''))
    .pipe(z.array(z.string().regex(LOCALE, 'locales such as en-US,es-ES')).max(4, 'at most 4 candidate locales')),
  TRANSCRIPTION_SENTIMENT: booleanFromEnv.default(true),
  TRANSCRIPTION_PII_REDACTION: booleanFromEnv.default(true),
  TRANSCRIPTION_INTERMEDIATE_RESULTS: booleanFromEnv.default(true),
  TRANSCRIPTION_END_CALL_SUMMARY: booleanFromEnv.default(true),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  DEMO_CALLS: z.coerce.number().int().min(0).max(50).default(3),
  EMULATOR_SCENARIO_DIR: optionalString,
  EMULATOR_ACCESS_KEY: optionalString.pipe(z.base64('must be base64').optional()),

  INGRESS_MAX_FRAME_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  CALL_LIST_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  MAX_BUFFERED_FINALS: z.coerce.number().int().min(100).max(10_000_000).default(50_000),
  OPERATION_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3_600).default(60),
  /** 0 or `off`: no periodic summaries. Unset: off with a real ACS resource (each costs money), 2 in the emulator. */
  SUMMARY_INTERVAL_MINUTES: z
    .union([z.literal('off').transform(() => 0), z.coerce.number().min(0).max(1_440)])
    .optional(),
  STREAM_RECONNECT_GRACE_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
  ALERT_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2000).optional()),
  ALERT_WEBHOOK_FORMAT: z.enum(WEBHOOK_FORMATS).default('earshot'),
  ALERT_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').optional()),
  ALERT_WEBHOOK_ALLOW_PRIVATE: booleanFromEnv.default(false),
  RETENTION_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,6}$/, 'a whole number of days, at least 1 (unset: keep calls forever)')
      .transform(Number)
      .pipe(z.number().int().min(1, 'a whole number of days, at least 1 (unset: keep calls forever)'))
      .optional(),
  ),
  METRICS_TOKEN: optionalString.pipe(z.string().regex(/^[\x21-\x7e]{16,512}$/, '16 to 512 printable characters without spaces (e.g. openssl rand -hex 32)').optional()),
});

export interface AcsTrustConfig {
  issuer: string;
  /** Unset in emulator mode until the emulator is up: its audience is then used. */
  audience: string | undefined;
  /** Remote JWKS; unset means "the embedded emulator's". */
  jwksUrl: string | undefined;
  trustDevKey: boolean;
  devKeyPath: string;
  /** While ACS's JWKS cannot be fetched, keys fetched before keep verifying this long. */
  jwksMaxStaleMs: number;
}

export interface ServerConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicBaseUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  databasePath: string;
  /** PostgreSQL instead of the SQLite file (several instances share it). */
  databaseUrl: string | undefined;
  /** Redis: socket.io across instances, cross-instance messages, shared login limits. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  supervisor: { username: string | undefined; password: string | undefined };
  sessionTtlMs: number;
  secureCookies: boolean;
  /** How many reverse proxies in front of Earshot to trust for X-Forwarded-For / -Proto / -Host (0: none). */
  trustProxy: number;
  /** Browser origins allowed besides the request's own and PUBLIC_BASE_URL's (normalised, no trailing slash). */
  allowedOrigins: string[];
  /** Real ACS when set; otherwise Earshot runs the embedded emulator. */
  acsConnectionString: string | undefined;
  acsTrust: AcsTrustConfig;
  ingressMaxFrameBytes: number;
  callListIntervalMs: number;
  /** Finals held in memory while the store fails; past this, transcript streams are refused (never dropped). */
  maxBufferedFinals: number;
  /** After a restart, how long a call known only from its stream has to reconnect before it is ended. */
  streamReconnectGraceMs: number;
  /** Bearer token for GET /metrics; without it /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  /** Ended calls are deleted this many days after they ended; null keeps them forever. */
  retentionDays: number | null;
  alertWebhooks: AlertWebhookConfig;
  acs: {
    /** How long ACS has to confirm an operation before it shows as unconfirmed (summaries get twice as long). */
    operationTimeoutMs: number;
    /** Ask ACS for a summary of each live call this often; 0: never. */
    summaryIntervalMs: number;
    autoAnswer: boolean;
    eventGridSecret: string | undefined;
    cognitiveServicesEndpoint: string | undefined;
    requestTimeoutMs: number;
    defaultTranscription: TranscriptionDefaults;
  };
  emulator: { port: number; demoCalls: number; scenarioDir: string | undefined; accessKey: string | undefined };
}

export interface AlertWebhookConfig {
  /** ALERT_WEBHOOK_URL: every alert is posted there too, besides its rule's webhooks. */
  url: string | undefined;
  format: WebhookFormat;
  /** Signs every webhook body (X-Earshot-Signature); unset sends them unsigned. */
  secret: string | undefined;
  /** Private, loopback and link-local webhook addresses allowed (refused by default: SSRF). */
  allowPrivate: boolean;
}

export interface TranscriptionDefaults {
  locale: string;
  locales: string[];
  sentimentAnalysis: boolean;
  piiRedaction: boolean;
  intermediateResults: boolean;
  endCallSummary: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const values = parsed.data;
  const problems: string[] = [];
  const realAcs = values.ACS_CONNECTION_STRING !== undefined;
  if (realAcs && values.ACS_JWT_AUDIENCE === undefined) {
    problems.push('ACS_JWT_AUDIENCE: required with ACS_CONNECTION_STRING (your ACS resource id, the audience of its JWTs)');
  }
  if ((values.SUPERVISOR_USERNAME === undefined) !== (values.SUPERVISOR_PASSWORD === undefined)) {
    problems.push('SUPERVISOR_USERNAME / SUPERVISOR_PASSWORD: set both or neither');
  }
  if (values.ALERT_WEBHOOK_URL !== undefined) {
    const check = checkWebhookUrl(values.ALERT_WEBHOOK_URL, { allowPrivate: values.ALERT_WEBHOOK_ALLOW_PRIVATE });
    if (!check.ok) problems.push(`ALERT_WEBHOOK_URL: ${check.reason}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const publicBaseUrl = values.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  return {
    env: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    publicBaseUrl,
    logLevel: values.LOG_LEVEL,
    databasePath: path.resolve(values.DATABASE_PATH),
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    redisKeyPrefix: values.REDIS_KEY_PREFIX,
    supervisor: { username: values.SUPERVISOR_USERNAME, password: values.SUPERVISOR_PASSWORD },
    sessionTtlMs: values.SESSION_TTL_HOURS * 3_600_000,
    secureCookies: values.SECURE_COOKIES ?? publicBaseUrl?.startsWith('https://') ?? false,
    trustProxy: values.TRUST_PROXY,
    allowedOrigins: values.ALLOWED_ORIGINS,
    acsConnectionString: values.ACS_CONNECTION_STRING,
    acsTrust: {
      issuer: values.ACS_JWT_ISSUER ?? DEFAULT_ACS_ISSUER,
      audience: values.ACS_JWT_AUDIENCE ?? (realAcs ? undefined : EMULATOR_AUDIENCE),
      jwksUrl: values.ACS_JWKS_URL ?? (realAcs ? DEFAULT_ACS_JWKS_URL : undefined),
      // The development key signs the replay tool's streams; real deployments stop trusting it by default.
      trustDevKey: values.ACS_TRUST_DEV_KEY ?? !realAcs,
      devKeyPath: path.resolve(values.DEV_SIGNING_KEY_PATH),
      jwksMaxStaleMs: values.ACS_JWKS_MAX_STALE_HOURS * 3_600_000,
    },
    ingressMaxFrameBytes: values.INGRESS_MAX_FRAME_BYTES,
    callListIntervalMs: values.CALL_LIST_INTERVAL_MS,
    maxBufferedFinals: values.MAX_BUFFERED_FINALS,
    streamReconnectGraceMs: values.STREAM_RECONNECT_GRACE_SECONDS * 1000,
    metricsToken: values.METRICS_TOKEN,
    retentionDays: values.RETENTION_DAYS ?? null,
    alertWebhooks: {
      url: values.ALERT_WEBHOOK_URL,
      format: values.ALERT_WEBHOOK_FORMAT,
      secret: values.ALERT_WEBHOOK_SECRET,
      allowPrivate: values.ALERT_WEBHOOK_ALLOW_PRIVATE,
    },
    acs: {
      operationTimeoutMs: values.OPERATION_TIMEOUT_SECONDS * 1000,
      summaryIntervalMs: (values.SUMMARY_INTERVAL_MINUTES ?? (values.ACS_CONNECTION_STRING ? 0 : EMULATOR_SUMMARY_INTERVAL_MINUTES)) * 60_000,
      autoAnswer: values.AUTO_ANSWER,
      eventGridSecret: values.EVENT_GRID_SECRET,
      cognitiveServicesEndpoint: values.COGNITIVE_SERVICES_ENDPOINT,
      requestTimeoutMs: values.ACS_REQUEST_TIMEOUT_MS,
      defaultTranscription: {
        locale: values.TRANSCRIPTION_LOCALE,
        locales: values.TRANSCRIPTION_CANDIDATE_LOCALES,
        sentimentAnalysis: values.TRANSCRIPTION_SENTIMENT,
        piiRedaction: values.TRANSCRIPTION_PII_REDACTION,
        intermediateResults: values.TRANSCRIPTION_INTERMEDIATE_RESULTS,
        endCallSummary: values.TRANSCRIPTION_END_CALL_SUMMARY,
      },
    },
    emulator: {
      port: values.EMULATOR_PORT,
      demoCalls: values.DEMO_CALLS,
      scenarioDir: values.EMULATOR_SCENARIO_DIR === undefined ? undefined : path.resolve(values.EMULATOR_SCENARIO_DIR),
      accessKey: values.EMULATOR_ACCESS_KEY,
    },
  };
}
