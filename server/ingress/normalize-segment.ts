/**
 * ACS TranscriptionData → Earshot segment fields. This is where ACS shapes stop: ticks become milliseconds,
 * `resultStatus` becomes `status`, `participantRawID` becomes a labelled speaker.
 */
import { ticksToMs, type TranscriptionData } from '../../lib/acs/transcription-packets';
import type { SegmentWord, Speaker } from '../../lib/protocol';
import { speakerFromRawId } from '../domain/speaker';

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

export function normalizeTranscriptionData(
  data: TranscriptionData,
  context: { streamLocale: string | null; piiRedactionEnabled: boolean | null; speaker?: (rawId: string | undefined) => Speaker },
): NormalizedLine {
  return {
    speaker: (context.speaker ?? speakerFromRawId)(data.participantRawID),
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
