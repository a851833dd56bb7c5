/**
 * Server configuration: read once at start from the environment, validated with zod. Every missing or invalid
 * variable is reported in one message. `.env.example` documents each variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ROLE_MAP, parseRoleMap, parseValueMap } from '../lib/oidc-claims';
import { ROLES, type Role } from '../lib/permissions';
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

/** `OIDC_ROLE_MAP` / `OIDC_TEAM_MAP`: `claim value=target,…`, checked at start (lib/oidc-claims.ts). */
const roleMapFromEnv = optionalString.transform((value, ctx) => {
  if (value === undefined) return undefined;
  const parsed = parseRoleMap(value);
  if (parsed.ok) return parsed.map;
  ctx.addIssue({ code: 'custom', message: `${parsed.problem} (e.g. Earshot.Admin=admin,Earshot.Viewer=viewer)` });
  return z.NEVER;
});
const teamMapFromEnv = optionalString.transform((value, ctx) => {
  if (value === undefined) return new Map<string, string>();
  const parsed = parseValueMap(value);
  if (parsed.ok) return parsed.map;
  ctx.addIssue({ code: 'custom', message: `${parsed.problem} (e.g. <group object id>=<team name>,…)` });
  return z.NEVER;
});

/** Loopback issuers may be plain http (a provider on the same machine, tests); anything else must be https. */
function isAcceptableIssuer(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

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
  LOCAL_LOGIN: z.enum(['on', 'off']).default('on'),
  OIDC_ISSUER: optionalString.pipe(
    z.url({ protocol: /^https?$/ }).refine(isAcceptableIssuer, 'must be https (http only for a provider on 127.0.0.1 / localhost)').optional(),
  ),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_REDIRECT_URI: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OIDC_SCOPES: z.string().regex(/^[\x21-\x7e ]+$/, 'space-separated scopes').default('openid profile email'),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default('roles'),
  OIDC_ROLE_MAP: roleMapFromEnv,
  OIDC_DEFAULT_ROLE: optionalString.pipe(z.enum(ROLES, { message: `one of ${ROLES.join(', ')} (or unset: refuse users without a mapped role)` }).optional()),
  OIDC_TEAM_CLAIM: optionalString,
  OIDC_TEAM_MAP: teamMapFromEnv,
  OIDC_BUTTON_LABEL: optionalString.pipe(z.string().max(80, 'at most 80 characters').optional()),
  OIDC_LOGOUT: z.enum(['local', 'provider']).default('local'),
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
  /** LOCAL_LOGIN: whether username + password login is on (it can be turned off when single sign-on is). */
  localLogin: boolean;
  oidc: OidcConfig | null;
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

/** Single sign-on through an OpenID provider (Microsoft Entra ID or any other), when OIDC_ISSUER is set. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** Where the provider sends the browser back; registered at the provider exactly as written here. */
  redirectUri: string;
  scopes: string;
  roleClaim: string;
  roleMap: ReadonlyMap<string, Role>;
  /** Role of a user whose claims map to none; null refuses such a user. */
  defaultRole: Role | null;
  /** Unset: teams are not taken from the provider (admins assign them). */
  teamClaim: string | undefined;
  /** Claim value (e.g. a group object id) to team name. */
  teamMap: ReadonlyMap<string, string>;
  buttonLabel: string;
  /** `provider`: logging out also ends the session at the provider (RP-initiated logout). */
  logout: 'local' | 'provider';
}

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

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
  const publicBaseUrl = values.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  const oidc = oidcConfig(values, publicBaseUrl, problems);
  if (values.LOCAL_LOGIN === 'off' && oidc === null) problems.push('LOCAL_LOGIN: off needs single sign-on (OIDC_ISSUER and OIDC_CLIENT_ID), or nobody could log in');
  if (problems.length > 0) throw new ConfigError(problems);

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
    localLogin: values.LOCAL_LOGIN === 'on',
    oidc,
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

function oidcConfig(values: z.infer<typeof EnvSchema>, publicBaseUrl: string | undefined, problems: string[]): OidcConfig | null {
  const set = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_ROLE_MAP', 'OIDC_DEFAULT_ROLE', 'OIDC_TEAM_CLAIM'] as const).filter((key) => values[key] !== undefined);
  if (values.OIDC_ISSUER === undefined) {
    if (set.length > 0) problems.push(`OIDC_ISSUER: required with ${set.join(', ')} (e.g. https://login.microsoftonline.com/<tenant id>/v2.0)`);
    return null;
  }
  if (values.OIDC_CLIENT_ID === undefined) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER (the application (client) id registered at the provider)');
  const redirectUri = values.OIDC_REDIRECT_URI ?? (publicBaseUrl === undefined ? undefined : `${publicBaseUrl}${OIDC_CALLBACK_PATH}`);
  if (redirectUri === undefined) problems.push(`OIDC_ISSUER: needs PUBLIC_BASE_URL (or OIDC_REDIRECT_URI), so the redirect URI matches the one registered at the provider (<PUBLIC_BASE_URL>${OIDC_CALLBACK_PATH})`);
  if (values.OIDC_TEAM_MAP.size > 0 && values.OIDC_TEAM_CLAIM === undefined) problems.push('OIDC_TEAM_MAP: needs OIDC_TEAM_CLAIM (the claim whose values it maps, e.g. groups)');
  if (!values.OIDC_SCOPES.split(' ').includes('openid')) problems.push('OIDC_SCOPES: must include openid');
  if (values.OIDC_CLIENT_ID === undefined || redirectUri === undefined) return null;
  return {
    issuer: values.OIDC_ISSUER,
    clientId: values.OIDC_CLIENT_ID,
    clientSecret: values.OIDC_CLIENT_SECRET,
    redirectUri,
    scopes: values.OIDC_SCOPES,
    roleClaim: values.OIDC_ROLE_CLAIM,
    roleMap: values.OIDC_ROLE_MAP ?? DEFAULT_ROLE_MAP,
    defaultRole: values.OIDC_DEFAULT_ROLE ?? null,
    teamClaim: values.OIDC_TEAM_CLAIM,
    teamMap: values.OIDC_TEAM_MAP,
    buttonLabel: values.OIDC_BUTTON_LABEL ?? 'Sign in with Microsoft',
    logout: values.OIDC_LOGOUT,
  };
}
