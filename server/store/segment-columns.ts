/** A final segment as a row (without its dedup key): shared by every store. */
import type { FinalSegment } from '../../lib/protocol';
import type { NewFinal } from '../domain/call-record';

export function segmentToRow(segment: FinalSegment) {
  return {
    call_id: segment.callId,
    seq: segment.seq,
    utterance_id: segment.utteranceId,
    speaker_raw_id: segment.speaker.rawId,
    speaker_kind: segment.speaker.kind,
    speaker_label: segment.speaker.label,
    text: segment.text,
    offset_ms: segment.offsetMs,
    duration_ms: segment.durationMs,
    confidence: segment.confidence,
    words_json: JSON.stringify(segment.words),
    sentiment: segment.sentiment,
    language: segment.language,
    pii_masked: segment.piiMasked ? 1 : 0,
    received_at: segment.receivedAt,
  };
}

/** The columns of a new final's row with its key, in the order of `SegmentInsertValues`. */
export const SEGMENT_INSERT_COLUMNS =
  'call_id, seq, utterance_id, speaker_raw_id, speaker_kind, speaker_label, text, offset_ms, duration_ms, confidence, words_json, sentiment, language, pii_masked, received_at, dedup_key';

/** A new final's row with its key, positionally in the order of SEGMENT_INSERT_COLUMNS (SQLite's staging insert). */
export type SegmentInsertValues = [
  callId: string,
  seq: number,
  utteranceId: string,
  speakerRawId: string,
  speakerKind: string,
  speakerLabel: string,
  text: string,
  offsetMs: number,
  durationMs: number,
  confidence: number | null,
  wordsJson: string,
  sentiment: string | null,
  language: string | null,
  piiMasked: 0 | 1,
  receivedAt: number,
  dedupKey: string,
];

export function segmentInsertValues(final: NewFinal, seq: number): SegmentInsertValues {
  return [
    final.callId,
    seq,
    final.utteranceId,
    final.speaker.rawId,
    final.speaker.kind,
    final.speaker.label,
    final.text,
    final.offsetMs,
    final.durationMs,
    final.confidence,
    JSON.stringify(final.words),
    final.sentiment,
    final.language,
    final.piiMasked ? 1 : 0,
    final.receivedAt,
    final.dedupKey,
  ];
}

/**
 * The segment a new final became, numbered: its fields one by one (a rest-and-spread copy of a dozen fields, for
 * every stored final, cost more than the row's own insert bindings).
 */
export function storedSegment(final: NewFinal, seq: number): FinalSegment {
  return {
    callId: final.callId,
    utteranceId: final.utteranceId,
    speaker: final.speaker,
    text: final.text,
    offsetMs: final.offsetMs,
    durationMs: final.durationMs,
    confidence: final.confidence,
    words: final.words,
    sentiment: final.sentiment,
    language: final.language,
    piiMasked: final.piiMasked,
    receivedAt: final.receivedAt,
    status: 'final',
    seq,
  };
}
