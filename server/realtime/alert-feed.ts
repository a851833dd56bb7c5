/**
 * The alert feed over socket.io: `alerts:watch` joins ALERTS_ROOM and answers the open alerts; `alert:raised` and
 * `alert:updated` go to that room through the adapter, so a browser on any instance hears alerts raised or
 * acknowledged on any other.
 */
import { ALERTS_ROOM, type AlertSnapshot } from '../../lib/protocol';
import type { Alert } from '../../lib/rules';
import type { Logger } from '../log';
import type { AlertBroadcaster } from '../rules/rule-engine';
import { acknowledgement, type EarshotIo, type EarshotSocket, type SocketLimits } from './socket-server';
import { TokenBucket } from './token-bucket';

export interface AlertSource {
  openAlerts(): Promise<Alert[]>;
}

export function registerAlertHandlers(io: EarshotIo, alerts: AlertSource, log: Logger, limits: SocketLimits) {
  io.on('connection', (socket: EarshotSocket) => {
    const requests = new TokenBucket(limits.requestBurst, limits.requestsPerSecond);
    socket.on('alerts:watch', (...args: unknown[]) => {
      const ack = acknowledgement<AlertSnapshot>(args);
      if (!ack) return;
      if (!requests.take()) return ack({ ok: false, error: { code: 'rate_limited', message: 'Too many requests on this connection; slow down.' } });
      // Join before reading: an alert raised after the read reaches this socket as alert:raised.
      void socket.join(ALERTS_ROOM);
      alerts.openAlerts().then(
        (open) => ack({ ok: true, data: { alerts: open } }),
        (error: unknown) => {
          log.error({ err: error }, 'could not read open alerts');
          ack({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server.' } });
        },
      );
    });
    socket.on('alerts:unwatch', () => void socket.leave(ALERTS_ROOM));
  });
}

/** Like socketBroadcaster: with the in-memory adapter, an empty local room means nobody listens anywhere. */
export function alertBroadcaster(io: EarshotIo, options: { localRoomsOnly: boolean }): AlertBroadcaster {
  const rooms = io.of('/').adapter.rooms;
  const room = () => (options.localRoomsOnly && !rooms.get(ALERTS_ROOM)?.size ? null : io.to(ALERTS_ROOM));
  return {
    alertRaised: (alert) => room()?.emit('alert:raised', alert),
    alertUpdated: (alert) => room()?.emit('alert:updated', alert),
  };
}
