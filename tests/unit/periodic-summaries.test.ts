/** When periodic summaries ask ACS, and when they do not, on a clock the test drives. */
import { describe, expect, it } from 'vitest';
import { PERIODIC_SUMMARY_ACTOR, PeriodicSummaries } from '../../server/calls/periodic-summaries';
import { newCallRecord, type CallRecord } from '../../server/domain/call-record';
import { createLogger } from '../../server/log';

const INTERVAL = 60_000;

function harness(calls: CallRecord[], failFor: Set<string> = new Set()) {
  let now = 1_000_000;
  const asked: string[] = [];
  const summaries = new PeriodicSummaries({
    intervalMs: INTERVAL,
    tickMs: 3_600_000, // the test drives tick() itself
    streamedCalls: () => calls,
    summarize: async (actor, callId) => {
      expect(actor).toBe(PERIODIC_SUMMARY_ACTOR);
      asked.push(callId);
      if (failFor.has(callId)) throw new Error('ACS unreachable');
    },
    log: createLogger('silent'),
    now: () => now,
  });
  return {
    asked,
    advance: async (ms: number) => {
      now += ms;
      await summaries.tick();
    },
    close: () => summaries.close(),
  };
}

function talkingCall(callId: string, lastSeq = 5): CallRecord {
  return { ...newCallRecord(callId, 0, null), state: 'connected', transcription: 'active', lastSeq };
}

describe('periodic summaries', () => {
  it('asks once per interval, from one interval after the call is first seen', async () => {
    const call = talkingCall('a');
    const run = harness([call]);
    await run.advance(0);
    await run.advance(INTERVAL - 1);
    expect(run.asked).toEqual([]);
    await run.advance(1);
    expect(run.asked).toEqual(['a']);
    call.lastSeq += 3;
    await run.advance(INTERVAL / 2);
    expect(run.asked).toEqual(['a']);
    await run.advance(INTERVAL / 2);
    expect(run.asked).toEqual(['a', 'a']);
    run.close();
  });

  it('does not ask again when the call said nothing new', async () => {
    const call = talkingCall('a');
    const run = harness([call]);
    await run.advance(0);
    await run.advance(INTERVAL);
    await run.advance(INTERVAL);
    await run.advance(INTERVAL);
    expect(run.asked).toEqual(['a']);
    call.lastSeq += 1;
    await run.advance(INTERVAL);
    expect(run.asked).toEqual(['a', 'a']);
    run.close();
  });

  it('does not ask while transcription is not running, a summary is pending, or the call is not connected', async () => {
    const stopped = { ...talkingCall('stopped'), transcription: 'stopped' as const };
    const pending = { ...talkingCall('pending'), pending: [{ action: 'summarize' as const, operationContext: 'x', requestedAt: 0, requestedBy: 'sam', locale: null }] };
    const connecting = { ...talkingCall('connecting'), state: 'connecting' as const };
    const ended = { ...talkingCall('ended'), state: 'disconnected' as const };
    const run = harness([stopped, pending, connecting, ended]);
    await run.advance(0);
    await run.advance(INTERVAL * 2);
    expect(run.asked).toEqual([]);
    run.close();
  });

  it('a failed request is retried at the next interval, after new lines', async () => {
    const call = talkingCall('a');
    const run = harness([call], new Set(['a']));
    await run.advance(0);
    await run.advance(INTERVAL);
    call.lastSeq += 1;
    await run.advance(INTERVAL);
    expect(run.asked).toEqual(['a', 'a']);
    run.close();
  });

  it('forgets calls whose stream left this instance, and starts over if it comes back', async () => {
    const calls = [talkingCall('a')];
    const run = harness(calls);
    await run.advance(0);
    calls.length = 0;
    await run.advance(INTERVAL);
    calls.push(talkingCall('a', 9));
    await run.advance(INTERVAL);
    expect(run.asked).toEqual([]);
    await run.advance(INTERVAL);
    expect(run.asked).toEqual(['a']);
    run.close();
  });
});
