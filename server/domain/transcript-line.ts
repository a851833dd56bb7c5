/**
 * What the transcript ingress hands the call pipeline: a line as heard (any ACS packet shape already turned into
 * this by server/ingress/normalize-segment.ts), and what a stream says about its transcription settings.
 */
import type { SegmentWord, Speaker } from '../../lib/protocol';

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

/** The stream's metadata; an absent field leaves what the call had. */
export interface StreamMetadata {
  locale?: string;
  correlationId?: string;
  subscriptionId?: string;
  locales?: string[];
  sentimentAnalysis?: boolean;
  piiRedaction?: { enabled: boolean; redactionType: string | null };
  speechModelEndpointId?: string;
}

/** What normalising a line needs to know about its call. */
export interface LineContext {
  streamLocale: string | null;
  piiRedactionEnabled: boolean | null;
  /** Cached speakers of the call (the default parses the raw id every time). */
  speaker?: (rawId: string | undefined) => Speaker;
}
