/**
 * ACS TranscriptionData → Earshot segment fields. This is where ACS shapes stop: ticks become milliseconds,
 * `resultStatus` becomes `status`, `participantRawID` becomes a labelled speaker.
 */
import { ticksToMs, type TranscriptionData, type TranscriptionMetadata } from '../../lib/acs/transcription-packets';
import type { LineContext, NormalizedLine, StreamMetadata } from '../domain/transcript-line';

export type { NormalizedLine } from '../domain/transcript-line';
import { speakerFromRawId } from '../domain/speaker';


const PII_MASK = /\*/;

export function normalizeTranscriptionData(
  data: TranscriptionData,
  context: LineContext,
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

/** ACS's TranscriptionMetadata → what Earshot keeps of it (the older preview name of the model id included). */
export function normalizeMetadata(metadata: TranscriptionMetadata): StreamMetadata {
  const model = metadata.speechModelEndpointId ?? metadata.speechRecognitionModelEndpointId;
  return {
    ...(metadata.locale !== undefined ? { locale: metadata.locale } : {}),
    ...(metadata.correlationId !== undefined ? { correlationId: metadata.correlationId } : {}),
    ...(metadata.subscriptionId !== undefined ? { subscriptionId: metadata.subscriptionId } : {}),
    ...(metadata.locales != null ? { locales: metadata.locales } : {}),
    ...(metadata.enableSentimentAnalysis != null ? { sentimentAnalysis: metadata.enableSentimentAnalysis } : {}),
    ...(metadata.piiRedactionOptions ? { piiRedaction: { enabled: metadata.piiRedactionOptions.enable ?? false, redactionType: metadata.piiRedactionOptions.redactionType ?? null } } : {}),
    ...(model != null ? { speechModelEndpointId: model } : {}),
  };
}
