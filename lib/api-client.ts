/**
 * The browser's one way to call Earshot's JSON HTTP API: send a request, read the `Result` envelope, check the data
 * against a schema. Every failure (an error envelope, a body that is not one, data this page does not understand,
 * the network) comes back as a typed `ApiError`, never as a throw, so a page can always show a code and a message.
 * A 400's error keeps its `fields` (one message per invalid field), which forms show next to each field.
 */
import { z } from 'zod';
import type { ApiError, FieldIssue, Result } from './protocol';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const FieldIssueSchema = z.object({ path: z.string(), message: z.string() }) satisfies z.ZodType<FieldIssue>;
const RowIssueSchema = z.object({ line: z.number(), message: z.string() });
const ApiErrorSchema = z.object({ code: z.string().min(1), message: z.string(), fields: z.array(FieldIssueSchema).optional(), rows: z.array(RowIssueSchema).optional() });
const ErrorEnvelopeSchema = z.object({ ok: z.literal(false), error: ApiErrorSchema });
const SuccessEnvelopeSchema = z.object({ ok: z.literal(true), data: z.unknown() });

const browserFetch: FetchLike = (input, init) => fetch(input, init);

/** Reads a response body as a `Result`; anything else becomes an error that still says what happened. */
export function parseResultBody<T>(status: number, body: unknown, dataSchema: z.ZodType<T>): Result<T> {
  const failure = ErrorEnvelopeSchema.safeParse(body);
  if (failure.success) {
    const { code, message, fields, rows } = failure.data.error;
    const error: ApiError = { code, message, ...(fields !== undefined ? { fields } : {}), ...(rows !== undefined ? { rows } : {}) };
    return { ok: false, error };
  }
  const success = SuccessEnvelopeSchema.safeParse(body);
  if (success.success && status >= 200 && status < 300) {
    const data = dataSchema.safeParse(success.data.data);
    if (data.success) return { ok: true, data: data.data };
    return { ok: false, error: { code: 'bad_response', message: 'Earshot answered with data this page does not understand. Reload the page.' } };
  }
  return { ok: false, error: { code: `http_${status}`, message: `Earshot answered HTTP ${status} without an error description.` } };
}

/** Sends `body` as JSON (none when undefined) and reads the answer as a `Result` whose data `dataSchema` checks. */
export async function requestJson<T>(method: HttpMethod, url: string, body: unknown, dataSchema: z.ZodType<T>, fetchImpl: FetchLike = browserFetch): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: { code: 'network_error', message: 'Earshot could not be reached. Check the connection and try again.' } };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  return parseResultBody(response.status, json, dataSchema);
}
