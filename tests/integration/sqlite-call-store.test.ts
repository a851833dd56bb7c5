import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { describeSearchContract } from '../helpers/search-contract';
import { describeCallStoreContract } from '../helpers/store-contract';

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
