/**
 * Calls that are ringing: each has an opaque `incomingCallContext` (what the IncomingCall event carries and
 * answerCall / rejectCall / redirectCall send back), the scenario it will play, and a ring timeout after which it
 * can no longer be answered. Whoever placed the call (demo traffic, a test) learns the outcome from `outcome`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { acsErrors } from './acs-errors';
import type { Scenario } from './scenarios/scenario-schema';

export type IncomingCallOutcome =
  | { type: 'answered'; callConnectionId: string }
  | { type: 'rejected' }
  | { type: 'redirected' }
  | { type: 'expired' }
  | { type: 'cancelled' };

export interface IncomingCall {
  incomingCallContext: string;
  scenario: Scenario;
  serverCallId: string;
  correlationId: string;
  /** Raw ids: the caller (the scenario's customer) and the callee (its agent). */
  from: string;
  to: string;
  callerDisplayName: string;
  expiresAt: number;
  outcome: Promise<IncomingCallOutcome>;
}

interface Ringing {
  call: IncomingCall;
  settle: (outcome: IncomingCallOutcome) => void;
  timer: NodeJS.Timeout;
}

export class IncomingCallBook {
  private readonly ringing = new Map<string, Ringing>();

  /** Starts ringing. `ringTimeoutMs` is real time: it waits for the app, not for the simulated people. */
  place(scenario: Scenario, ringTimeoutMs: number): IncomingCall {
    const participants = Object.values(scenario.participants);
    const customer = participants.find((participant) => participant.role === 'customer') ?? participants[0];
    const agent = participants.find((participant) => participant.role === 'agent') ?? participants[1] ?? customer;
    if (!customer || !agent) throw new Error(`scenario ${scenario.id} has no participants`);
    let settle: (outcome: IncomingCallOutcome) => void = () => undefined;
    const outcome = new Promise<IncomingCallOutcome>((resolve) => {
      settle = resolve;
    });
    const call: IncomingCall = {
      incomingCallContext: randomBytes(48).toString('base64url'),
      scenario,
      serverCallId: newServerCallId(),
      correlationId: randomUUID(),
      from: customer.rawId,
      to: agent.rawId,
      callerDisplayName: customer.displayName,
      expiresAt: Date.now() + ringTimeoutMs,
      outcome,
    };
    const timer = setTimeout(() => this.finish(call.incomingCallContext, { type: 'expired' }), ringTimeoutMs);
    timer.unref();
    this.ringing.set(call.incomingCallContext, { call, settle, timer });
    return call;
  }

  /** The ringing call with this context; 400 when it is unknown, expired or already handled. */
  peek(incomingCallContext: string): IncomingCall {
    const entry = this.ringing.get(incomingCallContext);
    if (!entry || Date.now() > entry.call.expiresAt) {
      throw acsErrors.invalidRequest('incomingCallContext is not valid: the call is unknown, already handled, or no longer ringing.');
    }
    return entry.call;
  }

  /** Takes the call off the book with its outcome (answered, rejected, redirected). */
  settle(incomingCallContext: string, outcome: IncomingCallOutcome): IncomingCall {
    const call = this.peek(incomingCallContext);
    this.finish(incomingCallContext, outcome);
    return call;
  }

  private finish(incomingCallContext: string, outcome: IncomingCallOutcome): void {
    const entry = this.ringing.get(incomingCallContext);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.ringing.delete(incomingCallContext);
    entry.settle(outcome);
  }

  close(): void {
    for (const context of [...this.ringing.keys()]) this.finish(context, { type: 'cancelled' });
  }
}

/** Server call ids are long base64 strings in ACS (a URL-safe encoding of the conversation URL). */
export function newServerCallId(): string {
  return Buffer.from(`https://emulator.acs.local/conv/${randomUUID()}?i=${randomBytes(4).toString('hex')}`).toString('base64url');
}
