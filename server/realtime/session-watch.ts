/**
 * Sessions end for sockets too, not only at the handshake. Every socket joins a room named after its session's
 * token hash (never the token). A logout sends `session:ended` to that room and disconnects it through the
 * adapter, so with a cross-instance adapter (Redis) every instance's sockets of that session go. Each instance
 * also ends its own sockets when their session expires, and re-checks its sessions in the store periodically,
 * which catches sessions revoked by another instance or straight in the database.
 */
import type { SessionEndReason } from '../../lib/protocol';
import type { SupervisorAuth } from '../auth/supervisor-auth';
import type { Logger } from '../log';
import type { EarshotIo, EarshotSocket } from './socket-server';

export const SESSION_CHECK_INTERVAL_MS = 60_000;
/** setTimeout's largest delay; sessions may live 30 days, so longer waits are done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const sessionRoom = (tokenHash: string) => `session:${tokenHash}` as const;

interface LocalSession {
  expiresAt: number;
  sockets: Set<string>;
  timer: NodeJS.Timeout;
}

export interface SessionWatchOptions {
  log: Logger;
  /** How often each session with sockets here is looked up again in the store. */
  checkIntervalMs?: number;
}

export class SessionWatch {
  /** Sessions with at least one socket on this instance. */
  private readonly local = new Map<string, LocalSession>();
  private readonly checkTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly log: Logger;
  private checking = false;

  constructor(
    private readonly io: EarshotIo,
    private readonly auth: SupervisorAuth,
    options: SessionWatchOptions,
  ) {
    this.log = options.log;
    io.on('connection', (socket) => {
      this.track(socket).catch((error: unknown) => this.log.error({ err: error }, 'could not watch a socket session'));
    });
    this.unsubscribe = auth.onSessionEnded((tokenHash, reason) => this.end(tokenHash, reason, 'everywhere'));
    this.checkTimer = setInterval(() => void this.check(), options.checkIntervalMs ?? SESSION_CHECK_INTERVAL_MS);
    this.checkTimer.unref();
  }

  /** Sessions with sockets on this instance (for tests and health). */
  get sessions(): number {
    return this.local.size;
  }

  private async track(socket: EarshotSocket): Promise<void> {
    const { tokenHash, expiresAt } = socket.data.session;
    socket.on('disconnect', () => this.untrack(tokenHash, socket.id));
    await socket.join(sessionRoom(tokenHash));
    if (!socket.connected) return;
    const entry = this.local.get(tokenHash);
    if (entry) entry.sockets.add(socket.id);
    else this.local.set(tokenHash, { expiresAt, sockets: new Set([socket.id]), timer: this.expiryTimer(tokenHash, expiresAt) });
    // Looked up again after joining: a logout between the handshake's check and the join sent its disconnect to
    // a room this socket was not in yet, but it deleted the session first, so this lookup sees it gone.
    const session = await this.auth.findSession(tokenHash);
    if (session === null) this.end(tokenHash, this.reasonGone(expiresAt), 'local');
  }

  private untrack(tokenHash: string, socketId: string) {
    const entry = this.local.get(tokenHash);
    if (!entry) return;
    entry.sockets.delete(socketId);
    if (entry.sockets.size > 0) return;
    clearTimeout(entry.timer);
    this.local.delete(tokenHash);
  }

  /**
   * Tells the session's sockets why, then disconnects them. `everywhere` goes through the adapter to every
   * instance (a logout happens on one of them); `local` is for what each instance finds out by itself.
   */
  end(tokenHash: string, reason: SessionEndReason, scope: 'everywhere' | 'local') {
    const room = sessionRoom(tokenHash);
    const target = scope === 'everywhere' ? this.io.in(room) : this.io.local.in(room);
    const sockets = this.local.get(tokenHash)?.sockets.size ?? 0;
    target.emit('session:ended', { reason });
    target.disconnectSockets(true);
    if (sockets > 0) this.log.info({ reason, sockets }, 'session ended: disconnected its sockets');
  }

  /** Looks every session with sockets here up in the store again. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const [tokenHash, entry] of [...this.local]) {
        if (entry.expiresAt <= this.auth.now()) {
          this.end(tokenHash, 'expired', 'local');
          continue;
        }
        const session = await this.auth.findSession(tokenHash).catch((error: unknown) => {
          // A database hiccup must not log everyone out: try again next time.
          this.log.warn({ err: error }, 'could not re-check a session');
          return undefined;
        });
        if (session === null) this.end(tokenHash, this.reasonGone(entry.expiresAt), 'local');
        else if (session !== undefined) entry.expiresAt = session.expiresAt;
      }
    } finally {
      this.checking = false;
    }
  }

  close() {
    clearInterval(this.checkTimer);
    this.unsubscribe();
    for (const entry of this.local.values()) clearTimeout(entry.timer);
    this.local.clear();
  }

  private reasonGone(expiresAt: number): SessionEndReason {
    return expiresAt <= this.auth.now() ? 'expired' : 'revoked';
  }

  private expiryTimer(tokenHash: string, expiresAt: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const entry = this.local.get(tokenHash);
      if (!entry) return;
      if (entry.expiresAt <= this.auth.now()) this.end(tokenHash, 'expired', 'local');
      else entry.timer = this.expiryTimer(tokenHash, entry.expiresAt);
    }, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - this.auth.now())));
    timer.unref();
    return timer;
  }
}
