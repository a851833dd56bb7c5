/**
 * Incoming calls. With auto-answer on, each one is answered at once; with it off, it rings on the dashboard
 * until a supervisor answers it or ACS's answer window closes. Ringing calls live in the store, so a supervisor
 * connected to any instance can answer a call that Event Grid delivered to another, and only one answer wins.
 */
import type { RingingCall } from '../../lib/protocol';
import { speakerFromRawId } from '../domain/speaker';
import type { Logger } from '../log';
import type { CallStore, RingingCallRecord } from '../store/call-store';
import type { Broadcaster } from './broadcaster';
import { checkAnswerRequest, isControlError, type CallControl } from './call-control';

/** ACS keeps an incoming call answerable for about 30 seconds. */
export const RING_TIMEOUT_MS = 30_000;
const SWEEP_INTERVAL_MS = 5_000;

export interface IncomingCallEvent {
  id: string;
  incomingCallContext: string;
  fromRawId: string | null;
  toRawId: string | null;
  callerDisplayName: string | null;
}

export class RingingCalls {
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly deps: { store: CallStore; control: CallControl; broadcaster: Broadcaster; autoAnswer: boolean; log: Logger; now?: () => number },
  ) {
    this.sweep = setInterval(() => void this.expire().catch(() => undefined), SWEEP_INTERVAL_MS);
    this.sweep.unref();
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async incoming(event: IncomingCallEvent): Promise<void> {
    if (this.deps.autoAnswer) {
      try {
        await this.deps.control.answerIncoming('auto-answer', event.incomingCallContext, event.fromRawId, {});
      } catch (error) {
        this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not answer an incoming call');
      }
      return;
    }
    const receivedAt = this.now();
    await this.deps.store.addRingingCall({ ...event, receivedAt, expiresAt: receivedAt + RING_TIMEOUT_MS });
    await this.publish();
  }

  async list(): Promise<RingingCall[]> {
    return (await this.deps.store.listRingingCalls(this.now())).map(toRingingCall);
  }

  /**
   * Answers a ringing call for `actor`; null when it no longer rings — or `mayAnswer` says it is not theirs to answer
   * (another team's call: it stays on the list for those who may, and the asker learns no more than "not ringing").
   */
  async answer(actor: string, id: string, body: unknown, mayAnswer: (call: RingingCall) => boolean = () => true) {
    // A body Earshot refuses must not cost the call: checked before it is taken off the ringing list.
    checkAnswerRequest(body);
    const waiting = (await this.deps.store.listRingingCalls(this.now())).find((record) => record.id === id);
    if (waiting === undefined || !mayAnswer(toRingingCall(waiting))) return null;
    const ringing = await this.deps.store.takeRingingCall(id);
    await this.publish();
    if (!ringing || ringing.expiresAt <= this.now()) return null;
    try {
      return await this.deps.control.answerIncoming(actor, ringing.incomingCallContext, ringing.fromRawId, body);
    } catch (error) {
      // ACS down, slow or overloaded must not cost the caller: the call rings again for the next try. A refusal
      // about the call itself (already answered, gone: other 4xx) leaves it off the list, where it could never work.
      if (isControlError(error) && answerMayWorkLater(error.status) && ringing.expiresAt > this.now()) {
        await this.ringAgain(ringing);
      }
      throw error;
    }
  }

  private async ringAgain(ringing: RingingCallRecord) {
    try {
      await this.deps.store.addRingingCall(ringing);
      await this.publish();
    } catch (error) {
      // The answer's own error is what the supervisor needs to see; this one is only logged.
      this.deps.log.warn({ err: error }, 'could not put an unanswered call back on the ringing list');
    }
  }

  close() {
    clearInterval(this.sweep);
  }

  private async expire() {
    if ((await this.deps.store.deleteExpiredRingingCalls(this.now())) > 0) await this.publish();
  }

  private async publish() {
    this.deps.broadcaster.ringing(await this.list());
  }
}

/** Timeouts, throttling, ACS's own failures and no ACS configured (503): the same answer may succeed later. */
function answerMayWorkLater(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function toRingingCall(record: RingingCallRecord): RingingCall {
  return {
    id: record.id,
    from: record.fromRawId ? speakerFromRawId(record.fromRawId) : null,
    to: record.toRawId ? speakerFromRawId(record.toRawId) : null,
    callerDisplayName: record.callerDisplayName,
    receivedAt: record.receivedAt,
    expiresAt: record.expiresAt,
  };
}
