import { describe, expect, it } from 'vitest';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { describeCallTeamsContract } from '../helpers/call-teams-contract';
import { describeSearchContract } from '../helpers/search-contract';
import { describeCallStoreContract } from '../helpers/store-contract';
import { describeCallHistoryContract } from '../helpers/store-history-contract';

describeCallStoreContract('SQLite', async () => {
  const path = tempDatabasePath();
  const opened: SqliteCallStore[] = [await openSqliteCallStore(path)];
  const first = opened[0];
  if (!first) throw new Error('unreachable');
  return {
    store: first,
    async reopen() {
      const next = await openSqliteCallStore(path);
      opened.push(next);
      return next;
    },
    async corruptCall(callId, column, value) {
      first.sqlite.prepare(`UPDATE calls SET ${column} = ? WHERE id = ?`).run(value, callId);
    },
    async dispose() {
      for (const store of opened) await store.close();
    },
  };
});

describeCallHistoryContract('SQLite', async () => {
  const store = await openSqliteCallStore(tempDatabasePath());
  return {
    store,
    async callRowCounts(callId) {
      const counts: Record<string, number> = {};
      const tables = store.sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
      for (const { name } of tables) {
        // The erasure audit outlives the call on purpose.
        if (name === 'erasures') continue;
        const columns = store.sqlite.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((column) => column.name);
        if (columns.includes('call_id')) counts[name] = store.sqlite.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE call_id = ?`).get(callId)?.n ?? -1;
      }
      // Lines not yet moved out of the staging table (sqlite-line-staging.ts) are the call's lines all the same.
      for (const name of Object.keys(counts).filter((table) => table.startsWith('segments_staged_'))) {
        counts.segments = (counts.segments ?? 0) + (counts[name] ?? 0);
        delete counts[name];
      }
      counts.calls = store.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM calls WHERE id = ?').get(callId)?.n ?? -1;
      counts.alert_deliveries = store.sqlite.prepare<[string], { n: number }>("SELECT count(*) AS n FROM alert_deliveries WHERE alert_id = 'al-' || ?").get(callId)?.n ?? -1;
      return counts;
    },
    dispose: () => store.close(),
  };
});

describeSearchContract('SQLite', async () => {
  const store = await openSqliteCallStore(tempDatabasePath());
  return {
    store,
    async execute(statement) {
      store.sqlite.prepare(statement).run();
    },
    dispose: () => store.close(),
  };
});

describeCallTeamsContract('SQLite', async () => {
  const store = await openSqliteCallStore(tempDatabasePath());
  return { store, dispose: () => store.close() };
});

describe('SQLite query plans', () => {
  it("reads one call's open alerts through (call_id, state), not by walking every open alert", async () => {
    const store = await openSqliteCallStore(tempDatabasePath());
    try {
      // The statement listAlerts runs for a call's attention count, as Kysely compiles it.
      const plan = store.sqlite
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM alerts WHERE state = 'open' AND call_id = 'call-1' ORDER BY at DESC, id DESC LIMIT 50`)
        .all()
        .map((step) => step.detail);
      expect(plan[0]).toBe('SEARCH alerts USING INDEX alerts_by_call_state_at (call_id=? AND state=?)');
      // When each rule last fired on a call (read once per call): through the same index, by call.
      const lastFired = store.sqlite
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT rule_id, max(at) AS last_at FROM alerts WHERE call_id = 'call-1' GROUP BY rule_id`)
        .all()
        .map((step) => step.detail);
      expect(lastFired[0]).toBe('SEARCH alerts USING INDEX alerts_by_call_state_at (call_id=?)');
    } finally {
      await store.close();
    }
  });
});
