/**
 * A 12,000-line call exported from a real SQLite store: the lines are read a page at a time as the file is written
 * (never all at once), every format holds every line, and a live call's export stops at the lines it had when the
 * export began.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallExportSchema } from '../../lib/export/call-export-schema';
import { exportCall, EXPORT_FORMATS } from '../../lib/export/export-call';
import { LiveCall } from '../../server/calls/live-call';
import { newCallRecord } from '../../server/domain/call-record';
import { EXPORT_PAGE_LINES, loadExportSource, storedLines } from '../../server/export/export-source';
import { openSqliteCallStore, type SqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';
import { collect } from '../helpers/export-fixtures';
import { newFinal } from '../helpers/store-contract';

const LINE_COUNT = 12_000;
let store: SqliteCallStore | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function storeWithCall(): Promise<SqliteCallStore> {
  store = await openSqliteCallStore(tempDatabasePath());
  await store.ensureCall(newCallRecord('big', Date.UTC(2026, 11, 2), null));
  for (let start = 0; start < LINE_COUNT; start += 2_000) {
    await store.appendFinals(Array.from({ length: 2_000 }, (_, index) => newFinal('big', `line ${start + index + 1}, «ñ» 👋`, (start + index) * 1_000)));
  }
  return store;
}

describe('exporting a long call', () => {
  it('reads the lines page by page while writing, and every format holds all of them', async () => {
    const opened = await storeWithCall();
    const pages: number[] = [];
    const counting = { linesAfter: async (callId: string, afterSeq: number, limit: number) => {
      pages.push(afterSeq);
      return opened.linesAfter(callId, afterSeq, limit);
    } };
    let seen = 0;
    for await (const line of storedLines(counting, 'big', LINE_COUNT)) {
      seen += 1;
      // The page holding line n is read only once line n is wanted.
      expect(pages.length).toBe(Math.ceil(line.seq / EXPORT_PAGE_LINES));
    }
    expect(seen).toBe(LINE_COUNT);
    expect(pages).toEqual(Array.from({ length: LINE_COUNT / EXPORT_PAGE_LINES }, (_, index) => index * EXPORT_PAGE_LINES));

    const calls = { getCall: async (callId: string) => {
      const record = await opened.getCall(callId);
      return record ? new LiveCall(record, Date.now()).detail() : null;
    } };
    for (const format of EXPORT_FORMATS) {
      const source = await loadExportSource({ store: opened, calls }, 'big', 'sam', Date.now());
      if (source === null) throw new Error('no call');
      const text = await collect(exportCall(format, source));
      expect(text, format).toContain(`line ${LINE_COUNT}, «ñ» 👋`);
      if (format === 'json') expect(CallExportSchema.parse(JSON.parse(text)).segments).toHaveLength(LINE_COUNT);
      if (format === 'srt') expect(text.trimEnd().split('\n\n')).toHaveLength(LINE_COUNT);
    }
  }, 60_000);

  it('stops at the lines the call had when the export began', async () => {
    const opened = await storeWithCall();
    const lines = storedLines(opened, 'big', LINE_COUNT);
    await lines.next();
    await opened.appendFinals([newFinal('big', 'said during the export', 99_999_000)]);
    let count = 1;
    let last = 0;
    for await (const line of lines) {
      count += 1;
      last = line.seq;
    }
    expect({ count, last }).toEqual({ count: LINE_COUNT, last: LINE_COUNT });
    expect((await opened.getCall('big'))?.lastSeq).toBe(LINE_COUNT + 1);
  });
});
