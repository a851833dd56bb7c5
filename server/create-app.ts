/**
 * The Earshot server factory: storage, auth, the call pipeline, socket.io, the transcript ingress and the
 * upgrade dispatcher on one HTTP server. `server/index.ts` adds Next.js and the embedded emulator; tests call
 * this directly with their own configuration.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HealthReport, PublicHealthReport } from '../lib/protocol';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { AcsOperationError } from './acs/acs-operation-error';
import { AcsWebhooks } from './acs/acs-webhooks';
import { AcsCallAutomation } from './acs/call-automation';
import type { AlertSink } from './alerts/alert-sink';
import { AlertWebhooks, type AlertWebhookOptions } from './alerts/alert-webhooks';
import { CALLBACK_PATH, EVENT_GRID_PATH, serveWebhookWithoutNext } from './acs/webhook-routes';
import { SupervisorAuth } from './auth/supervisor-auth';
import { OidcSignIn } from './auth/oidc-sign-in';
import { newTransactionKey, TRANSACTION_KEY_NAME, transactionKeyBytes } from './auth/oidc-transaction';
import { CallControl } from './calls/call-control';
import { CallService } from './calls/call-service';
import { PeriodicSummaries } from './calls/periodic-summaries';
import { OperationSweep } from './calls/operation-sweep';
import { operationTimeouts } from './calls/operations';
import { OrphanSweep, reconcileOpenCalls } from './calls/reconcile-calls';
import { localClusterBus, socketIoClusterBus } from './cluster/cluster-bus';
import { connectRedis } from './cluster/redis';
import { RedisLoginLimiter } from './auth/redis-login-limiter';
import { RingingCalls } from './calls/ringing-calls';
import type { ServerConfig } from './config';
import { answerMalformedPath } from './http/malformed-path';
import { originRule } from './http/origin-policy';
import { gateRequest, type RequestGate } from './http/request-gate';
import { loadOrCreateDevSigningKey } from './ingress/dev-signing-key';
import { createAcsJwtVerifier } from './ingress/jwt-verifier';
import { INGRESS_PATH, TranscriptIngress } from './ingress/transcript-ingress';
import { RateLimitedLog, type Logger } from './log';
import { createEarshotMetrics, METRICS_PATH } from './metrics/earshot-metrics';
import { metricsAccess, metricsToken } from './metrics/metrics-access';
import { serveMetrics } from './metrics/metrics-route';
import { ProcessStats } from './process-stats';
import { SessionWatch } from './realtime/session-watch';
import { CallLooks } from './calls/call-looks';
import { createSocketServer, DEFAULT_SOCKET_LIMITS, registerSupervisorHandlers, socketBroadcaster, type EarshotIo, type SocketLimits } from './realtime/socket-server';
import { alertBroadcaster, registerAlertHandlers } from './realtime/alert-feed';
import { annotationBroadcaster } from './realtime/annotation-feed';
import { CallAnnotations } from './annotations/call-annotations';
import { BulkExports } from './export/bulk-exports';
import { CallExports } from './export/call-exports';
import { withAttention } from './rules/alert-attention';
import { RuleEngine } from './rules/rule-engine';
import { Triage } from './rules/triage';
import { setRuntime, type EarshotRuntime } from './runtime';
import { UserAdmin } from './auth/user-admin';
import { Directory } from './directory/directory';
import { DirectoryAdmin } from './directory/directory-admin';
import { namingBroadcaster } from './directory/naming';
import { relabelRinging } from '../lib/relabel';
import { CallHistoryService } from './history/call-history-service';
import { CallTeamResolver, visibleTeamIds } from './auth/call-visibility';
import { AccessChanges } from './auth/access-changes';
import { CallVisibility } from './auth/call-access';
import { SocketScopes } from './realtime/socket-scope';
import { RetentionSweep } from './history/retention-sweep';
import type { CallStore } from './store/call-store';
import { openPostgresCallStore } from './store/postgres-call-store';
import { openSqliteCallStore } from './store/sqlite-call-store';

export const APP_VERSION = '0.1.0';
const SESSION_PRUNE_INTERVAL_MS = 60 * 60_000;

export interface EarshotServerOptions {
  config: ServerConfig;
  log: Logger;
  /** Next's request handler; without it (tests) unknown paths get 404. */
  handleRequest?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Where ACS's (or the emulator's) JWKS lives when config does not name one. */
  defaultJwksUrl?: string;
  /** Audience of ACS JWTs when config does not name one. */
  defaultAudience?: string;
  /** Connection string of the ACS resource (or the embedded emulator) for call control; none disables it. */
  acsConnectionString?: string;
  /** The store to use; by default the SQLite file named in config. The server closes it on close(). */
  store?: CallStore;
  /** The clock; tests pass their own. */
  now?: () => number;
  /** How often sockets' sessions are looked up again (default 60 s; shorter in tests). */
  sessionCheckIntervalMs?: number;
  /** Per-socket bounds on call rooms and requests (defaults in server/realtime/socket-server.ts). */
  socketLimits?: Partial<SocketLimits>;
  /** Alert webhook tuning (retry schedule, poll interval, DNS); tests make it fast. */
  alertWebhooks?: Pick<AlertWebhookOptions, 'retry' | 'random' | 'pollIntervalMs' | 'leaseMs' | 'requestTimeoutMs' | 'maxConcurrent' | 'maxPending' | 'closeGraceMs' | 'resolve'>;
  /** Where raised alerts go besides the store and the browsers (webhook delivery), called after each is stored. */
  alertSinks?: AlertSink[];
  /** How often the rule engine checks time-based rules (silence, long calls); 0: never (tests tick by hand). */
  ruleTickMs?: number;
  /** How often the retention sweep runs after the one at start (default hourly; RETENTION_DAYS turns it on). */
  retentionSweepIntervalMs?: number;
}

export interface EarshotServer {
  url: string;
  port: number;
  httpServer: HttpServer;
  io: EarshotIo;
  calls: CallService;
  ingress: TranscriptIngress;
  auth: SupervisorAuth;
  store: CallStore;
  webhooks: AcsWebhooks;
  control: CallControl;
  ringing: RingingCalls;
  operationSweep: OperationSweep;
  /** Null when SUMMARY_INTERVAL_MINUTES is off. */
  periodicSummaries: PeriodicSummaries | null;
  orphans: OrphanSweep;
  /** Alert rules and alerts: the API's operations; `triage.engine` evaluates rules on this instance. */
  triage: Triage;
  rules: RuleEngine;
  /** This process among several instances (it marks stream leases and webhook delivery claims). */
  instanceId: string;
  /** Alert webhook delivery (an AlertSink) and its log. */
  alertWebhooks: AlertWebhooks;
  /** Where raised alerts go besides the store and the browsers: hand these to the rule engine. */
  alertSinks: AlertSink[];
  /** The filtered call history and erasure. */
  history: CallHistoryService;
  /** Who each ACS raw id is: names participants, and gives team scoping the directory's teams. */
  directory: Directory;
  /** Which calls each person sees (teams); `access.teamsChanged()` after the directory changes, say. */
  teams: CallTeamResolver;
  access: AccessChanges;
  /** Null unless RETENTION_DAYS is set. */
  retention: RetentionSweep | null;
  /** Settles when calls left open by a previous run have been checked (the number ended). */
  reconciled: Promise<number>;
  /** The URL to give an Event Grid subscription (or the emulator) for incoming calls; it carries the secret. */
  eventGridWebhookUrl: string;
  close(): Promise<void>;
}

export async function createEarshotServer(options: EarshotServerOptions): Promise<EarshotServer> {
  const { config, log } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const store = options.store ?? (await openConfiguredStore(config, log.child({ module: 'store' })));
  // Several instances share PostgreSQL and Redis: Redis carries socket.io rooms and messages between them.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, config.redisKeyPrefix, log.child({ module: 'redis' })) : null;
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const auth = new SupervisorAuth({
    store,
    sessionTtlMs: config.sessionTtlMs,
    log: log.child({ module: 'auth' }),
    now,
    ...(redis ? { limiter: new RedisLoginLimiter(redis.client, redis.prefix) } : {}),
  });
  await auth.bootstrap(config.supervisor);

  const audience = config.acsTrust.audience ?? options.defaultAudience;
  const jwksUrl = config.acsTrust.jwksUrl ?? options.defaultJwksUrl;
  if (audience === undefined) throw new Error('ACS_JWT_AUDIENCE is not set and no emulator provides one');
  const devKey = config.acsTrust.trustDevKey ? await loadOrCreateDevSigningKey(config.acsTrust.devKeyPath) : undefined;
  const jwksLog = log.child({ module: 'ingress' });
  const verify = createAcsJwtVerifier({
    issuer: config.acsTrust.issuer,
    audience,
    jwksUrl,
    devPublicJwk: devKey?.publicJwk,
    jwks: {
      maxStaleMs: config.acsTrust.jwksMaxStaleMs,
      now,
      onStatus: ({ ok, reason, staleForMs }) =>
        ok ? jwksLog.warn('ACS signing keys can be fetched again') : jwksLog.error({ reason, staleForMs }, 'could not fetch ACS signing keys; known keys keep verifying until they are too old'),
    },
  });

  const httpServer = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      // The path only: a query string can carry a secret (the Event Grid webhook's).
      log.error({ err: error, path: new URL(req.url ?? '/', 'http://placeholder').pathname }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server.' } }));
    });
  });
  const origins = originRule({ trustProxy: config.trustProxy, publicBaseUrl: config.publicBaseUrl, allowedOrigins: config.allowedOrigins });
  const io = createSocketServer(httpServer, { auth, origins, log: log.child({ module: 'io' }), adapter: redis?.adapter });
  const bus = redis ? socketIoClusterBus(io, instanceId, log.child({ module: 'cluster' })) : localClusterBus(instanceId);
  const sessions = new SessionWatch(io, auth, { checkIntervalMs: options.sessionCheckIntervalMs, log: log.child({ module: 'io' }) });
  // A session that ends on one instance ends in every instance's session cache too.
  const stopSessionNews = auth.onSessionEnded((tokenHash) => bus.publish({ type: 'session-ended', tokenHash }));
  const stopSessionListening = bus.subscribe((message) => {
    if (message.type === 'session-ended') auth.forgetSession(message.tokenHash);
  });
  const directory = new Directory({ store, bus, log: log.child({ module: 'directory' }) });
  await directory.start();
  // Each instance tells its own browsers, once its cache has the change (the change reaches it on the bus), each only
  // the names of people in calls it may see (socket-scope.ts).
  const stopDirectoryNews = directory.onChange(
    (labels) => void scopes?.sendDirectoryLabels(labels).catch((error: unknown) => log.warn({ err: error }, 'could not send the directory labels that changed')),
  );
  // Without a cross-instance adapter an empty local room means nobody listens anywhere (see socketBroadcaster).
  // Who sees which call (server/auth/call-visibility.ts): teams' patterns and the directory's teams, in memory.
  const teams = new CallTeamResolver({ loadTeams: () => store.listTeams(), extraTeamIdsFor: (rawIds) => directory.teamIdsOf(rawIds) });
  await teams.reload();
  // Ringing lists are per person; the socket scopes exist once the call service does (below).
  let scopes: SocketScopes | null = null;
  // Every broadcast names participants with the directory as it leaves.
  const broadcaster = namingBroadcaster(
    socketBroadcaster(io, {
      localRoomsOnly: redis === null,
      sendRinging: (list) => void scopes?.sendRinging(list, redis === null).catch((error: unknown) => log.warn({ err: error }, 'could not send the ringing calls')),
    }),
    directory.labelOf,
  );
  // Read at scrape time only, after listen(), by which time `ingress` exists.
  const metrics = createEarshotMetrics({
    instanceId,
    version: APP_VERSION,
    store: config.databaseUrl ? 'postgresql' : 'sqlite',
    cluster: redis ? 'redis' : 'single',
    ingress: () => ingress.metrics.snapshot(),
    storeHealth: () => calls.storeHealth(),
    browsers: () => io.of('/').sockets.size,
    alertWebhookQueue: () => alertWebhooks.queueDepth(),
  });
  // Call links in webhook bodies: PUBLIC_BASE_URL, else this server's own URL once it listens.
  let baseUrl = config.publicBaseUrl ?? '';
  const alertWebhooks = new AlertWebhooks({
    ...options.alertWebhooks,
    store,
    instanceId,
    log: log.child({ module: 'alert-webhooks' }),
    baseUrl: () => baseUrl,
    globalWebhook: config.alertWebhooks.url === undefined ? null : { url: config.alertWebhooks.url, format: config.alertWebhooks.format },
    secret: config.alertWebhooks.secret,
    allowPrivate: config.alertWebhooks.allowPrivate,
    version: APP_VERSION,
    metrics: metrics.alertWebhooks,
  });
  const alertSinks: AlertSink[] = [alertWebhooks];
  const scrapeToken = config.metricsToken === undefined ? null : metricsToken(config.metricsToken);
  const calls = new CallService({
    store,
    broadcaster,
    log: log.child({ module: 'calls' }),
    listIntervalMs: config.callListIntervalMs,
    maxBufferedFinals: config.maxBufferedFinals,
    bus,
    streamLeaseMs: config.streamReconnectGraceMs,
    now,
    metrics: metrics.calls,
    names: directory.labelOf,
    teams,
  });
  scopes = new SocketScopes(io, store, calls, log.child({ module: 'io' }));
  const access = new AccessChanges({ store, resolver: teams, bus, scopes, log: log.child({ module: 'access' }), teamsReloaded: () => calls.resendLiveRows() });
  // A participant joining or leaving can move a call between teams: sockets that have it open are checked again.
  const stopCallTeamNews = calls.onCallTeamsChanged((callIds) => void scopes?.recheckCalls(callIds));
  const ringingNamed = () => ringing.list().then((list) => list.map((call) => relabelRinging(call, directory.labelOf)));
  const slowConsumers = registerSupervisorHandlers(io, calls, ringingNamed, new CallLooks({ store, now, log: log.child({ module: 'looks' }) }), scopes, log.child({ module: 'io' }), { ...DEFAULT_SOCKET_LIMITS, ...options.socketLimits });
  const alerts = withAttention(alertBroadcaster(io, { localRoomsOnly: redis === null, teamsOfCall: (callId) => calls.teamsOfCall(callId), log: log.child({ module: 'io' }) }), {
    store,
    noteOpenAlerts: (callId, open) => calls.noteOpenAlerts(callId, open),
    log: log.child({ module: 'rules' }),
  });
  const rules = new RuleEngine({
    store,
    broadcaster: alerts,
    sinks: [...alertSinks, ...(options.alertSinks ?? [])],
    bus,
    heldCalls: () => calls.heldCalls(),
    log: log.child({ module: 'rules' }),
    now,
    tickMs: options.ruleTickMs,
  });
  const stopObserving = calls.observe(rules.observer);
  const triage = new Triage({ store, engine: rules, broadcaster: alerts, now, webhookPolicy: { allowPrivate: config.alertWebhooks.allowPrivate } });
  await triage.start();
  registerAlertHandlers(io, triage, scopes, log.child({ module: 'io' }), { ...DEFAULT_SOCKET_LIMITS, ...options.socketLimits });
  const annotations = new CallAnnotations({ store, broadcaster: annotationBroadcaster(io, { localRoomsOnly: redis === null }), now });
  const exports = new CallExports({ store, calls, now, log: log.child({ module: 'export' }) });
  const bulkExports = new BulkExports({ store, calls, now, log: log.child({ module: 'export' }) });
  const ingress = new TranscriptIngress({ calls, verify, log: log.child({ module: 'ingress' }), maxFrameBytes: config.ingressMaxFrameBytes });
  const eventGridSecret = config.acs.eventGridSecret ?? (await store.setValueIfAbsent('event-grid-secret', randomBytes(24).toString('base64url')));
  let acsClient: AcsCallAutomation | null = null;
  const acs = () => {
    if (!acsClient) throw new AcsOperationError('connect', 503, 'acs_not_configured', 'No ACS resource or emulator is configured.');
    return acsClient;
  };
  const control = new CallControl(calls, acs, { ...config.acs.defaultTranscription, startImmediately: true }, log.child({ module: 'control' }), now);
  const operationSweep = new OperationSweep({
    calls,
    timeouts: operationTimeouts(config.acs.operationTimeoutMs),
    log: log.child({ module: 'control' }),
    now,
    intervalMs: Math.min(5_000, config.acs.operationTimeoutMs / 4),
  });
  // Only with an ACS to ask (a real resource or the emulator): without one every request would fail.
  const periodicSummaries =
    config.acs.summaryIntervalMs > 0 && options.acsConnectionString
      ? new PeriodicSummaries({
          intervalMs: config.acs.summaryIntervalMs,
          streamedCalls: () => Array.from(calls.heldCalls(), (call) => call.record),
          summarize: (actor, callId) => control.summarize(actor, callId, {}),
          log: log.child({ module: 'control' }),
          now,
        })
      : null;
  const ringing = new RingingCalls({ store, control, broadcaster, autoAnswer: config.acs.autoAnswer, log: log.child({ module: 'acs' }) });
  const webhooks = new AcsWebhooks({
    calls,
    verify,
    eventGridSecret,
    onIncomingCall: (event) => ringing.incoming(event),
    processedEvents: store,
    log: log.child({ module: 'acs' }),
    now,
  });

  const processStats = new ProcessStats();
  // Requests are only served after listen(), by which time this exists.
  const health = (): HealthReport => {
    const storeHealth = calls.storeHealth();
    const problems = storeHealth.ok ? [] : [`store: ${storeHealth.reason ?? 'failing'}`];
    return {
      status: problems.length === 0 ? 'ok' : 'degraded',
      problems,
      version: APP_VERSION,
      uptimeSeconds: Math.round((now() - startedAt) / 1000),
      ingress: ingress.metrics.snapshot(),
      store: { ok: storeHealth.ok, reason: storeHealth.reason, failingSince: storeHealth.failingSince, bufferedFinals: storeHealth.bufferedFinals, maxBufferedFinals: storeHealth.maxBufferedFinals },
      browsers: io.of('/').sockets.size,
      process: processStats.snapshot(),
    };
  };

  const gate: RequestGate = { auth, trustProxy: config.trustProxy, origins, warnings: new RateLimitedLog(log.child({ module: 'http' })) };
  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const pathname = new URL(req.url ?? '/', 'http://placeholder').pathname;
    // Health is answered here, not by Next, so load balancers get it even while Next is busy or rebuilding.
    if (pathname === '/api/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      // Anyone (a load balancer) learns whether this instance serves; its counts, memory and version only whoever may
      // read /metrics (the same rule: the metrics token, or a loopback client without a proxy's headers).
      const report = health();
      const shown: HealthReport | PublicHealthReport =
        metricsAccess({ peerAddress: req.socket.remoteAddress, headers: req.headers }, scrapeToken) === 'allowed' ? report : { status: report.status };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(shown));
      return;
    }
    if (pathname === METRICS_PATH) {
      await serveMetrics(req, res, metrics, scrapeToken);
      return;
    }
    if (!(await gateRequest(req, res, gate))) return;
    if (answerMalformedPath(req, res)) return;
    if (options.handleRequest === undefined && (await serveWebhookWithoutNext(req, res, webhooks))) return;
    if (options.handleRequest) {
      options.handleRequest(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'Not found.' } }));
  }

  // One upgrade dispatcher: the ingress path to `ws`; /socket.io/ is engine.io's own listener; anything else is
  // left alone for Next's listener (dev HMR). Never throw or destroy here, or Next's listener never runs.
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (pathname === INGRESS_PATH) {
      ingress.handleUpgrade(req, socket, head).catch((error: unknown) => {
        log.error({ err: error }, 'transcript upgrade failed');
        socket.destroy();
      });
    }
  });

  const history = new CallHistoryService({ store, calls, log: log.child({ module: 'history' }), now });
  const retention =
    config.retentionDays === null
      ? null
      : new RetentionSweep({
          store,
          days: config.retentionDays,
          now,
          log: log.child({ module: 'retention' }),
          onDeleted: (callIds, storedTeams) => calls.callsDeleted(callIds, new Map(callIds.map((callId) => [callId, visibleTeamIds(storedTeams.get(callId) ?? [])]))),
          countDeleted: metrics.retentionDeleted,
          intervalMs: options.retentionSweepIntervalMs,
        });

  // The transaction cookie's key lives in the database, so every instance sharing it opens every instance's cookies.
  const oidc = config.oidc
    ? new OidcSignIn({
        config: config.oidc,
        store,
        auth,
        log: log.child({ module: 'sso' }),
        now,
        secureCookies: config.secureCookies,
        transactionKey: transactionKeyBytes(await store.setValueIfAbsent(TRANSACTION_KEY_NAME, newTransactionKey())),
        usersChanged: (usernames) => access.usersChanged(usernames),
      })
    : null;

  const runtime: EarshotRuntime = {
    auth,
    calls,
    webhooks,
    control,
    ringing,
    triage,
    acs,
    cookies: { secure: config.secureCookies, maxAgeSeconds: config.sessionTtlMs / 1000 },
    health: () => health(),
    alertWebhooks,
    annotations,
    exports,
    bulkExports,
    history,
    search: store,
    users: new UserAdmin({ store, auth, log: log.child({ module: 'users' }), now, access }),
    visibility: new CallVisibility(calls),
    signIn: { local: config.localLogin, oidc },
    directory,
    directoryAdmin: new DirectoryAdmin({ store, directory, log: log.child({ module: 'directory' }), now, teamsChanged: () => access.teamsChanged() }),
  };
  setRuntime(runtime);

  const pruneTimer = setInterval(() => void auth.pruneExpired().catch(() => undefined), SESSION_PRUNE_INTERVAL_MS);
  pruneTimer.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  const publicBaseUrl = config.publicBaseUrl ?? url;
  baseUrl = publicBaseUrl;
  alertWebhooks.start();
  if (options.acsConnectionString) {
    acsClient = new AcsCallAutomation({
      connectionString: options.acsConnectionString,
      callbackUrl: `${publicBaseUrl}${CALLBACK_PATH}`,
      transportUrl: `${publicBaseUrl.replace(/^http/, 'ws')}${INGRESS_PATH}`,
      cognitiveServicesEndpoint: config.acs.cognitiveServicesEndpoint,
      timeoutMs: config.acs.requestTimeoutMs,
      maxRetries: 2,
    });
  }

  const reconcileDeps = { store, calls, acs: acsClient ? acs : null, log, now };
  const reconciled = reconcileOpenCalls(reconcileDeps).catch((error: unknown) => {
    log.warn({ err: error }, 'could not reconcile calls after start');
    return 0;
  });
  const orphans = new OrphanSweep(reconcileDeps, Math.max(100, config.streamReconnectGraceMs / 2), config.streamReconnectGraceMs);

  return {
    url,
    port,
    httpServer,
    io,
    calls,
    ingress,
    auth,
    store,
    webhooks,
    control,
    ringing,
    operationSweep,
    periodicSummaries,
    orphans,
    triage,
    rules,
    instanceId,
    alertWebhooks,
    alertSinks,
    history,
    directory,
    teams,
    access,
    retention,
    reconciled,
    eventGridWebhookUrl: `${publicBaseUrl}${EVENT_GRID_PATH}?secret=${encodeURIComponent(eventGridSecret)}`,
    async close() {
      clearInterval(pruneTimer);
      processStats.close();
      sessions.close();
      auth.close();
      ringing.close();
      webhooks.close();
      operationSweep.close();
      periodicSummaries?.close();
      orphans.close();
      await retention?.close();
      access.close();
      stopSessionNews();
      stopSessionListening();
      stopDirectoryNews();
      stopCallTeamNews();
      directory.close();
      await reconciled;
      slowConsumers.close();
      await ingress.close();
      await calls.close();
      stopObserving();
      await rules.close();
      // After the pipeline (no alert is raised any more), before the store: cut attempts record themselves.
      await alertWebhooks.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await redis?.close();
      await store.close();
      setRuntime(undefined);
    },
  };
}

/** PostgreSQL when DATABASE_URL names one (several instances), else the embedded SQLite file. */
function openConfiguredStore(config: ServerConfig, log: Logger): Promise<CallStore> {
  return config.databaseUrl ? openPostgresCallStore(config.databaseUrl, { log }) : openSqliteCallStore(config.databasePath, { log });
}
