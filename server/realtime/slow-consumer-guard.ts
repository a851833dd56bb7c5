/**
 * A browser that cannot keep up must not hold memory (or the ingress) hostage: sockets whose unsent buffer
 * keeps growing are disconnected. Their client reconnects and catches up from its last sequence number.
 */
import type { Logger } from '../log';

const CHECK_INTERVAL_MS = 2_000;
export const MAX_BUFFERED_PACKETS = 2_000;

export interface GuardedSocket {
  id: string;
  conn: object;
  disconnect(close: boolean): unknown;
}

/** engine.io keeps unsent packets in `writeBuffer` but types it private; there is no public size. */
export function bufferedPackets(socket: GuardedSocket): number {
  const buffer: unknown = Reflect.get(socket.conn, 'writeBuffer');
  return Array.isArray(buffer) ? buffer.length : 0;
}

export class SlowConsumerGuard {
  private readonly timer: NodeJS.Timeout;
  disconnected = 0;

  constructor(
    private readonly sockets: () => Iterable<GuardedSocket>,
    private readonly log: Logger,
    private readonly maxBuffered = MAX_BUFFERED_PACKETS,
  ) {
    this.timer = setInterval(() => this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  check() {
    for (const socket of this.sockets()) {
      const buffered = bufferedPackets(socket);
      if (buffered > this.maxBuffered) {
        this.disconnected += 1;
        this.log.warn({ socketId: socket.id, buffered }, 'disconnecting a browser that cannot keep up');
        socket.disconnect(true);
      }
    }
  }

  close() {
    clearInterval(this.timer);
  }
}
