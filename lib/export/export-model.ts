/**
 * What every export format reads: the call's header data and an async iterable of its final lines, so a call of
 * any length is written page by page as the store reads it (server/export/export-source.ts), never held whole.
 * The per-call download and a bulk exporter share this shape.
 */
import { z } from 'zod';
import { callTimeMs, nextOffsetOrigin } from '../format-time';
import type { Annotation, AuditEntry, CallDetail, CallSummaryRecord, FinalLine } from '../protocol';
import type { Alert } from '../rules';
import type { ExportedCall, ExportedSegment } from './call-export-schema';

export const EXPORT_FORMATS = ['json', 'csv', 'txt', 'vtt', 'srt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportFormatSchema = z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` });

export interface ExportSource {
  call: CallDetail;
  /** Oldest first. */
  summaries: readonly CallSummaryRecord[];
  /** Oldest first. */
  alerts: readonly Alert[];
  /** Oldest first. */
  annotations: readonly Annotation[];
  /** Oldest first. */
  audit: readonly AuditEntry[];
  /**
   * Every final line, ascending by seq. Lines, not segments: the per-word timings are left out, so nothing ACS may
   * have sent unmasked in them can reach an export; `text` carries the redaction (`*`).
   */
  segments: AsyncIterable<FinalLine>;
  exportedAt: number;
  exportedBy: string;
}

export function toExportedCall(call: CallDetail): ExportedCall {
  return {
    callId: call.callId,
    state: call.state,
    transcription: call.transcription,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    participants: call.participants.map(({ rawId, kind, label }) => ({ rawId, kind, label })),
    locale: call.locale,
    detectedLanguage: call.detectedLanguage,
    lineCount: call.lastSeq,
    piiLineCount: call.piiLineCount,
    correlationId: call.metadata.correlationId,
    locales: call.metadata.locales,
    piiRedaction: call.metadata.piiRedaction,
    sentimentAnalysis: call.metadata.sentimentAnalysis,
  };
}

export function toExportedSegment(line: FinalLine): ExportedSegment {
  return {
    seq: line.seq,
    utteranceId: line.utteranceId,
    speaker: { rawId: line.speaker.rawId, kind: line.speaker.kind, label: line.speaker.label },
    text: line.text,
    offsetMs: line.offsetMs,
    durationMs: line.durationMs,
    confidence: line.confidence,
    language: line.language,
    sentiment: line.sentiment,
    piiMasked: line.piiMasked,
    receivedAt: line.receivedAt,
  };
}

/** Line annotations by seq, each list oldest first (call notes, `seq` null, are not in it). */
export function annotationsBySeq(annotations: readonly Annotation[]): Map<number, Annotation[]> {
  const bySeq = new Map<number, Annotation[]>();
  for (const annotation of annotations) {
    if (annotation.seq === null) continue;
    const list = bySeq.get(annotation.seq) ?? [];
    list.push(annotation);
    bySeq.set(annotation.seq, list);
  }
  return bySeq;
}

/** A cue never shorter than this: ACS can send a zero (or, corrupted, negative) duration, and a player needs time to show it. */
export const MIN_CUE_MS = 500;

export interface CueTiming {
  startMs: number;
  endMs: number;
}

/**
 * Call time of each line in order, as the call page shows it (lib/format-time.ts): offsets as ACS sent them, or,
 * when implausibly large, relative to the first such offset. Stateful: feed it the lines ascending.
 */
export function cueTimeline(): (line: Pick<FinalLine, 'offsetMs' | 'durationMs'>) => CueTiming {
  let origin: number | null = null;
  return (line) => {
    origin = nextOffsetOrigin(origin, line.offsetMs);
    const startMs = Math.round(callTimeMs(line.offsetMs, origin));
    const durationMs = Number.isFinite(line.durationMs) ? line.durationMs : 0;
    return { startMs, endMs: startMs + Math.max(MIN_CUE_MS, Math.round(durationMs)) };
  };
}

/** `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT); hours grow past two digits rather than wrap. */
export function formatCueTime(ms: number, separator: '.' | ','): string {
  const whole = Math.max(0, Math.round(ms));
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = Math.floor((whole % 60_000) / 1000);
  const millis = whole % 1000;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${separator}${pad(millis, 3)}`;
}

/** A speaker label for one-line formats: line breaks and other control characters become spaces; never empty. */
export function oneLineLabel(label: string): string {
  const clean = label.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  return clean === '' ? 'Unknown speaker' : clean;
}

/** Text as non-empty lines: cue formats end a cue at a blank line, so a line break in the text must never make one. */
export function cueTextLines(text: string): string[] {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((part) => part.replace(/\p{Cc}+/gu, ' ').trim())
    .filter((part) => part !== '');
}
