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
  store: Pick<CallStore, 'claimStream' | 'renewStreamLeases' | 'releaseStreams'>;
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
  /** The releases gathering for this turn's statement. */
  private releasing: { callIds: Set<string>; released: Promise<Set<string> | null> } | null = null;

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

  /**
   * True when this instance still held the call (no other instance took its stream meanwhile). The releases asked
   * for in one turn of the event loop go to the store together: when 2,000 streams dropped at once, a statement each
   * held the loop for half a second.
   */
  release(callId: string): Promise<boolean> {
    this.unclaimed.delete(callId);
    if (this.releasing === null) {
      const callIds = new Set<string>();
      const released = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.releasing = null;
        try {
          return new Set(await this.options.store.releaseStreams([...callIds], this.options.instanceId));
        } catch (error) {
          this.options.log.warn({ err: error, calls: callIds.size }, 'could not release stream leases');
          return null;
        }
      });
      this.releasing = { callIds, released };
    }
    this.releasing.callIds.add(callId);
    // Unknown (the store failed): act as the owner, which is what a single instance is.
    return this.releasing.released.then((released) => released === null || released.has(callId));
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
