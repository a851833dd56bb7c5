/**
 * Finds ACS transcript sockets whose peer went away without closing (a half-open TCP connection): each socket is
 * pinged once per `intervalMs`, and one that has not answered the previous ping by its next turn is terminated.
 *
 * The pings are spread: a tick every `tickMs` pings only the sockets due, at most an even share of them per tick.
 * Pinging 2,000 sockets in one go held the ingress up for about 50 ms every 30 s (`npm run bench`), and streams
 * opened together (a restart, a load balancer moving them) would stay in step forever without the share.
 */
export interface HeartbeatSocket {
  ping(): void;
  terminate(): void;
}

export interface StreamHeartbeatOptions {
  intervalMs: number;
  tickMs: number;
  now: () => number;
}

export class StreamHeartbeat<Socket extends HeartbeatSocket> {
  /** When each socket was last pinged (or opened), and whether it answered since. */
  private readonly sockets = new Map<Socket, { pingedAt: number; answered: boolean }>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: StreamHeartbeatOptions) {
    this.timer = setInterval(() => this.tick(), options.tickMs);
    this.timer.unref();
  }

  /** A socket opened: its first ping is one interval from now. */
  add(socket: Socket) {
    this.sockets.set(socket, { pingedAt: this.options.now(), answered: true });
  }

  pong(socket: Socket) {
    const state = this.sockets.get(socket);
    if (state) state.answered = true;
  }

  remove(socket: Socket) {
    this.sockets.delete(socket);
  }

  get size() {
    return this.sockets.size;
  }

  /** Pings (or terminates) the sockets whose interval is up, at most an even share of all sockets per tick. */
  tick() {
    const now = this.options.now();
    const ticksPerInterval = Math.max(1, Math.floor(this.options.intervalMs / this.options.tickMs));
    let budget = Math.ceil(this.sockets.size / ticksPerInterval);
    for (const [socket, state] of this.sockets) {
      if (budget <= 0) break;
      if (now - state.pingedAt < this.options.intervalMs) continue;
      budget -= 1;
      if (!state.answered) {
        this.sockets.delete(socket);
        socket.terminate();
        continue;
      }
      state.answered = false;
      state.pingedAt = now;
      // Map order is insertion order: a socket just pinged goes to the end, so the next tick looks at the others first.
      this.sockets.delete(socket);
      this.sockets.set(socket, state);
      socket.ping();
    }
  }

  close() {
    clearInterval(this.timer);
  }
}
