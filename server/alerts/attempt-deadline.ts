/**
 * One webhook attempt's deadline: its timeout or the dispatcher's shutdown, whichever comes first. A timer and one
 * listener on the shutdown signal. `AbortSignal.any([shutdown, AbortSignal.timeout(ms)])` did the same with a new
 * signal graph and event targets per attempt, about a tenth of a millisecond each on our machines — per alert, on
 * the thread that ingests transcripts.
 */
export class AttemptDeadline {
  private done = false;
  private readonly handlers = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly shutdown: AbortSignal,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(this.expire, timeoutMs);
    if (shutdown.aborted) this.done = true;
    else shutdown.addEventListener('abort', this.expire, { once: true });
  }

  /** The timeout passed or the dispatcher is shutting down. */
  get passed(): boolean {
    return this.done;
  }

  /** Runs `handler` once when the deadline passes (at once if it has); the returned function cancels that. */
  onPass(handler: () => void): () => void {
    if (this.done) {
      handler();
      return () => undefined;
    }
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Settles `work`, or rejects when the deadline passes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.onPass(() => reject(new Error('deadline passed')));
      work.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error);
        },
      );
    });
  }

  /** The attempt is over: the timer and the listener go. */
  dispose(): void {
    clearTimeout(this.timer);
    this.shutdown.removeEventListener('abort', this.expire);
    this.handlers.clear();
  }

  private readonly expire = () => {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.shutdown.removeEventListener('abort', this.expire);
    for (const handler of [...this.handlers]) handler();
    this.handlers.clear();
  };
}
