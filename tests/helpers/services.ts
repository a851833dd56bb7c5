/**
 * PostgreSQL and Redis for the tests that need them (they run on every development and CI machine). A suite whose
 * service is unreachable says so in one line and is skipped — unless EARSHOT_REQUIRE_SERVICES=1 (what .ci/run
 * sets), which makes that a failure, so CI always runs them. Each test run gets its own database or key prefix and
 * removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';

export const POSTGRES_ADMIN_URL = process.env.EARSHOT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.EARSHOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUIRED = process.env.EARSHOT_REQUIRE_SERVICES === '1';

async function reachable(name: string, url: string, probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (REQUIRED) throw new Error(`${name} at ${url} is required (EARSHOT_REQUIRE_SERVICES=1) but not reachable: ${reason}`);
    console.warn(`${name} at ${url} is not reachable (${reason}): skipping the tests that need it.`);
    return false;
  }
}

export function postgresReachable(): Promise<boolean> {
  return reachable('PostgreSQL', POSTGRES_ADMIN_URL, async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
  });
}

export function redisReachable(): Promise<boolean> {
  return reachable('Redis', REDIS_URL, async () => {
    const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    await client.quit();
  });
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database; drop() removes it even while connections are open. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `earshot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A key prefix of its own; cleanup() deletes every key under it (never FLUSHALL). */
export async function testRedisPrefix(): Promise<{ prefix: string; cleanup(): Promise<void> }> {
  const prefix = `earshot-test:${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async cleanup() {
      const client = createClient({ url: REDIS_URL });
      client.on('error', () => undefined);
      await client.connect();
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
        const batch = Array.isArray(keys) ? keys : [keys];
        if (batch.length > 0) await client.del(batch);
      }
      await client.quit();
    },
  };
}
