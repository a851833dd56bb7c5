/**
 * Which instance holds a call's transcript stream. ACS streams a call to one WebSocket; with several instances
 * behind a load balancer, that socket lands on one of them, and after a drop ACS may reconnect it to another. The
 * instance that holds it has a lease on the call in the store and renews it while the stream is open; it gives
 * the lease up when the stream closes. A call nobody holds a lease on, and that is not ended, lost its stream:
 * the orphan sweep (reconcile-calls.ts) ends it once the lease has run out and no stream came back.
 */
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';

export interface StreamLeasesOptions {
  store: Pick<CallStore, 'claimStream' | 'renewStreamLeases' | 'releaseStream'>;
  instanceId: string;
  leaseMs: number;
  /** The calls this instance holds an open stream for right now. */
  heldCallIds: () => string[];
  log: Logger;
  now: () => number;
}

export class StreamLeases {
  private readonly timer: NodeJS.Timeout;
  /** Claims that failed (the store was down): tried again at each renewal. */
  private readonly unclaimed = new Set<string>();

  constructor(private readonly options: StreamLeasesOptions) {
    this.timer = setInterval(() => void this.renew(), Math.max(50, options.leaseMs / 3));
    this.timer.unref();
  }

  get instanceId() {
    return this.options.instanceId;
  }

  async claim(callId: string): Promise<void> {
    try {
      await this.options.store.claimStream(callId, this.options.instanceId, this.options.now() + this.options.leaseMs);
      this.unclaimed.delete(callId);
    } catch (error) {
      this.unclaimed.add(callId);
      this.options.log.warn({ err: error, callId }, 'could not record the stream lease; retrying');
    }
  }

  /** True when this instance still held the call (no other instance took its stream meanwhile). */
  async release(callId: string): Promise<boolean> {
    this.unclaimed.delete(callId);
    try {
      return await this.options.store.releaseStream(callId, this.options.instanceId);
    } catch (error) {
      // Unknown: act as the owner, which is what a single instance is.
      this.options.log.warn({ err: error, callId }, 'could not release the stream lease');
      return true;
    }
  }

  private async renew() {
    const held = this.options.heldCallIds();
    for (const callId of [...this.unclaimed]) if (held.includes(callId)) await this.claim(callId);
    try {
      await this.options.store.renewStreamLeases(this.options.instanceId, this.options.now() + this.options.leaseMs);
    } catch (error) {
      this.options.log.warn({ err: error, streams: held.length }, 'could not renew stream leases');
    }
  }

  close() {
    clearInterval(this.timer);
  }
}
