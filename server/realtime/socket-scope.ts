/**
 * What each socket may see, kept per socket on this instance: its user (role, teams), the list and alert rooms it
 * joined for them, and the call rooms it opened. Decisions come from server/auth/call-visibility.ts.
 *
 * When a user's role or teams change, or a team's patterns change or it is deleted, every instance re-evaluates its
 * own sockets (told over the cluster bus): they leave and join team rooms, leave call rooms they may no longer see
 * (`call:hidden`), and get `calls:rescoped` so the browser asks for its list and alerts again. No reload needed.
 */
import { ALERTS_ALL_ROOM, alertsTeamRoom, LIST_ALL_ROOM, listTeamRoom, callRoom, userRoom, type RingingCall } from '../../lib/protocol';
import type { ParticipantLabel } from '../../lib/directory';
import type { Actor } from '../auth/authorization';
import { resolveActor } from '../auth/authorization';
import { actorSeesCall, ringingInputs, scopeAllows, scopeOf, type CallTeamInputs } from '../auth/call-visibility';
import type { CallService } from '../calls/call-service';
import type { Logger } from '../log';
import type { CallStore } from '../store/call-store';
import type { EarshotIo, EarshotSocket } from './socket-server';

interface SocketState {
  socket: EarshotSocket;
  /** Resolved at connection and again on every rescope; null: the account is gone or disabled (sees nothing). */
  actor: Promise<Actor | null>;
  /** The list rooms joined for `calls:watch`, or null while not watching. */
  listRooms: string[] | null;
  alertRooms: string[] | null;
  /** Call rooms this socket opened (and was allowed to). */
  openCalls: Set<string>;
}

/** A call's teams as rooms of a feed: the `all` room and each team's. */
export function roomsOfTeams(allRoom: string, teamRoom: (teamId: string) => string, teamIds: readonly string[]): string[] {
  return [allRoom, ...teamIds.map(teamRoom)];
}

/** Who a call's list row or page names: its participants and its last line's speaker. */
function namedRawIds(call: { participants: readonly { rawId: string }[]; lastLine: { speakerRawId?: string } | null }): string[] {
  const rawIds = call.participants.map((participant) => participant.rawId);
  if (call.lastLine?.speakerRawId !== undefined) rawIds.push(call.lastLine.speakerRawId);
  return rawIds;
}

function roomsOfActor(actor: Actor | null, allRoom: string, teamRoom: (teamId: string) => string): string[] {
  if (actor === null) return [];
  const scope = scopeOf(actor);
  return scope.kind === 'all' ? [allRoom] : scope.teamIds.map(teamRoom);
}

export class SocketScopes {
  private readonly sockets = new Map<string, SocketState>();

  constructor(
    private readonly io: EarshotIo,
    private readonly store: CallStore,
    private readonly calls: CallService,
    private readonly log: Logger,
  ) {
    io.on('connection', (socket) => {
      const state: SocketState = { socket, actor: this.readActor(socket), listRooms: null, alertRooms: null, openCalls: new Set() };
      this.sockets.set(socket.id, state);
      void socket.join(userRoom(socket.data.supervisor));
      socket.on('disconnect', () => this.sockets.delete(socket.id));
    });
  }

  private readActor(socket: EarshotSocket): Promise<Actor | null> {
    return resolveActor(this.store, socket.data.supervisor).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not read a socket user; it sees nothing until the next change');
      return null;
    });
  }

  private state(socket: EarshotSocket): SocketState {
    const state = this.sockets.get(socket.id);
    if (!state) throw new Error('socket scope read before connection');
    return state;
  }

  actorOf(socket: EarshotSocket): Promise<Actor | null> {
    return this.state(socket).actor;
  }

  /** Whether the socket's user may see the call (a missing call: false). */
  async seesCall(socket: EarshotSocket, callId: string): Promise<boolean> {
    const actor = await this.actorOf(socket);
    if (actor === null) return false;
    const call = await this.calls.getCall(callId);
    return call !== null && actorSeesCall(actor, this.calls.teams, call);
  }

  /** Joins the list rooms of the socket's teams (calls:watch); returns when joined. */
  async watchList(socket: EarshotSocket): Promise<Actor | null> {
    const state = this.state(socket);
    const actor = await state.actor;
    const rooms = roomsOfActor(actor, LIST_ALL_ROOM, listTeamRoom);
    await this.move(socket, state.listRooms ?? [], rooms);
    state.listRooms = rooms;
    return actor;
  }

  async unwatchList(socket: EarshotSocket): Promise<void> {
    const state = this.state(socket);
    await this.move(socket, state.listRooms ?? [], []);
    state.listRooms = null;
  }

  async watchAlerts(socket: EarshotSocket): Promise<Actor | null> {
    const state = this.state(socket);
    const actor = await state.actor;
    const rooms = roomsOfActor(actor, ALERTS_ALL_ROOM, alertsTeamRoom);
    await this.move(socket, state.alertRooms ?? [], rooms);
    state.alertRooms = rooms;
    return actor;
  }

  async unwatchAlerts(socket: EarshotSocket): Promise<void> {
    const state = this.state(socket);
    await this.move(socket, state.alertRooms ?? [], []);
    state.alertRooms = null;
  }

  openCalls(socket: EarshotSocket): Set<string> {
    return this.state(socket).openCalls;
  }

  /** Re-evaluates the sockets of these users on this instance (all of them when `usernames` is null). */
  async rescope(usernames: readonly string[] | null): Promise<void> {
    const targets = [...this.sockets.values()].filter((state) => usernames === null || usernames.includes(state.socket.data.supervisor));
    await Promise.all(targets.map((state) => this.rescopeOne(state).catch((error: unknown) => this.log.warn({ err: error }, 'could not rescope a socket'))));
  }

  private async rescopeOne(state: SocketState) {
    const { socket } = state;
    state.actor = this.readActor(socket);
    const actor = await state.actor;
    if (state.listRooms !== null) {
      const rooms = roomsOfActor(actor, LIST_ALL_ROOM, listTeamRoom);
      await this.move(socket, state.listRooms, rooms);
      state.listRooms = rooms;
    }
    if (state.alertRooms !== null) {
      const rooms = roomsOfActor(actor, ALERTS_ALL_ROOM, alertsTeamRoom);
      await this.move(socket, state.alertRooms, rooms);
      state.alertRooms = rooms;
    }
    await this.hideUnseen(state, actor, [...state.openCalls]);
    socket.emit('calls:rescoped');
  }

  /**
   * These calls' teams changed (their participants did): sockets here that have one open and may no longer see it
   * leave its room and hear `call:hidden`. List rows follow on their own: each is sent to its call's current teams.
   */
  async recheckCalls(callIds: readonly string[]): Promise<void> {
    for (const state of this.sockets.values()) {
      const open = callIds.filter((callId) => state.openCalls.has(callId));
      if (open.length === 0) continue;
      await this.hideUnseen(state, await state.actor, open).catch((error: unknown) => this.log.warn({ err: error }, 'could not recheck a socket’s open calls'));
    }
  }

  private async hideUnseen(state: SocketState, actor: Actor | null, callIds: readonly string[]) {
    for (const callId of callIds) {
      const call = await this.calls.getCall(callId);
      if (call !== null && actor !== null && actorSeesCall(actor, this.calls.teams, call)) continue;
      state.openCalls.delete(callId);
      await state.socket.leave(callRoom(callId));
      state.socket.emit('call:hidden', { callId });
    }
  }

  private async move(socket: EarshotSocket, from: readonly string[], to: readonly string[]) {
    for (const room of from) if (!to.includes(room)) await socket.leave(room);
    for (const room of to) if (!from.includes(room)) await socket.join(room);
  }

  /**
   * The ringing calls each user may see, to that user's sockets (every instance, through the adapter). Ringing lists
   * change rarely and users are few, so one emit per user is cheap; a team room could not carry a per-person list.
   */
  async sendRinging(calls: RingingCall[], localRoomsOnly: boolean): Promise<void> {
    const rooms = this.io.of('/').adapter.rooms;
    for (const user of await this.store.listUsers()) {
      if (user.disabled) continue;
      const room = userRoom(user.username);
      if (localRoomsOnly && !rooms.get(room)?.size) continue;
      this.io.to(room).emit('calls:ringing', calls.filter((call) => actorSeesCall(user, this.calls.teams, ringingInputs(call))));
    }
  }

  /**
   * Directory labels that changed, to the sockets on this instance: those who see every call get them all; a
   * team-scoped socket only the labels of people in calls it may see — the participants and last speakers of its
   * teams' rows in the call list (live calls and the recently ended ones a list starts from) and of the calls it has
   * open — so no one learns the directory's names for people in other teams' calls.
   */
  async sendDirectoryLabels(labels: readonly ParticipantLabel[]): Promise<void> {
    if (labels.length === 0) return;
    const states = [...this.sockets.values()];
    const actors = await Promise.all(states.map((state) => state.actor));
    let rawIdsByTeam: Map<string, Set<string>> | null = null;
    for (const [index, state] of states.entries()) {
      const actor = actors[index] ?? null;
      if (actor === null) continue;
      const scope = scopeOf(actor);
      if (scope.kind === 'all') {
        state.socket.emit('directory:changed', { labels: [...labels] });
        continue;
      }
      rawIdsByTeam ??= await this.rawIdsByTeam();
      const seen = new Set<string>();
      for (const teamId of scope.teamIds) for (const rawId of rawIdsByTeam.get(teamId) ?? []) seen.add(rawId);
      for (const callId of state.openCalls) {
        const call = await this.calls.getCall(callId);
        if (call === null || !actorSeesCall(actor, this.calls.teams, call)) continue;
        for (const rawId of namedRawIds(call)) seen.add(rawId);
      }
      const visible = labels.filter((label) => seen.has(label.rawId));
      if (visible.length > 0) state.socket.emit('directory:changed', { labels: visible });
    }
  }

  /** The raw ids in the call list's rows (participants and last speakers), by each team the row belongs to. */
  private async rawIdsByTeam(): Promise<Map<string, Set<string>>> {
    const byTeam = new Map<string, Set<string>>();
    const { rows } = await this.calls.callListRows();
    for (const row of rows) {
      const rawIds = namedRawIds(row);
      for (const teamId of row.teamIds) {
        let team = byTeam.get(teamId);
        if (!team) byTeam.set(teamId, (team = new Set()));
        for (const rawId of rawIds) team.add(rawId);
      }
    }
    return byTeam;
  }

  /** For filtering a snapshot: whether this actor sees a call with these inputs. */
  sees(actor: Actor, call: CallTeamInputs): boolean {
    return actorSeesCall(actor, this.calls.teams, call);
  }

  /** For filtering a list row or an alert whose teams are already known. */
  seesTeams(actor: Actor, teamIds: readonly string[]): boolean {
    return scopeAllows(scopeOf(actor), teamIds);
  }
}
