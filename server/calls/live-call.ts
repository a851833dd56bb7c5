/**
 * One call's in-memory state on this instance: the stored record plus what is only live (intermediate
 * results, open streams, ingest counters). Every change is O(1): nothing here grows with call length.
 */
import { randomUUID } from 'node:crypto';
import type { TranscriptionMetadata } from '../../lib/acs/transcription-packets';
import type { CallDetail, FinalSegment, InterimSegment } from '../../lib/protocol';
import { appendBounded, nextRollingSentiment, SENTIMENT_TREND_POINTS } from '../../lib/sentiment-score';
import type { NormalizedLine } from '../ingress/normalize-segment';
import type { CallRecord } from '../store/call-store';

export class LiveCall {
  readonly interims = new Map<string, InterimSegment>();
  /** Open utterance id per speaker: intermediate results and their final share it. */
  private readonly openUtterances = new Map<string, string>();
  readonly ingest: { accepted: number; rejected: Record<string, number> } = { accepted: 0, rejected: {} };
  openStreams = 0;
  lastActivityAt: number;

  constructor(
    public record: CallRecord,
    now: number,
  ) {
    this.lastActivityAt = now;
  }

  get callId() {
    return this.record.callId;
  }

  detail(): CallDetail {
    const { serverCallId: _serverCallId, lifecycleManaged: _managed, ...call } = this.record;
    return { ...call, participants: [...call.participants], pending: [...call.pending], ingest: { accepted: this.ingest.accepted, rejected: { ...this.ingest.rejected } } };
  }

  countRejected(reason: string) {
    this.ingest.rejected[reason] = (this.ingest.rejected[reason] ?? 0) + 1;
  }

  applyMetadata(metadata: TranscriptionMetadata, now: number) {
    const record = this.record;
    record.locale = metadata.locale ?? record.locale;
    record.metadata = {
      correlationId: metadata.correlationId ?? record.metadata.correlationId,
      subscriptionId: metadata.subscriptionId ?? record.metadata.subscriptionId,
      locales: metadata.locales ?? record.metadata.locales,
      sentimentAnalysis: metadata.enableSentimentAnalysis ?? record.metadata.sentimentAnalysis,
      piiRedaction: metadata.piiRedactionOptions
        ? { enabled: metadata.piiRedactionOptions.enable ?? false, redactionType: metadata.piiRedactionOptions.redactionType ?? null }
        : record.metadata.piiRedaction,
      speechModelEndpointId: metadata.speechModelEndpointId ?? metadata.speechRecognitionModelEndpointId ?? record.metadata.speechModelEndpointId,
    };
    record.updatedAt = now;
  }

  applyInterim(line: NormalizedLine, now: number): InterimSegment {
    const utteranceId = this.utteranceFor(line.speaker.rawId);
    const interim: InterimSegment = { ...segmentFields(this.callId, utteranceId, line, now), status: 'intermediate' };
    this.interims.set(line.speaker.rawId, interim);
    return interim;
  }

  applyFinal(line: NormalizedLine, now: number): FinalSegment {
    const utteranceId = this.utteranceFor(line.speaker.rawId);
    this.openUtterances.delete(line.speaker.rawId);
    this.interims.delete(line.speaker.rawId);
    const record = this.record;
    record.lastSeq += 1;
    const segment: FinalSegment = { ...segmentFields(this.callId, utteranceId, line, now), status: 'final', seq: record.lastSeq };
    if (!record.participants.some((participant) => participant.rawId === line.speaker.rawId)) {
      record.participants = [...record.participants, { ...line.speaker }];
    }
    if (line.sentiment !== null) {
      record.sentimentNow = nextRollingSentiment(record.sentimentNow, line.sentiment);
      record.sentimentTrend = appendBounded(record.sentimentTrend, record.sentimentNow, SENTIMENT_TREND_POINTS);
    }
    if (line.language !== null) record.detectedLanguage = line.language;
    if (line.piiMasked) record.piiLineCount += 1;
    record.lastLine = { speakerLabel: line.speaker.label, text: line.text, sentiment: line.sentiment, seq: segment.seq, piiMasked: line.piiMasked };
    record.updatedAt = now;
    return segment;
  }

  private utteranceFor(speakerRawId: string): string {
    let id = this.openUtterances.get(speakerRawId);
    if (id === undefined) {
      id = randomUUID();
      this.openUtterances.set(speakerRawId, id);
    }
    return id;
  }
}

function segmentFields(callId: string, utteranceId: string, line: NormalizedLine, receivedAt: number) {
  return {
    callId,
    utteranceId,
    speaker: line.speaker,
    text: line.text,
    offsetMs: line.offsetMs,
    durationMs: line.durationMs,
    confidence: line.confidence,
    words: line.words,
    sentiment: line.sentiment,
    language: line.language,
    piiMasked: line.piiMasked,
    receivedAt,
  };
}

export function newCallRecord(callId: string, now: number, correlationId: string | null): CallRecord {
  return {
    callId,
    serverCallId: null,
    lifecycleManaged: false,
    state: 'connected',
    transcription: 'active',
    startedAt: now,
    endedAt: null,
    participants: [],
    locale: null,
    detectedLanguage: null,
    sentimentNow: null,
    sentimentTrend: [],
    lastLine: null,
    lastSeq: 0,
    piiLineCount: 0,
    updatedAt: now,
    pending: [],
    lastError: null,
    metadata: {
      correlationId,
      subscriptionId: null,
      locales: [],
      sentimentAnalysis: null,
      piiRedaction: null,
      speechModelEndpointId: null,
    },
  };
}
