import { describe, expect, it } from 'vitest';
import { newCallRecord } from '../../server/domain/call-record';
import { openPostgresCallStore, type PostgresCallStore } from '../../server/store/postgres-call-store';
import { createTestDatabase, postgresReachable } from '../helpers/services';
import { describeCallTeamsContract } from '../helpers/call-teams-contract';
import { describeSearchContract } from '../helpers/search-contract';
import { describeCallStoreContract, newFinal } from '../helpers/store-contract';
import { describeCallHistoryContract } from '../helpers/store-history-contract';

const available = await postgresReachable();

describe.skipIf(!available)('PostgreSQL', () => {
  describeCallHistoryContract('PostgreSQL', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresCallStore(database.url);
    const count = async (text: string, value: string) => Number((await store.pool.query<{ n: string }>(text, [value])).rows[0]?.n ?? -1);
    return {
      store,
      async callRowCounts(callId) {
        const counts: Record<string, number> = {};
        const tables = await store.pool.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'call_id' AND table_name <> 'erasures'",
        );
        for (const { table_name: table } of tables.rows) counts[table] = await count(`SELECT count(*) AS n FROM "${table}" WHERE call_id = $1`, callId);
        counts.calls = await count('SELECT count(*) AS n FROM calls WHERE id = $1', callId);
        counts.alert_deliveries = await count("SELECT count(*) AS n FROM alert_deliveries WHERE alert_id = 'al-' || $1", callId);
        return counts;
      },
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });

  describeCallTeamsContract('PostgreSQL', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresCallStore(database.url);
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });

  describeCallStoreContract('PostgreSQL', async () => {
    const database = await createTestDatabase();
    const opened: PostgresCallStore[] = [await openPostgresCallStore(database.url)];
    const first = opened[0];
    if (!first) throw new Error('unreachable');
    return {
      store: first,
      async reopen() {
        const next = await openPostgresCallStore(database.url);
        opened.push(next);
        return next;
      },
      async corruptCall(callId, column, value) {
        await first.pool.query(`UPDATE calls SET ${column} = $1 WHERE id = $2`, [value, callId]);
      },
      async dispose() {
        for (const store of opened) await store.close();
        await database.drop();
      },
    };
  });

  describeSearchContract('PostgreSQL', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresCallStore(database.url);
    return {
      store,
      async execute(statement) {
        await store.pool.query(statement);
      },
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });

  it('numbers finals without a gap or a repeat when two instances write the same call at once', async () => {
    const database = await createTestDatabase();
    const [a, b] = await Promise.all([openPostgresCallStore(database.url), openPostgresCallStore(database.url)]);
    try {
      await a.ensureCall(newCallRecord('shared', 0, null));
      // Both instances get the same 200 lines (a stream that moved while the old one drained), in batches at once.
      const lines = Array.from({ length: 200 }, (_, index) => newFinal('shared', `line ${index}`, index * 100));
      const batches = (store: PostgresCallStore) => Array.from({ length: 20 }, (_, index) => store.appendFinals(lines.slice(index * 10, index * 10 + 10)));
      const results = await Promise.all([...batches(a), ...batches(b)]);
      expect(results.flat()).toHaveLength(200);
      const stored = await a.segmentsAfter('shared', 0, 1_000);
      expect(stored.map((segment) => segment.seq)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
      expect(new Set(stored.map((segment) => segment.text)).size).toBe(200);
      expect((await b.getCall('shared'))?.lastSeq).toBe(200);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
