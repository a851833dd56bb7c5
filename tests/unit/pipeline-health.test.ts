/** What the dashboard says about a call's transcript pipeline, at each state and age. */
import { describe, expect, it } from 'vitest';
import { formatSpan, NO_SPEECH_MS, NO_STREAM_MS, PACKET_STALE_MS, pipelineNotice, type PipelineSubject } from '../../lib/pipeline-health';

const T = 1_700_000_000_000;

function call(overrides: Partial<PipelineSubject> = {}, health: Partial<PipelineSubject['health']> = {}): PipelineSubject {
  return {
    state: 'connected',
    transcription: 'active',
    transcriptionFailure: null,
    ...overrides,
    health: { stream: 'connected', streamSince: T, lastPacketAt: T, lastFinalAt: T, ...health },
  };
}

describe('pipeline notices', () => {
  it('says nothing for a healthy call, an ended call, or before the clock is known', () => {
    expect(pipelineNotice(call(), T + 1_000)).toBeNull();
    expect(pipelineNotice(call({ state: 'disconnected' }, { stream: 'lost' }), T + 60_000)).toBeNull();
    expect(pipelineNotice(call({}, { stream: 'lost' }), 0)).toBeNull();
  });

  it('names ACS’s failure code first', () => {
    expect(pipelineNotice(call({ transcription: 'failed', transcriptionFailure: { code: '8581', message: 'x' } }), T)).toEqual({ kind: 'transcription-failed', tone: 'critical', text: 'Transcription failed · 8581' });
    expect(pipelineNotice(call({ transcription: 'failed' }), T)?.text).toBe('Transcription failed');
  });

  it('a lost stream is critical, a reconnecting one a warning, each with how long', () => {
    expect(pipelineNotice(call({}, { stream: 'lost', streamSince: T }), T + 150_000)).toEqual({ kind: 'stream-lost', tone: 'critical', text: 'Stream lost 2 min' });
    expect(pipelineNotice(call({}, { stream: 'reconnecting', streamSince: T }), T + 4_000)).toEqual({ kind: 'stream-reconnecting', tone: 'warning', text: 'Stream reconnecting 4 s' });
  });

  it('transcription running with no stream is a warning once it has waited long enough', () => {
    const waiting = call({ transcription: 'starting' }, { stream: 'none', streamSince: T, lastPacketAt: null, lastFinalAt: null });
    expect(pipelineNotice(waiting, T + NO_STREAM_MS - 1)).toBeNull();
    expect(pipelineNotice(waiting, T + NO_STREAM_MS)?.kind).toBe('no-stream');
    expect(pipelineNotice(call({ transcription: 'stopped' }, { stream: 'closed' }), T + 600_000)).toBeNull();
    expect(pipelineNotice(call({ transcription: 'inactive' }, { stream: 'none' }), T + 600_000)).toBeNull();
  });

  it('a connected stream with no packets has stalled; with packets but no final line, nobody is speaking', () => {
    expect(pipelineNotice(call({}, { lastPacketAt: T, lastFinalAt: T }), T + PACKET_STALE_MS - 1)).toBeNull();
    expect(pipelineNotice(call({}, { lastPacketAt: T, lastFinalAt: T }), T + PACKET_STALE_MS)).toMatchObject({ kind: 'stalled', text: 'No packets 15 s' });
    expect(pipelineNotice(call({}, { lastPacketAt: null, lastFinalAt: null }), T + PACKET_STALE_MS)?.kind).toBe('stalled');
    const quiet = call({}, { lastPacketAt: T + NO_SPEECH_MS, lastFinalAt: T });
    expect(pipelineNotice(quiet, T + NO_SPEECH_MS - 1)).toBeNull();
    expect(pipelineNotice(quiet, T + NO_SPEECH_MS)).toMatchObject({ kind: 'no-speech', text: 'No speech 30 s' });
    // A stream that reconnected counts from its reconnection, not from the last line before the gap.
    expect(pipelineNotice(call({}, { streamSince: T + 25_000, lastPacketAt: T + 31_000, lastFinalAt: T }), T + 31_000)).toBeNull();
  });

  it('formats spans coarsely', () => {
    expect([0, 59_999, 119_999, 120_000, 7_199_999, 7_200_000].map(formatSpan)).toEqual(['0 s', '59 s', '119 s', '2 min', '119 min', '2 h']);
  });
});
