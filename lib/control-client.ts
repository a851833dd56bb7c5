/**
 * The browser's side of the call-control HTTP API: POST a JSON body, read the `Result` envelope. Every failure
 * (an error envelope, a body that is not one, the network) comes back as a typed `ApiError`, never as a throw,
 * so a control can always show a code and a message.
 */
import { z } from 'zod';
import { callApiPath } from './call-path';
import type { CallOperation } from './control-rules';
import type { ApiError, ControlAccepted, Result } from './protocol';

export const ControlAcceptedSchema = z.object({ callId: z.string().min(1), operationContext: z.string().min(1) }) satisfies z.ZodType<ControlAccepted>;

const ApiErrorSchema = z.object({ code: z.string().min(1), message: z.string() }) satisfies z.ZodType<ApiError>;
const ErrorEnvelopeSchema = z.object({ ok: z.literal(false), error: ApiErrorSchema });
const SuccessEnvelopeSchema = z.object({ ok: z.literal(true), data: z.unknown() });

export { CALL_OPERATIONS, type CallOperation } from './control-rules';

const OPERATION_PATHS: Record<CallOperation, string> = {
  'start-transcription': 'transcription/start',
  'stop-transcription': 'transcription/stop',
  'update-transcription': 'transcription/update',
  summarize: 'summarize',
  'hang-up': 'hang-up',
};

export function callOperationUrl(callId: string, operation: CallOperation): string {
  return callApiPath(callId, OPERATION_PATHS[operation]);
}

export const PLACE_CALL_URL = '/api/calls';

export function answerRingingUrl(ringingId: string): string {
  return `/api/calls/ringing/${encodeURIComponent(ringingId)}/answer`;
}
export const CONNECT_CALL_URL = '/api/calls/connect';

/** Reads a response body as a `Result`; anything else becomes an error that still says what happened. */
export function parseResultBody<T>(status: number, body: unknown, dataSchema: z.ZodType<T>): Result<T> {
  const failure = ErrorEnvelopeSchema.safeParse(body);
  if (failure.success) return { ok: false, error: failure.data.error };
  const success = SuccessEnvelopeSchema.safeParse(body);
  if (success.success && status >= 200 && status < 300) {
    const data = dataSchema.safeParse(success.data.data);
    if (data.success) return { ok: true, data: data.data };
    return { ok: false, error: { code: 'bad_response', message: 'Earshot answered with data this page does not understand. Reload the page.' } };
  }
  return { ok: false, error: { code: `http_${status}`, message: `Earshot answered HTTP ${status} without an error description.` } };
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export async function postJson<T>(url: string, body: unknown, dataSchema: z.ZodType<T>, fetchImpl: FetchLike = (input, init) => fetch(input, init)): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
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

export function postCallOperation(callId: string, operation: CallOperation, body: unknown, fetchImpl?: FetchLike): Promise<Result<ControlAccepted>> {
  return postJson(callOperationUrl(callId, operation), body, ControlAcceptedSchema, fetchImpl);
}
