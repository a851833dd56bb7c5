/** A final segment as a row (without its dedup key): shared by every store. */
import type { FinalSegment } from '../../lib/protocol';

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
