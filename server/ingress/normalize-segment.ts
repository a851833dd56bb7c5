/**
 * ACS TranscriptionData → Earshot segment fields. This is where ACS shapes stop: ticks become milliseconds,
 * `resultStatus` becomes `status`, `participantRawID` becomes a labelled speaker.
 */
import { createIdentifierFromRawId } from '@azure/communication-common';
import { ticksToMs, type TranscriptionData } from '../../lib/acs/transcription-packets';
import { SPEAKER_KINDS, type SegmentWord, type Speaker, type SpeakerKind } from '../../lib/protocol';
import { speakerLabel } from '../../lib/speaker-label';

export interface NormalizedLine {
  speaker: Speaker;
  text: string;
  isFinal: boolean;
  offsetMs: number;
  durationMs: number;
  confidence: number | null;
  words: SegmentWord[];
  sentiment: 'positive' | 'neutral' | 'negative' | 'mixed' | null;
  language: string | null;
  piiMasked: boolean;
}

const PII_MASK = /\*/;

export function speakerFromRawId(rawId: string | undefined): Speaker {
  if (rawId === undefined || rawId.trim() === '') return { rawId: 'unknown', kind: 'unknown', label: speakerLabel('unknown', '') };
  const identifier = createIdentifierFromRawId(rawId);
  const kind: SpeakerKind = (SPEAKER_KINDS as readonly string[]).includes(identifier.kind) ? (identifier.kind as SpeakerKind) : 'unknown';
  return { rawId, kind, label: speakerLabel(kind, rawId) };
}

export function normalizeTranscriptionData(
  data: TranscriptionData,
  context: { streamLocale: string | null; piiRedactionEnabled: boolean | null },
): NormalizedLine {
  return {
    speaker: speakerFromRawId(data.participantRawID),
    text: data.text,
    isFinal: data.resultStatus === 'final',
    offsetMs: ticksToMs(data.offset),
    durationMs: ticksToMs(data.duration ?? 0),
    confidence: data.confidence ?? null,
    words: (data.words ?? []).map((word) => ({
      text: word.text,
      offsetMs: ticksToMs(word.offset ?? 0),
      durationMs: ticksToMs(word.duration ?? 0),
    })),
    sentiment: data.sentimentAnalysisResult?.sentiment ?? null,
    language: data.languageIdentified ?? context.streamLocale,
    // ACS masks with `*`; when the stream said redaction is off, an asterisk is just an asterisk.
    piiMasked: context.piiRedactionEnabled !== false && PII_MASK.test(data.text),
  };
}
