/**
 * The call history behind `GET /api/calls?…`, erasure on request (`DELETE /api/calls/{id}`) and its audit
 * (`GET /api/erasures`). A deleted call is forgotten by the call pipeline and browsers watching it are told.
 */
import { randomUUID } from 'node:crypto';
import { parseCallHistoryQuery } from '../../lib/call-history-filter';
import { CallIdSchema } from '../../lib/call-id';
import { EraseCallBodySchema, ErasureListQuerySchema, type Erasure } from '../../lib/erasure';
import type { CallListRow, Result } from '../../lib/protocol';
import type { CallService } from '../calls/call-service';
import { relabelCall } from '../../lib/relabel';
import { scopeAllows, type TeamScope } from '../auth/call-visibility';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';

export interface HistoryAnswer<T> {
  status: number;
  result: Result<T>;
}

const ok = <T>(data: T): HistoryAnswer<T> => ({ status: 200, result: { ok: true, data } });
const refuse = <T>(status: number, code: string, message: string): HistoryAnswer<T> => ({ status, result: { ok: false, error: { code, message } } });

export interface CallHistoryServiceOptions {
  store: CallStore;
  calls: CallService;
  log: Logger;
  now: () => number;
}

export class CallHistoryService {
  constructor(private readonly options: CallHistoryServiceOptions) {}

  /** A page of calls matching the query parameters, newest first, as call-list rows. */
  async listPage(params: URLSearchParams, scope: TeamScope): Promise<HistoryAnswer<{ calls: CallListRow[]; nextCursor: string | null }>> {
    const parsed = parseCallHistoryQuery(params);
    if (!parsed.ok) return refuse(400, 'invalid_request', parsed.message);
    const { filter, limit, cursor } = parsed.query;
    const after = cursor === null ? null : decodeHistoryCursor(filter.state, cursor);
    if (cursor !== null && after === null) return refuse(400, 'invalid_request', 'cursor is not one this list gave out (use nextCursor as given, with the same state).');
    const page = await this.options.store.listCallPage({ filter, after, limit, scope });
    return ok({ calls: page.calls.map((call) => relabelCall(this.options.calls.rowOf(call), this.options.calls.names)), nextCursor: page.next === null ? null : encodeHistoryCursor(filter.state, page.next) });
  }

  /** Erases one ended call and everything attached to it; a live call cannot be erased. */
  async erase(rawCallId: string, actor: string, scope: TeamScope, body: unknown): Promise<HistoryAnswer<{ erased: string }>> {
    const callId = CallIdSchema.safeParse(rawCallId);
    if (!callId.success) return refuse(400, 'invalid_request', 'A call id is 1 to 256 characters of well-formed Unicode.');
    const parsedBody = EraseCallBodySchema.safeParse(body);
    if (!parsedBody.success) return refuse(400, 'invalid_request', parsedBody.error.issues[0]?.message ?? 'The body may only carry a reason (text).');
    const reason = parsedBody.data.reason;
    const erasure: Erasure = { id: randomUUID(), callId: callId.data, actor, at: this.options.now(), reason: reason === undefined || reason === '' ? null : reason };
    // This instance's copy may be ahead of the store for a call it streams: a call live here is live.
    const current = await this.options.calls.getCall(erasure.callId);
    // A call outside the actor's teams does not exist for them (call-visibility.ts).
    if (current === null || !scopeAllows(scope, this.options.calls.visibleTeamsOf(current))) return refuse(404, 'not_found', `No call ${erasure.callId}.`);
    const teamIds = this.options.calls.visibleTeamsOf(current);
    if (current.state !== 'disconnected') return refuse(409, 'call_live', 'A live call cannot be erased; erase it once it has ended.');
    let outcome = await this.options.store.eraseCall(erasure);
    if (outcome === 'not_ended') {
      // It ended here a moment ago and the pipeline has not written that yet: write it, then erase.
      await this.options.calls.flushNow();
      outcome = await this.options.store.eraseCall(erasure);
    }
    switch (outcome) {
      case 'not_found':
        return refuse(404, 'not_found', `No call ${erasure.callId}.`);
      case 'not_ended':
        return refuse(409, 'call_live', 'A live call cannot be erased; erase it once it has ended.');
      case 'erased':
        this.options.calls.callsDeleted([erasure.callId], new Map([[erasure.callId, teamIds]]));
        // The call id and who: never the reason, which a person typed.
        this.options.log.info({ callId: erasure.callId, actor, erasureId: erasure.id }, 'erased a call on request');
        return ok({ erased: erasure.callId });
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown erasure outcome ${String(unreachable)}`);
      }
    }
  }

  async listErasures(params: URLSearchParams): Promise<HistoryAnswer<{ erasures: Erasure[] }>> {
    const parsed = ErasureListQuerySchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(400, 'invalid_request', issue?.code === 'unrecognized_keys' ? `Unknown parameter ${issue.keys[0] ?? ''}; use limit.` : (issue?.message ?? 'Invalid query.'));
    }
    return ok({ erasures: await this.options.store.listErasures(parsed.data.limit) });
  }
}
