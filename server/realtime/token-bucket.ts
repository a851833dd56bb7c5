/**
 * A token bucket: up to `burst` requests at once, then `perSecond` on average. Refilled lazily from the clock
 * when a token is asked for, so an idle bucket costs no timer and no work.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Takes one token; false when there is none left. */
  take(): boolean {
    const at = this.now();
    // max(0, …): a clock that steps back must not drain the bucket.
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, at - this.refilledAt) * this.perSecond) / 1000);
    this.refilledAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
