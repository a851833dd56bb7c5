/** The shared body of every call-control route handler: who is asking, the JSON body, the result envelope. */
import { isControlError } from '../calls/call-control';
import type { ControlAccepted } from '../../lib/protocol';
import { getRuntime, type EarshotRuntime } from '../runtime';
import { jsonResult } from './json-result';
import { SUPERVISOR_HEADER } from './request-gate';

export async function runControl(
  request: Request,
  successStatus: 201 | 202,
  action: (runtime: EarshotRuntime, actor: string, body: unknown) => Promise<ControlAccepted>,
): Promise<Response> {
  const actor = request.headers.get(SUPERVISOR_HEADER);
  if (!actor) return jsonResult(401, { ok: false, error: { code: 'unauthorized', message: 'Log in first.' } });
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      return jsonResult(400, { ok: false, error: { code: 'invalid_request', message: 'The body is not valid JSON.' } });
    }
  }
  try {
    return jsonResult(successStatus, { ok: true, data: await action(getRuntime(), actor, body) });
  } catch (error) {
    if (isControlError(error)) return jsonResult(error.status, { ok: false, error: { code: error.code, message: error.message } });
    throw error;
  }
}
