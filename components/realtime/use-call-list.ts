import { startTransition, useEffect, useReducer, useRef } from 'react';
import { initialCallListState, reduceCallList, type CallListState } from '@/lib/call-list-state';
import type { CallErased, CallHidden, CallListRow, RingingCall } from '@/lib/protocol';
import type { DirectoryChanged } from '@/lib/directory';
import { ACK_TIMEOUT_MS } from '@/lib/socket-client';
import { holdRoom } from './room-holds';
import { useSocket } from './socket-provider';

const RETRY_DELAY_MS = 3_000;
/** How long the parts of one interval's changes are gathered before they are applied (they arrive within a few ms). */
const GATHER_MS = 60;

/**
 * Joins the call-list feed: a fresh snapshot (every live call, the recently ended ones) on every (re)connect, then
 * coalesced batches of the rows that changed.
 */
export function useCallList(): CallListState {
  const { socket } = useSocket();
  const [state, dispatch] = useReducer(reduceCallList, undefined, initialCallListState);
  // Survives StrictMode's effect re-run, so the second run does not ask for a second snapshot.
  const watchInFlight = useRef(false);

  useEffect(() => {
    let disposed = false;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    const release = holdRoom('calls', () => {
      if (socket.connected) socket.emit('calls:unwatch');
    });

    function watch() {
      if (watchInFlight.current || !socket.connected) return;
      watchInFlight.current = true;
      socket.timeout(ACK_TIMEOUT_MS).emit('calls:watch', (error, result) => {
        watchInFlight.current = false;
        if (error) {
          // Lost to a disconnect (the connect handler asks again) or timed out (ask again shortly).
          if (!disposed && socket.connected) retryTimer = setTimeout(watch, RETRY_DELAY_MS);
          return;
        }
        if (result.ok) dispatch({ type: 'snapshot-received', calls: result.data.calls, ringing: result.data.ringing, asOf: result.data.asOf });
        else dispatch({ type: 'watch-failed', error: result.error });
      });
    }
    // An interval's changes come as several events (LIST_BATCH_ROWS rows each), sent together: they are gathered for
    // a moment and applied at once, in a transition, so the table is redrawn once per interval (every row changes,
    // and every redraw restyles and lays out every row on screen), rendered in slices between the supervisor's
    // input. A hidden tab draws no frames and so does no list work; it keeps only the newest row per call meanwhile.
    const pending = new Map<string, CallListRow>();
    let gathering: ReturnType<typeof setTimeout> | null = null;
    let frame: number | null = null;
    function applyPending() {
      frame = null;
      const calls = [...pending.values()];
      pending.clear();
      startTransition(() => dispatch({ type: 'calls-changed', calls }));
    }
    function onChanged(calls: CallListRow[]) {
      for (const call of calls) {
        const held = pending.get(call.callId);
        if (held === undefined || held.updatedAt <= call.updatedAt) pending.set(call.callId, call);
      }
      if (gathering !== null || frame !== null) return;
      gathering = setTimeout(() => {
        gathering = null;
        frame = requestAnimationFrame(applyPending);
      }, GATHER_MS);
    }
    function onRinging(ringing: RingingCall[]) {
      dispatch({ type: 'ringing-changed', ringing });
    }
    // Erased, or no longer in any team of this supervisor's (call:hidden): the row goes either way.
    function onErased(event: CallErased | CallHidden) {
      pending.delete(event.callId);
      dispatch({ type: 'call-erased', callId: event.callId });
    }
    function onNamesChanged(event: DirectoryChanged) {
      startTransition(() => dispatch({ type: 'names-changed', labels: event.labels }));
    }
    function onConnect() {
      watchInFlight.current = false;
      watch();
    }
    // The user's teams changed: the server moved this socket's rooms; the snapshot is the new truth.
    function onRescoped() {
      watchInFlight.current = false;
      watch();
    }

    socket.on('calls:changed', onChanged);
    socket.on('calls:ringing', onRinging);
    socket.on('call:erased', onErased);
    socket.on('call:hidden', onErased);
    socket.on('directory:changed', onNamesChanged);
    socket.on('connect', onConnect);
    socket.on('calls:rescoped', onRescoped);
    watch();
    return () => {
      disposed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket.off('calls:changed', onChanged);
      if (gathering !== null) clearTimeout(gathering);
      if (frame !== null) cancelAnimationFrame(frame);
      socket.off('calls:ringing', onRinging);
      socket.off('call:erased', onErased);
      socket.off('call:hidden', onErased);
      socket.off('directory:changed', onNamesChanged);
      socket.off('connect', onConnect);
      socket.off('calls:rescoped', onRescoped);
      release();
    };
  }, [socket]);

  return state;
}
