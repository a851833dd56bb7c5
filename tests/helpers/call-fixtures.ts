/** Calls as the browser receives them, for unit tests of the dashboard's pure state code. */
import type { CallDetail, CallListRow } from '../../lib/protocol';

export function callDetail(overrides: Partial<CallDetail> = {}): CallDetail {
  return {
    callId: 'call-1',
    state: 'connected',
    transcription: 'active',
    startedAt: 0,
    endedAt: null,
    participants: [],
    locale: 'en-US',
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    health: { stream: 'connected', streamSince: 0, lastPacketAt: null, lastFinalAt: null },
    updatedAt: 1,
    metadata: { correlationId: null, subscriptionId: null, locales: ['en-US', 'es-ES'], sentimentAnalysis: true, piiRedaction: null, speechModelEndpointId: null },
    ingest: { accepted: 0, rejected: {} },
    pending: [],
    lastError: null,
    ...overrides,
  };
}

/** A call-list row, live by default (an ended one: `{ state: 'disconnected', endedAt, … }`). */
export function callListRow(callId: string, overrides: Partial<CallListRow> = {}): CallListRow {
  return {
    callId,
    state: 'connected',
    transcription: 'active',
    startedAt: 1_000,
    endedAt: null,
    participants: [],
    participantCount: 0,
    locale: 'en-US',
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    health: { stream: 'connected', streamSince: 1_000, lastPacketAt: null, lastFinalAt: null },
    transcriptionFailure: null,
    attention: { score: 0, reasons: [] },
    updatedAt: 1_000,
    teamIds: ['unassigned'],
    ...overrides,
  };
}
