/**
 * Ends operations whose confirming event never came (see operations.ts `expireOverdue`): every few seconds, for
 * the calls this instance holds. Each one ended is written to the audit trail as `unconfirmed`.
 */
import { randomUUID } from 'node:crypto';
import type { PendingOperation } from '../../lib/protocol';
import type { Logger } from '../log';
import type { CallService } from './call-service';
import { expireOverdue, type OperationTimeouts } from './operations';

const SWEEP_INTERVAL_MS = 5_000;

export class OperationSweep {
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly deps: { calls: CallService; timeouts: OperationTimeouts; log: Logger; now: () => number; intervalMs?: number },
  ) {
    this.timer = setInterval(() => void this.sweep(), deps.intervalMs ?? SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let ended = 0;
    try {
      const now = this.deps.now();
      for (const record of this.deps.calls.callsWithPendingOperations()) {
        const overdue = record.pending.filter((operation) => now - operation.requestedAt >= this.deps.timeouts.timeoutMs(operation.action));
        if (overdue.length === 0) continue;
        // Audited first: a browser that sees the pending entry go has the entry that explains why.
        for (const operation of overdue) {
          this.deps.log.warn({ callId: record.callId, action: operation.action, operationContext: operation.operationContext }, 'ACS never confirmed an operation');
          await this.deps.calls.addAudit({
            id: randomUUID(),
            callId: record.callId,
            at: now,
            actor: 'earshot',
            action: operation.action,
            operationContext: operation.operationContext,
            outcome: 'unconfirmed',
            detail: 'no confirming event from ACS in time',
          });
        }
        const holder: { expired: PendingOperation[] } = { expired: [] };
        await this.deps.calls.updateCall(record.callId, (current) => {
          holder.expired = expireOverdue(current, now, this.deps.timeouts, this.deps.calls.hasOpenStream(current.callId));
        });
        ended += holder.expired.length;
      }
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not end overdue operations; trying again');
    } finally {
      this.running = false;
    }
    return ended;
  }

  close() {
    clearInterval(this.timer);
  }
}
