/**
 * engine.io's WebSocket server (`wsEngine`), with each browser connection's writes gathered per event-loop turn.
 *
 * A supervisor watching hundreds of calls receives thousands of small frames a second. ws writes every frame with
 * its own syscall, and on a busy instance those syscalls were the largest single cost of the whole pipeline (a
 * quarter of the CPU at 6,000 packets a second, `npm run bench`). Corking the connection's socket on its first
 * write of a turn and uncorking it once the turn's I/O is done (setImmediate runs right after the poll phase) sends
 * the same frames, in the same order, with one writev. A frame waits at most for the rest of the turn it was
 * emitted in. engine.io holds a connection's later packets until its write completes; those it then sends (from
 * the write's callback) go out in a second writev of the same turn.
 *
 * Written here because neither ws nor engine.io offers it: ws has no option to batch frames, and engine.io hands
 * every packet to ws separately. The net socket's own cork/uncork does the batching; this only decides when.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export class CoalescingWebSocketServer extends WebSocketServer {
  override handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, callback: (client: WebSocket, request: IncomingMessage) => void): void {
    // Only once the handshake succeeded: a refused upgrade writes its answer and closes straight away.
    super.handleUpgrade(request, socket, head, (client, upgradeRequest) => {
      coalesceWrites(socket);
      callback(client, upgradeRequest);
    });
  }
}

/** Holds every write to `socket` made during one event-loop turn and sends them together when the turn's I/O ends. */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  let releasing = false;
  const release = () => {
    corked = false;
    // A socket that ended or was destroyed meanwhile has already dropped or flushed what it held.
    if (socket.writableCorked === 0) return;
    releasing = true;
    socket.uncork();
    // The write's callbacks run on the next ticks, and engine.io sends what it held back meanwhile from them. Those
    // frames go out in this turn too (see below) instead of waiting a whole turn more; this tick comes after them.
    process.nextTick(() => {
      releasing = false;
    });
  };
  socket.write = ((...args: unknown[]) => {
    if (!corked && !socket.destroyed && socket.writable) {
      corked = true;
      socket.cork();
      if (releasing) process.nextTick(release);
      else setImmediate(release);
    }
    return write(...args);
  }) as Duplex['write'];
}
