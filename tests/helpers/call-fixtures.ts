/** A live call as the browser receives it, for unit tests of the dashboard's pure state code. */
import type { CallDetail } from '../../lib/protocol';

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
