/**
 * Plays the soak's supervisors with socket.io clients that behave like the dashboard: they run the browser's own
 * reducers (`lib/call-state.ts`, `lib/call-list-state.ts`) and its request pattern (open with `afterSeq`, catch up
 * after a gap or `hasMore`, re-open after every reconnect). They exercise the paths where leaks hide: rooms joined
 * and left, calls that end while watched, network drops (socket.io reconnects by itself) and page reloads (a new
 * connection and an empty state).
 *
 * Viewers also check delivery: the transcript a viewer ends up with, after the browser's merging, must hold every
 * final the generator sent for that call, once each, in order. A call that ended is checked in full; a call the
 * viewer leaves while it is live is checked up to the last final it has (later ones are still on their way).
 */
import { io as connectSocket, type Socket } from 'socket.io-client';
import { initialCallListState, MAX_RECENT_CALLS, reduceCallList, type CallListState } from '../../lib/call-list-state';
import { initialCallState, reduceCallEvent, selectNeedsCatchUp, type CallEvent, type CallViewState } from '../../lib/call-state';
import { logToArray } from '../../lib/append-log';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/protocol';
import { ACK_TIMEOUT_MS } from '../../lib/socket-client';
import type { CallGenerator } from './call-generator';

type SupervisorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface DeliveryTally {
  /** Calls whose transcript was checked, in full (the call had ended) or up to the viewer's last final. */
  callsCheckedFull: number;
  callsCheckedPrefix: number;
  /** Finals a check covered: what the viewer should have had. */
  finalsChecked: number;
  lost: number;
  duplicates: number;
  /** Finals that come before one sent earlier than them (seq order differs from send order). */
  misordered: number;
  /** Finals no one sent for that call. */
  unexpected: number;
  /** Final events a viewer received for a seq it already had (history and live overlap; the reducer drops them). */
  repeatsDropped: number;
  finalEvents: number;
  interimEvents: number;
  catchUps: number;
  ackTimeouts: number;
  openErrors: Record<string, number>;
  moves: number;
  drops: number;
  /** Connections socket.io made again by itself after a drop. */
  reconnects: number;
  reloads: number;
  listRows: number;
  listToggles: number;
}

export function emptyTally(): DeliveryTally {
  return {
    callsCheckedFull: 0,
    callsCheckedPrefix: 0,
    finalsChecked: 0,
    lost: 0,
    duplicates: 0,
    misordered: 0,
    unexpected: 0,
    repeatsDropped: 0,
    finalEvents: 0,
    interimEvents: 0,
    catchUps: 0,
    ackTimeouts: 0,
    openErrors: {},
    moves: 0,
    drops: 0,
    reconnects: 0,
    reloads: 0,
    listRows: 0,
    listToggles: 0,
  };
}

export interface SupervisorOptions {
  url: string;
  cookie: string;
  generator: CallGenerator;
  tally: DeliveryTally;
}

/** How long a viewer waits, once its call has ended, for the last finals before counting what is missing. */
const SETTLE_MS = 5_000;
const RETRY_DELAY_MS = 3_000;

const between = (minMs: number, maxMs: number) => minMs + Math.random() * (maxMs - minMs);

function connect(url: string, cookie: string, tally: DeliveryTally): SupervisorSocket {
  const socket: SupervisorSocket = connectSocket(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 3_000 });
  socket.io.on('reconnect', () => {
    tally.reconnects += 1;
  });
  return socket;
}

/** A network drop: the transport closes without a goodbye, and socket.io reconnects by itself. */
function dropTransport(socket: SupervisorSocket) {
  socket.io.engine?.close();
}

/** Something that schedules itself again and again until stopped. */
class Every {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly action: () => void,
  ) {
    this.schedule();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule() {
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.action();
      this.schedule();
    }, between(this.minMs, this.maxMs));
  }
}

interface View {
  callId: string;
  state: CallViewState;
  openInFlight: boolean;
  retry: NodeJS.Timeout | null;
  /** Set once the call's transcript has been counted: never counted twice. */
  checked: boolean;
  settle: NodeJS.Timeout | null;
}

/** A supervisor on `/calls/{id}`: one call open at a time, moving on now and then. */
export class Viewer {
  private socket: SupervisorSocket;
  private view: View | null = null;
  private readonly routines: Every[] = [];
  private leaveTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.socket = this.newSocket();
  }

  start() {
    this.openSomething();
    this.routines.push(
      new Every(20_000, 90_000, () => this.move()),
      new Every(60_000, 180_000, () => {
        this.options.tally.drops += 1;
        dropTransport(this.socket);
      }),
      new Every(150_000, 360_000, () => this.reload()),
    );
  }

  /** Stops moving around; the current call stays open so its end can be checked. */
  quiet() {
    for (const routine of this.routines) routine.stop();
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.stopping = true;
  }

  /** True once the viewer's current call (if any) has ended and been checked. */
  settled(): boolean {
    return this.view === null || this.view.checked;
  }

  close() {
    this.quiet();
    if (this.view) this.leave();
    this.socket.disconnect();
  }

  private newSocket(): SupervisorSocket {
    const socket = connect(this.options.url, this.options.cookie, this.options.tally);
    const tally = this.options.tally;
    socket.on('call:segment', (segment) => {
      tally.finalEvents += 1;
      if (this.view?.callId === segment.callId && segment.seq <= this.view.state.lastSeq) tally.repeatsDropped += 1;
      this.dispatch(segment.callId, { type: 'final-received', segment });
    });
    socket.on('call:interim', (segment) => {
      tally.interimEvents += 1;
      this.dispatch(segment.callId, { type: 'interim-received', segment });
    });
    socket.on('call:updated', (call) => this.dispatch(call.callId, { type: 'call-updated', call }));
    socket.on('call:summary', (summary) => this.dispatch(summary.callId, { type: 'summary-received', summary }));
    socket.on('call:audit', (entry) => this.dispatch(entry.callId, { type: 'audit-received', entry }));
    socket.on('connect', () => {
      // A reconnect is a new session on the server: join again and fetch what was missed, as useCall does.
      if (this.view) {
        this.view.openInFlight = false;
        this.requestHistory(this.view);
      }
    });
    return socket;
  }

  private dispatch(callId: string, event: CallEvent) {
    const view = this.view;
    if (view === null || view.callId !== callId) return;
    view.state = reduceCallEvent(view.state, event);
    this.afterChange(view);
  }

  private afterChange(view: View) {
    if (selectNeedsCatchUp(view.state) && !view.openInFlight) {
      this.options.tally.catchUps += 1;
      this.requestHistory(view);
    }
    this.checkIfEnded(view);
  }

  private requestHistory(view: View) {
    if (view.openInFlight || !this.socket.connected) return;
    view.openInFlight = true;
    const afterSeq = view.state.lastSeq;
    const socket = this.socket;
    socket.timeout(ACK_TIMEOUT_MS).emit('call:open', { callId: view.callId, afterSeq }, (error, result) => {
      if (this.view !== view || socket !== this.socket) return;
      view.openInFlight = false;
      if (error) {
        if (socket.connected) {
          this.options.tally.ackTimeouts += 1;
          view.retry = setTimeout(() => {
            view.retry = null;
            if (this.view === view) this.requestHistory(view);
          }, RETRY_DELAY_MS);
        }
        return;
      }
      if (result.ok) {
        view.state = reduceCallEvent(view.state, { type: 'history-received', afterSeq, history: result.data });
        this.afterChange(view);
      } else {
        const errors = this.options.tally.openErrors;
        errors[result.error.code] = (errors[result.error.code] ?? 0) + 1;
        view.checked = true;
        this.scheduleLeave();
      }
    });
  }

  /** An ended call is checked in full once the viewer has all its finals, or after a grace period. */
  private checkIfEnded(view: View) {
    const state = view.state;
    if (view.checked || state.phase !== 'ready' || state.call?.state !== 'disconnected') return;
    if (!this.options.generator.hasEnded(view.callId)) return;
    const sent = this.options.generator.sentFinals.get(view.callId) ?? [];
    if (state.finals.length >= sent.length && !view.openInFlight) {
      this.check(view, 'full');
      return;
    }
    view.settle ??= setTimeout(() => {
      if (this.view === view && !view.checked) this.check(view, 'full');
    }, SETTLE_MS);
  }

  private check(view: View, extent: 'full' | 'prefix') {
    if (view.checked) return;
    view.checked = true;
    if (view.settle) clearTimeout(view.settle);
    const tally = this.options.tally;
    const sent = this.options.generator.sentFinals.get(view.callId) ?? [];
    const finals = logToArray(view.state.finals);
    const sentIndex = new Map(sent.map((offsetMs, index) => [offsetMs, index]));
    const seen = new Set<number>();
    let previous = -1;
    for (const segment of finals) {
      if (seen.has(segment.offsetMs)) tally.duplicates += 1;
      seen.add(segment.offsetMs);
      const index = sentIndex.get(segment.offsetMs);
      if (index === undefined) tally.unexpected += 1;
      else if (index <= previous) tally.misordered += 1;
      previous = Math.max(previous, index ?? previous);
    }
    // A live call is checked up to the last final the viewer has, in send order: later ones are still in flight.
    const last = finals.at(-1);
    const horizon = extent === 'full' ? sent.length : last === undefined ? 0 : sent.lastIndexOf(last.offsetMs) + 1;
    for (let index = 0; index < horizon; index += 1) if (!seen.has(sent[index] as number)) tally.lost += 1;
    tally.finalsChecked += horizon;
    if (extent === 'full') tally.callsCheckedFull += 1;
    else tally.callsCheckedPrefix += 1;
    if (extent === 'full') this.scheduleLeave();
  }

  /** After looking at an ended call for a little while, the supervisor goes back to a live one. */
  private scheduleLeave() {
    if (this.stopping || this.leaveTimer) return;
    this.leaveTimer = setTimeout(() => {
      this.leaveTimer = null;
      this.move();
    }, between(2_000, 10_000));
  }

  private leave() {
    const view = this.view;
    if (view === null) return;
    if (view.retry) clearTimeout(view.retry);
    if (view.settle) clearTimeout(view.settle);
    if (!view.checked && view.state.phase === 'ready') this.check(view, 'prefix');
    if (this.socket.connected) this.socket.emit('call:close', { callId: view.callId });
    this.view = null;
  }

  private move() {
    if (this.stopping) return;
    this.options.tally.moves += 1;
    this.leave();
    this.openSomething();
  }

  /** Mostly a live call; sometimes one that just ended, opened from the list. */
  private openSomething() {
    const generator = this.options.generator;
    const live = generator.liveCallIds();
    const ended = generator.recentlyEnded();
    const pool = Math.random() < 0.2 && ended.length > 0 ? ended : live;
    const callId = pool[Math.floor(Math.random() * pool.length)];
    if (callId === undefined) {
      this.scheduleLeave();
      return;
    }
    this.view = { callId, state: initialCallState(callId), openInFlight: false, retry: null, checked: false, settle: null };
    this.requestHistory(this.view);
  }

  /** A page reload: a new connection and an empty transcript, the same call opened from the start. */
  private reload() {
    this.options.tally.reloads += 1;
    const callId = this.view?.callId;
    this.leave();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = this.newSocket();
    if (callId === undefined || this.options.generator.hasEnded(callId)) {
      this.openSomething();
      return;
    }
    this.view = { callId, state: initialCallState(callId), openInFlight: false, retry: null, checked: false, settle: null };
    // The socket is not connected yet: its connect handler opens the call.
  }
}

/** A supervisor on `/`: the call list, with coalesced rows merged by the browser's reducer. */
export class Watcher {
  state: CallListState = initialCallListState();
  private readonly socket: SupervisorSocket;
  private watching = true;
  private watchInFlight = false;
  private readonly routines: Every[] = [];

  constructor(private readonly options: SupervisorOptions) {
    this.socket = connect(options.url, options.cookie, options.tally);
    this.socket.on('calls:changed', (calls) => {
      options.tally.listRows += calls.length;
      this.state = reduceCallList(this.state, { type: 'calls-changed', calls });
    });
    this.socket.on('calls:ringing', (ringing) => {
      this.state = reduceCallList(this.state, { type: 'ringing-changed', ringing });
    });
    this.socket.on('connect', () => {
      this.watchInFlight = false;
      if (this.watching) this.watch();
    });
  }

  start() {
    this.routines.push(
      // Off to a call page and back: the list room is left and joined again, with a fresh snapshot.
      new Every(60_000, 180_000, () => {
        this.options.tally.listToggles += 1;
        this.watching = false;
        if (this.socket.connected) this.socket.emit('calls:unwatch');
        setTimeout(() => {
          this.watching = true;
          this.watch();
        }, between(5_000, 20_000));
      }),
      new Every(120_000, 240_000, () => {
        this.options.tally.drops += 1;
        dropTransport(this.socket);
      }),
    );
  }

  /** Stops wandering and makes sure the list is watched, for the final check. */
  quiet() {
    for (const routine of this.routines) routine.stop();
    this.watching = true;
    this.watch();
  }

  /** Rows of `callIds` that do not show the call ended with exactly the finals sent. */
  staleRows(callIds: readonly string[]): number {
    const { missing, live, behind } = this.staleBreakdown(callIds);
    return missing + live + behind;
  }

  /**
   * Why rows are stale: no row at all, a row still live, or an ended row whose line count trails what was sent. The
   * list keeps only the MAX_RECENT_CALLS most recently ended calls (as the dashboard does), so when more calls than
   * that end at once, the ones it let go are not missing, as long as it holds a full section of ended calls.
   */
  staleBreakdown(callIds: readonly string[]): { missing: number; live: number; behind: number } {
    const counts = { missing: 0, live: 0, behind: 0 };
    const letGo = this.state.recent.length >= MAX_RECENT_CALLS ? Math.max(0, callIds.length - MAX_RECENT_CALLS) : 0;
    for (const callId of callIds) {
      const row = this.state.rows.get(callId);
      const sent = this.options.generator.sentFinals.get(callId)?.length ?? -1;
      if (row === undefined) counts.missing += 1;
      else if (row.state !== 'disconnected') counts.live += 1;
      else if (row.lastSeq !== sent) counts.behind += 1;
    }
    counts.missing = Math.max(0, counts.missing - letGo);
    return counts;
  }

  close() {
    for (const routine of this.routines) routine.stop();
    this.socket.disconnect();
  }

  private watch() {
    if (this.watchInFlight || !this.socket.connected) return;
    this.watchInFlight = true;
    this.socket.timeout(ACK_TIMEOUT_MS).emit('calls:watch', (error, result) => {
      this.watchInFlight = false;
      if (error) {
        this.options.tally.ackTimeouts += 1;
        if (this.socket.connected) setTimeout(() => this.watch(), RETRY_DELAY_MS);
        return;
      }
      if (result.ok) this.state = reduceCallList(this.state, { type: 'snapshot-received', calls: result.data.calls, ringing: result.data.ringing, asOf: result.data.asOf });
      else this.options.tally.openErrors[result.error.code] = (this.options.tally.openErrors[result.error.code] ?? 0) + 1;
    });
  }
}
