/**
 * The alert feed over socket.io: `alerts:watch` joins the alert rooms of the user's teams (admins: the `all` room)
 * and answers the open alerts they may see; `alert:raised` and `alert:updated` go to the `all` room and the rooms of
 * the alert's call's teams through the adapter, so a browser on any instance hears alerts raised or acknowledged on
 * any other, and nobody hears of an alert on a call they cannot see.
 */
import { ALERTS_ALL_ROOM, alertsTeamRoom, type AlertSnapshot } from '../../lib/protocol';
import type { Alert } from '../../lib/rules';
import { scopeOf, type TeamScope } from '../auth/call-visibility';
import type { Logger } from '../log';
import type { AlertBroadcaster } from '../rules/rule-engine';
import { acknowledgement, type EarshotIo, type EarshotSocket, type SocketLimits } from './socket-server';
import { roomsOfTeams, type SocketScopes } from './socket-scope';
import { TokenBucket } from './token-bucket';

export interface AlertSource {
  openAlerts(scope: TeamScope): Promise<Alert[]>;
}

export function registerAlertHandlers(io: EarshotIo, alerts: AlertSource, scopes: SocketScopes, log: Logger, limits: SocketLimits) {
  io.on('connection', (socket: EarshotSocket) => {
    const requests = new TokenBucket(limits.requestBurst, limits.requestsPerSecond);
    socket.on('alerts:watch', (...args: unknown[]) => {
      const ack = acknowledgement<AlertSnapshot>(args);
      if (!ack) return;
      if (!requests.take()) return ack({ ok: false, error: { code: 'rate_limited', message: 'Too many requests on this connection; slow down.' } });
      // Join before reading: an alert raised after the read reaches this socket as alert:raised.
      scopes
        .watchAlerts(socket)
        .then((actor) => (actor === null ? [] : alerts.openAlerts(scopeOf(actor))))
        .then(
          (open) => ack({ ok: true, data: { alerts: open } }),
          (error: unknown) => {
            log.error({ err: error }, 'could not read open alerts');
            ack({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server.' } });
          },
        );
    });
    socket.on('alerts:unwatch', () => void scopes.unwatchAlerts(socket));
  });
}

/**
 * Like socketBroadcaster: with the in-memory adapter, an empty local room means nobody listens anywhere.
 * `teamsOfCall`: the call's teams as people see them (call-visibility.ts), or null for a call that is gone.
 */
export function alertBroadcaster(io: EarshotIo, options: { localRoomsOnly: boolean; teamsOfCall: (callId: string) => Promise<string[] | null>; log: Logger }): AlertBroadcaster {
  const rooms = io.of('/').adapter.rooms;
  const send = (event: 'alert:raised' | 'alert:updated', alert: Alert) =>
    options.teamsOfCall(alert.callId).then(
      (teamIds) => {
        const names = roomsOfTeams(ALERTS_ALL_ROOM, alertsTeamRoom, teamIds ?? []).filter((name) => !options.localRoomsOnly || (rooms.get(name)?.size ?? 0) > 0);
        if (names.length > 0) io.to(names).emit(event, alert);
      },
      (error: unknown) => options.log.warn({ err: error, callId: alert.callId }, 'could not read the teams of an alert’s call'),
    );
  return {
    alertRaised: (alert) => void send('alert:raised', alert),
    alertUpdated: (alert) => void send('alert:updated', alert),
  };
}
