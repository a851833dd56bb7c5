/**
 * "Since you last looked": each supervisor's last look at each call, kept in the store so it survives restarts and
 * follows them to any instance. A look starts when they open the call page and lasts until they leave it, so the
 * look that counts is the line the call had when they left; opening records one too, in case they never leave
 * cleanly (a crashed browser, a killed instance).
 */
import { CATCH_UP_ALERTS_LIMIT, type LastLook } from '../../lib/protocol';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';

export interface CallLooksDeps {
  store: Pick<CallStore, 'recordCallLook' | 'recordCallLooks' | 'listAlerts'>;
  now: () => number;
  log: Logger;
}

export class CallLooks {
  constructor(private readonly deps: CallLooksDeps) {}

  /** A supervisor opens a call that has `lastSeq` lines: what changed since their previous look (null the first time). */
  async open(username: string, callId: string, lastSeq: number): Promise<LastLook | null> {
    const previous = await this.record(username, callId, lastSeq);
    if (previous === null) return null;
    const alerts = await this.deps.store.listAlerts({ state: 'all', callId, limit: CATCH_UP_ALERTS_LIMIT });
    return { lookedAt: previous.lookedAt, lastSeq: previous.lastSeq, newAlerts: alerts.filter((alert) => alert.at > previous.lookedAt) };
  }

  /**
   * A supervisor leaves calls (closes a call page, or their connection drops with these calls open) having seen each
   * up to its `lastSeq`: the looks end together, in a few statements however many there are.
   */
  async leave(username: string, looks: readonly { callId: string; lastSeq: number }[]): Promise<void> {
    if (looks.length === 0) return;
    try {
      await this.deps.store.recordCallLooks(username, looks, this.deps.now());
    } catch (error) {
      this.deps.log.warn({ err: error, calls: looks.length }, 'could not record the looks of a supervisor who left');
    }
  }

  private async record(username: string, callId: string, lastSeq: number) {
    try {
      return await this.deps.store.recordCallLook({ username, callId, lastSeq, lookedAt: this.deps.now() });
    } catch (error) {
      // A call erased meanwhile, or one this instance has not written yet: the look is a convenience, not a record.
      this.deps.log.warn({ err: error, callId }, 'could not record a look at a call');
      return null;
    }
  }
}
