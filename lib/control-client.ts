/**
 * The browser's side of the call-control HTTP API: POST a JSON body, read the `Result` envelope. Every failure
 * (an error envelope, a body that is not one, the network) comes back as a typed `ApiError`, never as a throw,
 * so a control can always show a code and a message.
 */
import { z } from 'zod';
import { callApiPath } from './call-path';
import type { CallOperation } from './control-rules';
import { parseResultBody, requestJson, type FetchLike } from './api-client';
import type { ControlAccepted, Result } from './protocol';

export const ControlAcceptedSchema = z.object({ callId: z.string().min(1), operationContext: z.string().min(1) }) satisfies z.ZodType<ControlAccepted>;


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

export { parseResultBody, type FetchLike };

export function postJson<T>(url: string, body: unknown, dataSchema: z.ZodType<T>, fetchImpl?: FetchLike): Promise<Result<T>> {
  return requestJson('POST', url, body, dataSchema, fetchImpl);
}

export function postCallOperation(callId: string, operation: CallOperation, body: unknown, fetchImpl?: FetchLike): Promise<Result<ControlAccepted>> {
  return postJson(callOperationUrl(callId, operation), body, ControlAcceptedSchema, fetchImpl);
}
