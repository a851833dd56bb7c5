/**
 * Transcription settings of a call, resolved from the request bodies that set them: the call-setup
 * `transcriptionOptions`, then `:startTranscription` and `:updateTranscription`. Validates locales against the
 * supported list and applies the GA/preview split: preview fields count only on a preview api-version (ACS ignores
 * properties its api-version does not define; the emulator also logs a warning, because that is a classic cause of
 * "my sentiment never shows up").
 */
import type { Logger } from 'pino';
import { acsErrors } from './acs-errors';
import type {
  StartTranscriptionRequest,
  SummarizeCallRequest,
  TranscriptionOptionsBody,
  UpdateTranscriptionRequest,
} from './request-schemas';
import { canonicalLocale, DEFAULT_LOCALE, MAX_CANDIDATE_LOCALES, SUPPORTED_LOCALES, type SupportedLocale } from './supported-locales';

export interface SummarizationSettings {
  enableEndCallSummary: boolean;
  locale: SupportedLocale | undefined;
}

export interface TranscriptionSettings {
  transportUrl: string | undefined;
  locale: SupportedLocale;
  /** Language identification candidates (preview `locales`); empty when off. */
  candidateLocales: SupportedLocale[];
  enableIntermediateResults: boolean;
  speechModelEndpointId: string | undefined;
  piiRedaction: boolean;
  sentimentAnalysis: boolean;
  summarization: SummarizationSettings | undefined;
}

const API_VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;
/** The first preview api-version with sentiment, PII redaction, language identification and summaries. */
const FIRST_AI_PREVIEW = '2025-08-15';

export function isValidApiVersion(version: string): boolean {
  return API_VERSION_PATTERN.test(version);
}

export function isAiPreviewApiVersion(version: string): boolean {
  const match = API_VERSION_PATTERN.exec(version);
  return match !== null && match[2] !== undefined && (match[1] ?? '') >= FIRST_AI_PREVIEW;
}

export function requireLocale(locale: string, field: string): SupportedLocale {
  const canonical = canonicalLocale(locale);
  if (!canonical) {
    throw acsErrors.invalidRequest(`${field}: locale '${locale.slice(0, 35)}' is not supported. Supported locales: ${SUPPORTED_LOCALES.join(', ')}.`);
  }
  return canonical;
}

function requireCandidates(locales: readonly string[]): SupportedLocale[] {
  if (locales.length > MAX_CANDIDATE_LOCALES) throw acsErrors.invalidRequest(`locales: at most ${MAX_CANDIDATE_LOCALES} candidate locales.`);
  const canonical = locales.map((locale, index) => requireLocale(locale, `locales[${index}]`));
  return [...new Set(canonical)];
}

function summarization(options: { enableEndCallSummary?: boolean; locale?: string }): SummarizationSettings {
  return {
    enableEndCallSummary: options.enableEndCallSummary === true,
    locale: options.locale === undefined ? undefined : requireLocale(options.locale, 'summarizationOptions.locale'),
  };
}

interface PreviewFields {
  piiRedactionOptions?: { enable?: boolean };
  enableSentimentAnalysis?: boolean;
  locales?: string[];
  summarizationOptions?: { enableEndCallSummary?: boolean; locale?: string };
}

/** Drops preview fields on a GA api-version (with a warning naming them); returns what counts. */
function previewFields(body: PreviewFields, preview: boolean, log: Logger, operation: string): PreviewFields {
  if (preview) return body;
  const present = (['piiRedactionOptions', 'enableSentimentAnalysis', 'locales', 'summarizationOptions'] as const).filter(
    (field) => body[field] !== undefined,
  );
  if (present.length > 0) {
    log.warn({ operation, ignored: present }, 'preview transcription fields ignored: they need api-version 2025-08-15-preview');
  }
  return {};
}

/** Settings from call-setup `transcriptionOptions` (createCall, answerCall, connectCall). */
export function settingsFromSetup(
  options: TranscriptionOptionsBody,
  preview: boolean,
  log: Logger,
): { settings: TranscriptionSettings; startOnConnect: boolean } {
  const extra = previewFields(options, preview, log, 'transcriptionOptions');
  const locale = options.locale !== undefined ? requireLocale(options.locale, 'transcriptionOptions.locale') : undefined;
  const candidateLocales = extra.locales ? requireCandidates(extra.locales) : [];
  return {
    startOnConnect: options.startTranscription === true,
    settings: {
      transportUrl: options.transportUrl || undefined,
      locale: locale ?? candidateLocales[0] ?? DEFAULT_LOCALE,
      candidateLocales,
      enableIntermediateResults: options.enableIntermediateResults === true,
      speechModelEndpointId: options.speechModelEndpointId ?? options.speechRecognitionModelEndpointId,
      piiRedaction: extra.piiRedactionOptions?.enable === true,
      sentimentAnalysis: extra.enableSentimentAnalysis === true,
      summarization: extra.summarizationOptions ? summarization(extra.summarizationOptions) : undefined,
    },
  };
}

/** A call set up without transcriptionOptions: transcription is `disabled` until a start names nothing to stream to. */
export function unconfiguredSettings(): TranscriptionSettings {
  return {
    transportUrl: undefined,
    locale: DEFAULT_LOCALE,
    candidateLocales: [],
    enableIntermediateResults: false,
    speechModelEndpointId: undefined,
    piiRedaction: false,
    sentimentAnalysis: false,
    summarization: undefined,
  };
}

/** `:startTranscription` overrides the call's settings for the session it starts. */
export function applyStart(current: TranscriptionSettings, body: StartTranscriptionRequest, preview: boolean, log: Logger): TranscriptionSettings {
  const extra = previewFields(body, preview, log, 'startTranscription');
  const next: TranscriptionSettings = { ...current };
  if (body.locale !== undefined) next.locale = requireLocale(body.locale, 'locale');
  const model = body.speechModelEndpointId ?? body.speechRecognitionModelEndpointId;
  if (model !== undefined) next.speechModelEndpointId = model;
  if (extra.locales !== undefined) {
    next.candidateLocales = requireCandidates(extra.locales);
    if (body.locale === undefined && next.candidateLocales[0] !== undefined) next.locale = next.candidateLocales[0];
  }
  if (extra.piiRedactionOptions !== undefined) next.piiRedaction = extra.piiRedactionOptions.enable === true;
  if (extra.enableSentimentAnalysis !== undefined) next.sentimentAnalysis = extra.enableSentimentAnalysis;
  if (extra.summarizationOptions !== undefined) next.summarization = summarization(extra.summarizationOptions);
  return next;
}

/**
 * `:updateTranscription`. Setting a locale also turns language identification off: ACS documents update as the way
 * to "lock transcription to the specified language".
 */
export function applyUpdate(current: TranscriptionSettings, body: UpdateTranscriptionRequest, preview: boolean, log: Logger): TranscriptionSettings {
  const extra = previewFields(body, preview, log, 'updateTranscription');
  const next: TranscriptionSettings = { ...current };
  if (body.locale !== undefined) {
    next.locale = requireLocale(body.locale, 'locale');
    next.candidateLocales = [];
  }
  const model = body.speechModelEndpointId ?? body.speechRecognitionModelEndpointId;
  if (model !== undefined) next.speechModelEndpointId = model;
  if (extra.piiRedactionOptions !== undefined) next.piiRedaction = extra.piiRedactionOptions.enable === true;
  if (extra.enableSentimentAnalysis !== undefined) next.sentimentAnalysis = extra.enableSentimentAnalysis;
  if (extra.summarizationOptions !== undefined) next.summarization = summarization(extra.summarizationOptions);
  return next;
}

/** `:summarizeCall` may carry its own options; they also replace the call's (e.g. to turn the end-call summary on). */
export function applySummarize(current: TranscriptionSettings, body: SummarizeCallRequest): TranscriptionSettings {
  if (body.summarizationOptions === undefined) return current;
  return { ...current, summarization: summarization(body.summarizationOptions) };
}
