/**
 * Closes the SDK 1.6.0 gap: its serializer drops the preview transcription fields (sentiment analysis, PII
 * redaction, candidate locales, summarization). This pipeline policy runs before the HMAC signing policy and
 * adds them, with the preview api-version, to the requests that asked for them, so the signature covers the
 * new body. Delete this file when an installable SDK sends these fields itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const PREVIEW_API_VERSION = '2025-08-15-preview';

export interface PreviewTranscriptionFields {
  enableSentimentAnalysis?: boolean;
  piiRedactionOptions?: { enable: boolean; redactionType: 'maskWithCharacter' };
  /** Candidate locales for language identification (createCall / answer / connect / startTranscription). */
  locales?: string[];
  summarizationOptions?: { enableEndCallSummary?: boolean; locale?: string };
}

const scope = new AsyncLocalStorage<PreviewTranscriptionFields>();

/** Runs an SDK call so that its request carries these preview fields. */
export function withPreviewFields<T>(fields: PreviewTranscriptionFields | undefined, call: () => Promise<T>): Promise<T> {
  if (!fields || Object.values(fields).every((value) => value === undefined)) return call();
  return scope.run(fields, call);
}

/** Where each operation takes the fields: inside `transcriptionOptions` for call setup, at the top level otherwise. */
function placement(pathname: string): 'transcriptionOptions' | 'start' | 'update' | null {
  if (/\/calling\/callConnections(:answer|:connect)?$/.test(pathname)) return 'transcriptionOptions';
  if (pathname.endsWith(':startTranscription')) return 'start';
  if (pathname.endsWith(':updateTranscription')) return 'update';
  return null;
}

export const previewTranscriptionPolicy: PipelinePolicy = {
  name: 'earshotPreviewTranscriptionPolicy',
  async sendRequest(request, next) {
    const fields = scope.getStore();
    const url = new URL(request.url);
    const where = fields ? placement(url.pathname) : null;
    if (!fields || !where || typeof request.body !== 'string') return next(request);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    const { locales, ...rest } = fields;
    if (where === 'transcriptionOptions') {
      const options = body.transcriptionOptions;
      if (typeof options !== 'object' || options === null) return next(request);
      Object.assign(options, rest, locales ? { locales } : {});
    } else {
      // The preview UpdateTranscriptionRequest has no `locales`.
      Object.assign(body, rest, where === 'start' && locales ? { locales } : {});
    }
    request.body = JSON.stringify(body);
    url.searchParams.set('api-version', PREVIEW_API_VERSION);
    request.url = url.toString();
    return next(request);
  },
};

/**
 * The SDK's transcription methods drop per-call request options, so a hung ACS would hang them forever;
 * this gives every request a deadline.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'earshotRequestTimeoutPolicy',
    sendRequest(request, next) {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  };
}
