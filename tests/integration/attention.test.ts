/**
 * The attention score kept by the call service over a real SQLite store, on a clock the test drives: negative
 * finals build a streak as they are stored, silence grows in steps on the once-a-second pass, open alerts lead,
 * and the call-list row carries the score and its reasons (also after a restart, from the stored signals).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallListRow, SentimentLabel } from '../../lib/protocol';
import type { Broadcaster } from '../../server/calls/broadcaster';
import { CallService } from '../../server/calls/call-service';
import { speakerFromRawId } from '../../server/domain/speaker';
import type { NormalizedLine } from '../../server/domain/transcript-line';
import { createLogger } from '../../server/log';
import type { CallStore } from '../../server/store/call-store';
import { openSqliteCallStore } from '../../server/store/sqlite-call-store';
import { tempDatabasePath } from '../helpers/earshot-harness';

let now = 1_700_000_000_000;
let databasePath: string;
let store: CallStore;
let calls: CallService;

const noop = () => undefined;
const broadcaster: Broadcaster = { segment: noop, interim: noop, callUpdated: noop, summary: noop, audit: noop, ringing: noop, callsChanged: noop };

async function open() {
  store = await openSqliteCallStore(databasePath);
  calls = new CallService({ store, broadcaster, log: createLogger('silent'), listIntervalMs: 3_600_000, now: () => now });
}

beforeEach(async () => {
  now = 1_700_000_000_000;
  databasePath = tempDatabasePath();
  await open();
});

afterEach(async () => {
  await calls.close();
  await store.close();
});

let offset = 0;
function line(sentiment: SentimentLabel): NormalizedLine {
  offset += 1_000;
  return { speaker: speakerFromRawId('4:+14255550100'), text: `a ${sentiment} line`, offsetMs: offset, durationMs: 500, confidence: 0.9, words: [], sentiment, language: null, piiMasked: false, isFinal: true };
}

async function row(callId: string): Promise<CallListRow | undefined> {
  return (await calls.callListRows()).rows.find((item) => item.callId === callId);
}

describe('attention', () => {
  it('a streak of negative lines, then silence, then an open alert, each named on the row', async () => {
    const callId = randomUUID();
    const call = await calls.attachStream(callId, null);
    for (const sentiment of ['negative', 'negative', 'negative'] as const) calls.ingestLine(call, line(sentiment));
    await calls.flushNow();
    expect((await row(callId))?.attention.reasons[0]).toMatchObject({ kind: 'negativeStreak', text: '3 negative in a row' });

    now += 61_000;
    calls.updateTimeSignals();
    await calls.flushNow();
    expect((await row(callId))?.attention.reasons.map((reason) => reason.text)).toContain('silent 60 s');

    await calls.noteOpenAlerts(callId, { critical: 1, warning: 0, info: 0, newestReason: 'said “cancel”' });
    const alerted = await row(callId);
    expect(alerted?.attention.reasons[0]).toMatchObject({ kind: 'alert', text: 'said “cancel”' });
    expect(alerted?.attention.score).toBeGreaterThanOrEqual(100);

    // A neutral line ends the streak and the silence; the alert stays until it is acknowledged.
    calls.ingestLine(call, line('neutral'));
    await calls.flushNow();
    expect((await row(callId))?.attention.reasons.map((reason) => reason.kind)).toEqual(['alert', 'sentiment']);
    await calls.noteOpenAlerts(callId, { critical: 0, warning: 0, info: 0, newestReason: null });
    expect((await row(callId))?.attention.reasons.map((reason) => reason.kind)).toEqual(['sentiment']);
  });

  it('the stored signals survive a restart', async () => {
    const callId = randomUUID();
    const call = await calls.attachStream(callId, null);
    for (const sentiment of ['negative', 'negative'] as const) calls.ingestLine(call, line(sentiment));
    await calls.flushNow();
    const before = (await store.getCall(callId))?.updatedAt ?? Number.POSITIVE_INFINITY;
    // Open alerts are set on the held call and written with its next row write: closing writes them.
    await calls.noteOpenAlerts(callId, { critical: 0, warning: 2, info: 0, newestReason: 'said “refund”' });
    await calls.close();
    await store.close();
    await open();
    const stored = await store.getCall(callId);
    expect(stored?.attentionSignals.negativeStreak).toBe(2);
    expect(stored?.attentionSignals.openAlerts).toEqual({ critical: 0, warning: 2, info: 0, newestReason: 'said “refund”' });
    expect(stored?.updatedAt).toBeGreaterThan(before);
    expect((await row(callId))?.attention.reasons.map((reason) => reason.text)).toContain('2 negative in a row');
  });
});
