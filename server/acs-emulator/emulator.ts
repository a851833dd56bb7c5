/**
 * The embedded ACS Call Automation emulator: `startAcsEmulator()` starts an HTTP server that the real, unmodified
 * `@azure/communication-call-automation` SDK talks to with the printed connection string (plus
 * `allowInsecureConnection: true`), and that talks back to the app only as ACS would: signed webhook callbacks,
 * Event Grid IncomingCall events and transcription WebSockets.
 *
 * Unauthenticated routes (as on ACS): `GET /calling/keys` (JWKS), `GET /calling/.well-known/acsopenidconfiguration`,
 * and `GET /eventgrid/validate?code=` (Event Grid's manual validation URL). Everything else needs the HMAC signature.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { AcsError, acsErrors, sendAcsError, sendJson } from './acs-errors';
import { CallController } from './call-controller';
import { CallRegistry, type CallSnapshot } from './call-registry';
import { CallbackDispatcher, DEFAULT_RETRY_POLICY, type DeliveryStats, type RetryPolicy } from './callback-dispatcher';
import { DemoTraffic, type DemoTrafficStats } from './demo-traffic';
import { EventGridSubscription, type SubscriptionState } from './event-grid';
import { FaultInjector, type Fault, type FaultSpec } from './fault-injector';
import { createHmacVerifier } from './hmac-verifier';
import { IncomingCallBook } from './incoming-calls';
import { createRestApi } from './rest-api';
import { ScenarioPicker } from './scenario-picker';
import { loadScenarios } from './scenarios/load-scenarios';
import type { Scenario } from './scenarios/scenario-schema';
import { createSigningKeys } from './signing-keys';

export const DEFAULT_JWT_ISSUER = 'https://acscallautomation.communication.azure.com';
export const DEFAULT_JWT_AUDIENCE = 'earshot-emulator';
const DEFAULT_MAX_CLOCK_SKEW_MS = 15 * 60_000;
const DEFAULT_RING_TIMEOUT_MS = 30_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base64 access key of the connection string; a random one when omitted. */
  accessKey?: string;
  /** Conversations to play; default: every scenario in `scenarioDir` (or the bundled library). */
  scenarios?: Scenario[];
  scenarioDir?: string;
  /** Where `Microsoft.Communication.IncomingCall` events go (after the subscription validation handshake). */
  eventGridWebhookUrl?: string;
  /** Simulated incoming calls kept going at once; needs `eventGridWebhookUrl`. Default 0. */
  demoCalls?: number;
  /** 1 = real time; e.g. 20 plays calls (and backoffs) twenty times faster. */
  speedFactor?: number;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Tolerance for `x-ms-date`; Azure allows 15 minutes. */
  maxClockSkewMs?: number;
  /** Real time an incoming call rings before it can no longer be answered. Default 30 s. */
  ringTimeoutMs?: number;
  /** Callback (and Event Grid) retry policy, in call time. */
  callbackRetry?: Partial<RetryPolicy>;
  /** Seed for everything random about recognition (timing jitter, confidence). Same seed, same packets. */
  seed?: number;
  /** When the last line has been spoken, the remote party hangs up. Default true. */
  hangUpWhenScenarioEnds?: boolean;
  logger?: Logger;
}

export interface EmulatorCallsView {
  list(): CallSnapshot[];
  get(callConnectionId: string): CallSnapshot | undefined;
  /** Calls not yet disconnected. */
  active(): CallSnapshot[];
}

export interface PlacedIncomingCall {
  incomingCallContext: string;
  serverCallId: string;
  correlationId: string;
  from: string;
  to: string;
  scenarioId: string;
}

export interface AcsEmulator {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  /** `endpoint=http://127.0.0.1:PORT/;accesskey=…`, for `new CallAutomationClient(cs, { allowInsecureConnection: true })`. */
  connectionString: string;
  jwksUrl: string;
  openIdConfigUrl: string;
  issuer: string;
  audience: string;
  calls: EmulatorCallsView;
  injectFault(fault: FaultSpec): Fault;
  clearFaults(): void;
  /** Rings the app (through Event Grid when a webhook is validated) and returns what IncomingCall carries. */
  placeIncomingCall(options?: { scenarioId?: string; ringTimeoutMs?: number }): PlacedIncomingCall;
  eventGridState(): SubscriptionState;
  /**
   * Sets (or changes) the Event Grid webhook after start, e.g. once the app knows its own URL; the validation
   * handshake runs again, and demo traffic starts once it succeeds.
   */
  setEventGridWebhook(url: string): void;
  deliveryStats(): Readonly<DeliveryStats>;
  demoStats(): Readonly<DemoTrafficStats> | undefined;
  /** Resolves when no callback or Event Grid delivery is queued or in flight. */
  whenDeliveriesIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startAcsEmulator(options: EmulatorOptions = {}): Promise<AcsEmulator> {
  const log = (options.logger ?? pino({ level: 'silent' })).child({ module: 'acs-emulator' });
  const speedFactor = options.speedFactor ?? 1;
  if (!(speedFactor > 0) || !Number.isFinite(speedFactor)) throw new RangeError(`speedFactor must be a positive number, got ${speedFactor}`);
  const accessKey = options.accessKey ?? randomBytes(32).toString('base64');
  if (Buffer.from(accessKey, 'base64').length === 0) throw new Error('accessKey must be a non-empty base64 string');
  const host = options.host ?? '127.0.0.1';
  const issuer = options.jwtIssuer ?? DEFAULT_JWT_ISSUER;
  const audience = options.jwtAudience ?? DEFAULT_JWT_AUDIENCE;
  const ringTimeoutMs = options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS;
  const scenarios = new ScenarioPicker(options.scenarios ?? loadScenarios(options.scenarioDir));

  const keys = await createSigningKeys(issuer, audience);
  const verify = createHmacVerifier({ accessKey, maxClockSkewMs: options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS });
  const registry = new CallRegistry();
  const faults = new FaultInjector();
  const incoming = new IncomingCallBook();
  const dispatcher = new CallbackDispatcher({
    keys,
    speedFactor,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.callbackRetry },
    log: log.child({ part: 'callbacks' }),
  });
  const controller = new CallController({
    registry,
    dispatcher,
    keys,
    faults,
    incoming,
    scenarios,
    speedFactor,
    seed: options.seed ?? 1,
    hangUpWhenScenarioEnds: options.hangUpWhenScenarioEnds ?? true,
    log: log.child({ part: 'calls' }),
  });

  // The URL is known only once the server listens; the Event Grid subscription needs it for its validationUrl.
  let baseUrl = '';
  let eventGrid: EventGridSubscription | undefined;
  let api: ReturnType<typeof createRestApi> | undefined;

  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      log.error({ err: error, method: req.method }, 'emulator request failed');
      if (!res.headersSent) sendAcsError(res, acsErrors.internal());
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
    if (method === 'GET' && path === '/calling/keys') {
      sendJson(res, 200, keys.jwks());
      return;
    }
    if (method === 'GET' && path === '/calling/.well-known/acsopenidconfiguration') {
      sendJson(res, 200, keys.openIdConfiguration(baseUrl));
      return;
    }
    if (method === 'GET' && path === '/eventgrid/validate') {
      const code = new URL(req.url ?? '/', 'http://emulator.invalid').searchParams.get('code') ?? '';
      const ok = eventGrid?.confirmByUrl(code) ?? false;
      sendJson(res, ok ? 200 : 400, ok ? { validated: true } : { error: { code: 'InvalidValidationCode', message: 'Unknown or already used validation code.' } });
      return;
    }

    const body = await readBody(req);
    if (body === undefined) {
      sendAcsError(res, acsErrors.payloadTooLarge(MAX_BODY_BYTES));
      return;
    }
    const check = verify({ method, rawUrl: req.url ?? '/', headers: req.headers, body });
    if (!check.ok) {
      log.warn({ method, route: routeForLog(path), reason: check.reason }, 'request rejected: HMAC check failed');
      sendAcsError(res, acsErrors.unauthorized(check.reason.replaceAll('_', ' ')));
      return;
    }
    try {
      if (!api) throw acsErrors.internal();
      api(req, res, body);
    } catch (error) {
      if (error instanceof AcsError) {
        log.info({ method, route: routeForLog(path), status: error.status, code: error.code }, 'request refused');
        sendAcsError(res, error);
        return;
      }
      throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${publicHost}:${port}`;

  eventGrid = new EventGridSubscription({
    webhookUrl: options.eventGridWebhookUrl,
    emulatorUrl: baseUrl,
    dispatcher,
    speedFactor,
    log: log.child({ part: 'event-grid' }),
  });
  const subscription = eventGrid;
  api = createRestApi({ controller, registry, faults, incoming, eventGrid: subscription, scenarios, ringTimeoutMs, log });
  subscription.start();

  const demoCount = options.demoCalls ?? 0;
  let demo: DemoTraffic | undefined;
  if (demoCount > 0) {
    if (!options.eventGridWebhookUrl) log.info({ demoCalls: demoCount }, 'demo traffic waits for an Event Grid webhook (setEventGridWebhook)');
    demo = new DemoTraffic({
      count: demoCount,
      ringTimeoutMs,
      speedFactor,
      controller,
      incoming,
      eventGrid: subscription,
      scenarios,
      log: log.child({ part: 'demo' }),
    });
    demo.start();
  }

  log.info({ url: baseUrl, scenarios: scenarios.ids.length, demoCalls: demo ? demoCount : 0, speedFactor }, 'ACS emulator listening');

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    connectionString: `endpoint=${baseUrl}/;accesskey=${accessKey}`,
    jwksUrl: `${baseUrl}/calling/keys`,
    openIdConfigUrl: `${baseUrl}/calling/.well-known/acsopenidconfiguration`,
    issuer,
    audience,
    calls: {
      list: () => registry.all().map((call) => registry.snapshot(call)),
      get: (id) => {
        const call = registry.find(id);
        return call ? registry.snapshot(call) : undefined;
      },
      active: () =>
        registry
          .all()
          .filter((call) => call.state !== 'disconnected')
          .map((call) => registry.snapshot(call)),
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    placeIncomingCall(request = {}) {
      const scenario = request.scenarioId === undefined ? scenarios.next() : scenarios.byId(request.scenarioId);
      if (!scenario) throw new Error(`unknown scenario ${request.scenarioId ?? ''}; known: ${scenarios.ids.join(', ')}`);
      const ringing = incoming.place(scenario, request.ringTimeoutMs ?? ringTimeoutMs);
      subscription.publishIncomingCall(ringing);
      return {
        incomingCallContext: ringing.incomingCallContext,
        serverCallId: ringing.serverCallId,
        correlationId: ringing.correlationId,
        from: ringing.from,
        to: ringing.to,
        scenarioId: scenario.id,
      };
    },
    eventGridState: () => subscription.subscriptionState,
    setEventGridWebhook(url) {
      if (!/^https?:$/.test(safeProtocol(url))) throw new TypeError('the Event Grid webhook must be an http(s) URL');
      subscription.setWebhook(url);
    },
    deliveryStats: () => ({ ...dispatcher.stats }),
    demoStats: () => (demo ? { ...demo.stats } : undefined),
    whenDeliveriesIdle: () => dispatcher.whenIdle(),
    close() {
      closing ??= (async () => {
        demo?.close();
        subscription.close();
        controller.close();
        incoming.close();
        dispatcher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        log.info('ACS emulator stopped');
      })();
      return closing;
    },
  };
}

/** The path for a log line: participant raw ids are phone numbers, so they stay out of logs. */
function routeForLog(path: string): string {
  return path.replace(/\/participants\/[^/]+/, '/participants/{rawId}').slice(0, 160);
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/**
 * The raw body, or undefined when it exceeds the limit (the HMAC covers raw bytes, so nothing may re-encode them).
 * An oversized body is still read to its end, so the 413 reaches a client that is still sending.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
