/**
 * socket.io for supervisors: an authenticated, typed channel with a call-list room and one room per call.
 * Broadcasts go through the adapter, so a Redis (or other) adapter makes them reach every instance.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  LIST_ALL_ROOM,
  listTeamRoom,
  CallCloseRequestSchema,
  CallHistoryRequestSchema,
  CallOpenRequestSchema,
  callRoom,
  type AuditEntry,
  type CallHistory,
  type RingingCall,
  type CallDetail,
  type CallListRow,
  type CallListSnapshot,
  type CallSummaryRecord,
  type ClientToServerEvents,
  type FinalSegment,
  type InterimSegment,
  type Result,
  type ServerToClientEvents,
  type SocketData,
} from '../../lib/protocol';
import type { SupervisorAuth } from '../auth/supervisor-auth';
import { readSessionCookie } from '../auth/session-cookie';
import { ringingInputs } from '../auth/call-visibility';
import type { Broadcaster } from '../calls/broadcaster';
import type { CallLooks } from '../calls/call-looks';
import type { CallService } from '../calls/call-service';
import { isTlsRequest } from '../http/request-gate';
import { checkOrigin, type OriginRule } from '../http/origin-policy';
import { RateLimitedLog, type Logger } from '../log';
import { CoalescingWebSocketServer } from './coalescing-ws-engine';
import { jsonOnlyParser } from './json-only-parser';
import { SlowConsumerGuard } from './slow-consumer-guard';
import { roomsOfTeams, type SocketScopes } from './socket-scope';
import { TokenBucket } from './token-bucket';

export interface SocketLimits {
  /** Call rooms one socket may be in at once: far more than a supervisor can watch, few enough to bound memory. */
  maxOpenCalls: number;
  /** `call:open` / `calls:watch` per socket: a burst for a reconnect that re-opens every call, then a steady rate. */
  requestBurst: number;
  requestsPerSecond: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { maxOpenCalls: 200, requestBurst: 50, requestsPerSecond: 20 };

/** Messages between instances (cluster-bus.ts); validated on arrival. */
interface InterServerEvents {
  cluster: (message: unknown) => void;
}
/** What the server keeps on each socket; never sent to the browser. */
export interface EarshotSocketData extends SocketData {
  session: { tokenHash: string; expiresAt: number };
}
export type EarshotIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, EarshotSocketData>;
export type EarshotSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, EarshotSocketData>;

export interface SocketServerDeps {
  auth: SupervisorAuth;
  log: Logger;
  /** The same Origin rule as state-changing HTTP requests: a page on another site cannot open a socket. */
  origins: OriginRule;
  /** A cross-instance adapter (Redis); the in-memory one when absent. */
  adapter?: ServerOptions['adapter'];
}

export function createSocketServer(httpServer: HttpServer, deps: SocketServerDeps): EarshotIo {
  const refusals = new RateLimitedLog(deps.log);
  // destroyUpgrade: false — engine.io must not end upgrades it does not own (the transcript ingress, Next HMR).
  const io: EarshotIo = new Server(httpServer, {
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Browsers' frames go out once per event-loop turn instead of one syscall each (coalescing-ws-engine.ts).
    wsEngine: CoalescingWebSocketServer,
    // Everything Earshot emits is JSON: no search for binary attachments in every payload (json-only-parser.ts).
    parser: jsonOnlyParser,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // Runs on every handshake (polling and WebSocket) before engine.io opens anything.
    allowRequest: (req, callback) => {
      const verdict = checkOrigin({ headers: req.headers, encrypted: isTlsRequest(req) }, deps.origins);
      if (verdict.ok) return callback(null, true);
      refusals.warn('forbidden_origin', { origin: verdict.origin }, 'refused a socket.io handshake from a foreign origin');
      callback('forbidden_origin', false);
    },
  });
  io.use((socket, next) => {
    deps.auth
      .session(readSessionCookie(socket.request.headers.cookie))
      .then((session) => {
        if (session === null) return next(new Error('unauthorized'));
        socket.data.supervisor = session.username;
        socket.data.session = { tokenHash: session.tokenHash, expiresAt: session.expiresAt };
        next();
      })
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });
  return io;
}

export function registerSupervisorHandlers(
  io: EarshotIo,
  calls: CallService,
  ringing: () => Promise<RingingCall[]>,
  looks: CallLooks,
  scopes: SocketScopes,
  log: Logger,
  limits: SocketLimits = DEFAULT_SOCKET_LIMITS,
): SlowConsumerGuard {
  io.on('connection', (socket: EarshotSocket) => {
    log.debug({ supervisor: socket.data.supervisor }, 'supervisor connected');
    // Both bounded: the rooms this socket asked for, and how fast it may ask (each request reads the store).
    // Kept by the socket's scope, which leaves the rooms of calls a team change hides (socket-scope.ts).
    const openCalls = scopes.openCalls(socket);
    const requests = new TokenBucket(limits.requestBurst, limits.requestsPerSecond);
    const supervisor = socket.data.supervisor;
    // Leaving a call page (or dropping the connection) ends a look: the supervisor has seen the call up to its last
    // line. A dropped connection ends all its looks together: a supervisor may have hundreds of calls open, and a
    // transaction per look held the event loop for most of a second.
    const lastSeqOf = (callId: string) =>
      calls.getCall(callId).then(
        (call) => (call === null ? [] : [{ callId, lastSeq: call.lastSeq }]),
        (error: unknown) => {
          log.warn({ err: error, callId }, 'could not read a call a supervisor left');
          return [];
        },
      );
    const leave = (callIds: readonly string[]) => void Promise.all(callIds.map(lastSeqOf)).then((found) => looks.leave(supervisor, found.flat()));
    socket.on('disconnect', () => {
      const left = [...openCalls];
      openCalls.clear();
      leave(left);
    });

    socket.on('calls:watch', (...args: unknown[]) => {
      const ack = acknowledgement<CallListSnapshot>(args);
      if (!ack) return;
      if (!requests.take()) return ack(RATE_LIMITED);
      // Join before reading: a row changed after the read reaches this socket in a batch (and is newer than `asOf`).
      // The rooms are the user's teams' (socket-scope.ts); the snapshot is filtered the same way.
      respond(
        ack,
        scopes.watchList(socket).then(async (actor) => {
          const [list, ringingNow] = await Promise.all([calls.callListRows(), ringing()]);
          if (actor === null) return { calls: [], ringing: [], asOf: list.asOf };
          return {
            calls: list.rows.filter((row) => scopes.seesTeams(actor, row.teamIds)),
            ringing: ringingNow.filter((call) => scopes.sees(actor, ringingInputs(call))),
            asOf: list.asOf,
          };
        }),
        log,
      );
    });

    socket.on('calls:unwatch', () => void scopes.unwatchList(socket));

    socket.on('call:open', (...args: unknown[]) => {
      const ack = acknowledgement<CallHistory>(args);
      if (!ack) return;
      if (!requests.take()) return ack(RATE_LIMITED);
      // The request is the first argument; none at all (only the callback) is an invalid request like any other.
      const parsed = CallOpenRequestSchema.safeParse(args.length > 1 ? args[0] : undefined);
      if (!parsed.success) {
        ack({ ok: false, error: { code: 'invalid_request', message: parsed.error.issues.map((issue) => issue.message).join('; ') } });
        return;
      }
      const { callId, afterSeq, fromEnd } = parsed.data;
      // Re-opening a call this socket already has (a browser catching up) takes no new room.
      if (!openCalls.has(callId) && openCalls.size >= limits.maxOpenCalls) {
        ack({ ok: false, error: { code: 'too_many_calls', message: `At most ${limits.maxOpenCalls} calls can be open on one connection; close some first.` } });
        return;
      }
      // A call outside the user's teams answers exactly like a missing one, and no room is joined for it.
      respond(
        ack,
        scopes.seesCall(socket, callId).then(async (visible) => {
          if (!visible) throw new NotFound(`No call ${callId}.`);
          openCalls.add(callId);
          // Join before reading history: anything persisted after the read is broadcast after the join.
          await socket.join(callRoom(callId));
          return calls.openHistory(callId, { afterSeq, fromEnd });
        }).then((history) => {
          if (history === null) {
            openCalls.delete(callId);
            void socket.leave(callRoom(callId));
            throw new NotFound(`No call ${callId}.`);
          }
          // A fresh open starts a look; a browser catching up after a reconnect is still in the one it had.
          if (!fromEnd || afterSeq !== 0) return history;
          return looks.open(supervisor, callId, history.call.lastSeq).then((sinceLastLook) => ({ ...history, sinceLastLook }));
        }),
        log,
      );
    });

    // Older lines of a call the browser shows from its end; reads only, so no room is joined.
    socket.on('call:history', (request, ack) => {
      if (typeof ack !== 'function') return;
      if (!requests.take()) return ack(RATE_LIMITED);
      const parsed = CallHistoryRequestSchema.safeParse(request);
      if (!parsed.success) {
        ack({ ok: false, error: { code: 'invalid_request', message: parsed.error.issues.map((issue) => issue.message).join('; ') } });
        return;
      }
      const { callId, beforeSeq } = parsed.data;
      respond(
        ack,
        scopes
          .seesCall(socket, callId)
          .then((visible) => (visible ? calls.olderLines(callId, beforeSeq) : null))
          .then((page) => {
            if (page === null) throw new NotFound(`No call ${callId}.`);
            return page;
          }),
        log,
      );
    });

    socket.on('call:close', (request) => {
      const parsed = CallCloseRequestSchema.safeParse(request);
      if (!parsed.success) return;
      if (openCalls.delete(parsed.data.callId)) leave([parsed.data.callId]);
      void socket.leave(callRoom(parsed.data.callId));
    });
  });
  return new SlowConsumerGuard(() => io.of("/").sockets.values(), log);
}

/**
 * The acknowledgement callback, or null when the client asked for none. socket.io passes it last, however many
 * arguments the client sent: looking for it there, not at a fixed position, means a client that sends too few or
 * too many arguments still gets an answer instead of waiting for one that never comes.
 */
export function acknowledgement<T>(args: unknown[]): ((result: Result<T>) => void) | null {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as (result: Result<T>) => void) : null;
}

class NotFound extends Error {}

const RATE_LIMITED = { ok: false, error: { code: 'rate_limited', message: 'Too many requests on this connection; slow down.' } } as const;

function respond<T>(ack: (result: Result<T>) => void, work: Promise<T>, log: Logger) {
  work.then(
    (data) => ack({ ok: true, data }),
    (error: unknown) => {
      if (error instanceof NotFound) {
        ack({ ok: false, error: { code: 'not_found', message: error.message } });
        return;
      }
      log.error({ err: error }, 'socket request failed');
      ack({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server.' } });
    },
  );
}

/**
 * `localRoomsOnly`: true while socket.io runs its built-in in-memory adapter, where an empty local room means
 * nobody is listening, so the event is not even encoded (most calls are watched by no one, and encoding every
 * packet for them is the single largest per-packet cost). With a cross-instance adapter (Redis), pass false.
 */
export function socketBroadcaster(io: EarshotIo, options: { localRoomsOnly: boolean; sendRinging: (calls: RingingCall[]) => void }): Broadcaster {
  const rooms = io.of('/').adapter.rooms;
  const room = (name: string) => (options.localRoomsOnly && !rooms.get(name)?.size ? null : io.to(name));
  // A row or event goes to the `all` room and its call's team rooms at once: socket.io sends it once to a socket in several.
  /** The rooms someone may be in: with the in-memory adapter, only those with a socket here. */
  const occupied = (names: string[]) => names.filter((name) => !options.localRoomsOnly || (rooms.get(name)?.size ?? 0) > 0);
  const listRooms = (teamIds: readonly string[]) => {
    const names = occupied(roomsOfTeams(LIST_ALL_ROOM, listTeamRoom, teamIds));
    return names.length === 0 ? null : io.to(names);
  };
  return {
    segment: (segment: FinalSegment) => room(callRoom(segment.callId))?.emit('call:segment', segment),
    // Not volatile: engine.io drops a volatile packet whenever the previous one is still being written, which
    // loses back-to-back intermediate results even for fast browsers. Slow ones are handled by the guard.
    interim: (segment: InterimSegment) => room(callRoom(segment.callId))?.emit('call:interim', segment),
    callUpdated: (call: CallDetail) => room(callRoom(call.callId))?.emit('call:updated', call),
    summary: (summary: CallSummaryRecord) => room(callRoom(summary.callId))?.emit('call:summary', summary),
    callsChanged: (list: CallListRow[]) => {
      // One event per distinct set of teams in the batch: each row reaches only the people who see its call.
      const byTeams = new Map<string, CallListRow[]>();
      for (const row of list) {
        const key = row.teamIds.join('\n');
        const group = byTeams.get(key);
        if (group) group.push(row);
        else byTeams.set(key, [row]);
      }
      for (const group of byTeams.values()) listRooms(group[0]?.teamIds ?? [])?.emit('calls:changed', group);
    },
    audit: (entry: AuditEntry) => room(callRoom(entry.callId))?.emit('call:audit', entry),
    ringing: (calls: RingingCall[]) => options.sendRinging(calls),
    callLeftTeams: (callId: string, leftTeamIds: readonly string[], teamIds: readonly string[]) => {
      const left = occupied(leftTeamIds.map(listTeamRoom));
      // Everyone in a room of the call's teams now (and admins) still sees it, whatever other rooms they are in.
      if (left.length > 0) io.to(left).except(roomsOfTeams(LIST_ALL_ROOM, listTeamRoom, teamIds)).emit('call:hidden', { callId });
    },
    // Without the call's teams (a caller that could not tell them), only admins' lists hear of it.
    callErased: (callId: string, teamIds: readonly string[] | null) => {
      listRooms(teamIds ?? [])?.emit('call:erased', { callId });
      room(callRoom(callId))?.emit('call:erased', { callId });
    },
  };
}
