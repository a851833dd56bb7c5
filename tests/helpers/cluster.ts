/**
 * Two Earshot instances — each the whole app as `npm start` runs it — on one fresh PostgreSQL database and one
 * Redis key prefix, behind a load balancer, with an in-process emulator as their shared ACS. Used by the
 * two-instance integration test and the Playwright spec across instances.
 */
import { randomBytes } from 'node:crypto';
import { startAcsEmulator, type AcsEmulator } from '../../server/acs-emulator/emulator';
import { loadScenarios } from '../../server/acs-emulator/scenarios/load-scenarios';
import { openPostgresCallStore, type PostgresCallStore } from '../../server/store/postgres-call-store';
import { startLoadBalancer, type LoadBalancer } from './load-balancer';
import { startNextServer, type NextServer } from './next-server';
import { createTestDatabase, REDIS_URL, testRedisPrefix } from './services';

export interface Cluster {
  a: NextServer;
  b: NextServer;
  balancer: LoadBalancer;
  emulator: AcsEmulator;
  /** The shared database, for checking what was stored. */
  store: PostgresCallStore;
  close(): Promise<void>;
}

export async function startCluster(options: { scenarioIds: string[]; speedFactor?: number; env?: Record<string, string> }): Promise<Cluster> {
  const database = await createTestDatabase();
  const redis = await testRedisPrefix();
  const scenarios = loadScenarios().filter((scenario) => options.scenarioIds.includes(scenario.id));
  const emulator = await startAcsEmulator({ scenarios, speedFactor: options.speedFactor ?? 6, hangUpWhenScenarioEnds: false, callbackRetry: { initialDelayMs: 100 } });
  // The instances' URLs are known once they listen; until then the balancer has nobody to send to.
  const balancer = await startLoadBalancer([]);
  const secret = randomBytes(18).toString('base64url');
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: redis.prefix,
    PUBLIC_BASE_URL: balancer.url,
    ACS_CONNECTION_STRING: emulator.connectionString,
    ACS_JWT_AUDIENCE: emulator.audience,
    ACS_JWT_ISSUER: emulator.issuer,
    ACS_JWKS_URL: emulator.jwksUrl,
    ACS_TRUST_DEV_KEY: 'false',
    EVENT_GRID_SECRET: secret,
    STREAM_RECONNECT_GRACE_SECONDS: '3',
    CALL_LIST_INTERVAL_MS: '200',
    ...options.env,
  };
  const [a, b] = await Promise.all([startNextServer({ env }), startNextServer({ env })]);
  balancer.backends.push({ name: 'A', url: a.url }, { name: 'B', url: b.url });
  emulator.setEventGridWebhook(`${balancer.url}/api/acs/incoming-call?secret=${secret}`);
  const store = await openPostgresCallStore(database.url);
  return {
    a,
    b,
    balancer,
    emulator,
    store,
    async close() {
      await Promise.allSettled([a.close(), b.close()]);
      await store.close();
      await balancer.close();
      await emulator.close();
      await database.drop();
      await redis.cleanup();
    },
  };
}
