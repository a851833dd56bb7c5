'use client';
/**
 * The alert feed for the whole app: joins it with `alerts:watch` (again after every reconnect, which also catches
 * up on anything raised or acknowledged meanwhile), merges `alert:raised` / `alert:updated` by id, and offers
 * acknowledge and dismiss. The header badge, the inbox, the toasts and the announcer all read this one state.
 */
import { createContext, use, useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { useSocket } from '@/components/realtime/socket-provider';
import { holdRoom } from '@/components/realtime/room-holds';
import { initialAlertsState, reduceAlerts, type AlertsState } from '@/lib/alerts-state';
import { ALERTS_ROOM } from '@/lib/protocol';
import type { Alert } from '@/lib/rules';
import { ACK_TIMEOUT_MS } from '@/lib/socket-client';
import { acknowledgeAlert, AlertSchema, type TriageResult } from '@/lib/triage-client';

const RETRY_DELAY_MS = 3_000;

interface AlertsContextValue {
  state: AlertsState;
  /** Acknowledges for every supervisor; the alert leaves the open list when the server confirms. */
  acknowledge: (id: string) => Promise<TriageResult<unknown>>;
  /** Takes a toast away (the alert stays open in the inbox). */
  dismiss: (id: string) => void;
}

const AlertsContext = createContext<AlertsContextValue | null>(null);

export interface AlertsProviderProps {
  children: ReactNode;
}

export function AlertsProvider({ children }: AlertsProviderProps) {
  const { socket } = useSocket();
  const [state, dispatch] = useReducer(reduceAlerts, initialAlertsState);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const release = holdRoom(ALERTS_ROOM, () => {
      if (socket.connected) socket.emit('alerts:unwatch');
    });
    let active = true;

    function watch() {
      if (!socket.connected) return;
      socket.timeout(ACK_TIMEOUT_MS).emit('alerts:watch', (error, result) => {
        if (!active) return;
        if (!error) {
          if (result.ok) {
            dispatch({ type: 'snapshot', alerts: result.data.alerts });
            return;
          }
          console.warn('[AlertsProvider] alerts:watch refused', result.error);
        }
        if (retryTimer.current === null) {
          retryTimer.current = setTimeout(() => {
            retryTimer.current = null;
            watch();
          }, RETRY_DELAY_MS);
        }
      });
    }
    function onRaised(alert: Alert) {
      dispatch({ type: 'raised', alert });
    }
    function onUpdated(alert: Alert) {
      dispatch({ type: 'updated', alert });
    }

    socket.on('alert:raised', onRaised);
    socket.on('alert:updated', onUpdated);
    // A reconnect is a new session on the server: join the feed again, and take its snapshot as the truth.
    socket.on('connect', watch);
    // The user's teams changed: alerts of calls they no longer see drop out with the new snapshot.
    socket.on('calls:rescoped', watch);
    watch();
    return () => {
      active = false;
      socket.off('alert:raised', onRaised);
      socket.off('alert:updated', onUpdated);
      socket.off('connect', watch);
      socket.off('calls:rescoped', watch);
      if (retryTimer.current !== null) clearTimeout(retryTimer.current);
      retryTimer.current = null;
      release();
    };
  }, [socket]);

  const acknowledge = useCallback(async (id: string) => {
    const result = await acknowledgeAlert(id);
    // The server's answer, when it carries the alert, takes it out at once; `alert:updated` would do it a moment later.
    if (result.ok) {
      const alert = AlertSchema.safeParse(result.data);
      if (alert.success) dispatch({ type: 'updated', alert: alert.data });
    }
    return result;
  }, []);
  const dismiss = useCallback((id: string) => dispatch({ type: 'dismissed', id }), []);
  const value = useMemo(() => ({ state, acknowledge, dismiss }), [state, acknowledge, dismiss]);

  return <AlertsContext value={value}>{children}</AlertsContext>;
}

export function useAlerts(): AlertsContextValue {
  const value = use(AlertsContext);
  if (value === null) throw new Error('useAlerts must be used within an AlertsProvider');
  return value;
}
