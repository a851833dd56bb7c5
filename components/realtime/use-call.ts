import { startTransition, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { initialCallState, reduceCallEvent, selectNeedsCatchUp, selectOlderBefore, type CallViewState } from '@/lib/call-state';
import type { AuditEntry, CallDetail, CallSummaryRecord, FinalSegment, InterimSegment } from '@/lib/protocol';
import type { DirectoryChanged } from '@/lib/directory';
import { ACK_TIMEOUT_MS } from '@/lib/socket-client';
import { holdRoom } from './room-holds';
import { useSocket } from './socket-provider';

const RETRY_DELAY_MS = 3_000;

/**
 * Opens one call: joins its room with `call:open`, merges the history ack with live events that may have
 * arrived before it (the reducer drops duplicates and holds finals beyond a gap), asks again after
 * `lastSeq` when a gap opens or a page said `hasMore`, and re-opens after every reconnect.
 *
 * A fresh open asks for the call's newest lines (`fromEnd`), so a long call shows its latest line after one small
 * round trip; the older lines then arrive page by page (`call:history`) and go in front while the supervisor reads.
 */
export function useCall(callId: string): CallViewState {
  const { socket, status } = useSocket();
  const [state, dispatch] = useReducer(reduceCallEvent, callId, initialCallState);
  const lastSeq = useRef(0);
  const openInFlight = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    lastSeq.current = state.lastSeq;
  }, [state.lastSeq]);

  const requestHistory = useCallback(
    (afterSeq: number) => {
      if (openInFlight.current || !socket.connected) return;
      openInFlight.current = true;
      // Nothing yet: start from the end. Otherwise catch up forward from the last line this page has.
      const fromEnd = afterSeq === 0;
      socket.timeout(ACK_TIMEOUT_MS).emit('call:open', { callId, afterSeq, fromEnd }, (error, result) => {
        openInFlight.current = false;
        if (error) {
          if (socket.connected && retryTimer.current === null) {
            retryTimer.current = setTimeout(() => {
              retryTimer.current = null;
              requestHistory(lastSeq.current);
            }, RETRY_DELAY_MS);
          }
          return;
        }
        if (result.ok) dispatch({ type: 'history-received', afterSeq, history: result.data, fromEnd });
        else dispatch({ type: 'open-failed', error: result.error });
      });
    },
    [socket, callId],
  );

  useEffect(() => {
    const release = holdRoom(`call:${callId}`, () => {
      if (socket.connected) socket.emit('call:close', { callId });
    });

    function onSegment(segment: FinalSegment) {
      if (segment.callId === callId) dispatch({ type: 'final-received', segment });
    }
    function onInterim(segment: InterimSegment) {
      if (segment.callId === callId) dispatch({ type: 'interim-received', segment });
    }
    function onUpdated(call: CallDetail) {
      if (call.callId === callId) dispatch({ type: 'call-updated', call });
    }
    function onSummary(summary: CallSummaryRecord) {
      if (summary.callId === callId) dispatch({ type: 'summary-received', summary });
    }
    function onAudit(entry: AuditEntry) {
      if (entry.callId === callId) dispatch({ type: 'audit-received', entry });
    }
    function onNamesChanged(event: DirectoryChanged) {
      startTransition(() => dispatch({ type: 'names-changed', labels: event.labels }));
    }
    function onConnect() {
      // A reconnect is a new session on the server: join again and fetch what was missed during the drop.
      openInFlight.current = false;
      requestHistory(lastSeq.current);
    }

    socket.on('call:segment', onSegment);
    socket.on('call:interim', onInterim);
    socket.on('call:updated', onUpdated);
    socket.on('call:summary', onSummary);
    socket.on('call:audit', onAudit);
    socket.on('directory:changed', onNamesChanged);
    socket.on('connect', onConnect);
    requestHistory(lastSeq.current);
    return () => {
      socket.off('call:segment', onSegment);
      socket.off('call:interim', onInterim);
      socket.off('call:updated', onUpdated);
      socket.off('call:summary', onSummary);
      socket.off('call:audit', onAudit);
      socket.off('directory:changed', onNamesChanged);
      socket.off('connect', onConnect);
      if (retryTimer.current !== null) {
        clearTimeout(retryTimer.current);
        retryTimer.current = null;
      }
      release();
    };
  }, [socket, callId, requestHistory]);

  const needsCatchUp = selectNeedsCatchUp(state);
  useEffect(() => {
    if (needsCatchUp && status === 'live') requestHistory(state.lastSeq);
  }, [needsCatchUp, state.lastSeq, status, requestHistory]);

  // Older lines, one page at a time, after the newest are on screen. Every answer (or a failure, after a pause)
  // bumps `olderTick`, so the effect looks again even when the answer changed nothing (a stale page).
  const olderBefore = selectOlderBefore(state);
  const olderInFlight = useRef(false);
  const olderRetry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [olderTick, setOlderTick] = useState(0);
  useEffect(() => {
    if (olderBefore === null || status !== 'live' || olderInFlight.current || olderRetry.current !== null || !socket.connected) return;
    olderInFlight.current = true;
    socket.timeout(ACK_TIMEOUT_MS).emit('call:history', { callId, beforeSeq: olderBefore }, (error, result) => {
      olderInFlight.current = false;
      if (!error && result.ok) {
        // A transition: rendering thousands more lines in front yields to the supervisor's input and live lines.
        startTransition(() => {
          dispatch({ type: 'older-received', beforeSeq: olderBefore, page: result.data });
          setOlderTick((tick) => tick + 1);
        });
        return;
      }
      olderRetry.current = setTimeout(() => {
        olderRetry.current = null;
        setOlderTick((tick) => tick + 1);
      }, RETRY_DELAY_MS);
    });
  }, [olderBefore, status, socket, callId, olderTick]);
  useEffect(
    () => () => {
      if (olderRetry.current !== null) clearTimeout(olderRetry.current);
      olderRetry.current = null;
    },
    [],
  );

  return state;
}
