import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { usePermission } from '@/components/app-shell/permissions-provider';
import { deriveControlsView, failureKey, type ControlsView, type LocalRequests } from '@/lib/call-controls';
import { postCallOperation, type CallOperation } from '@/lib/control-client';
import type { AuditEntry, CallDetail } from '@/lib/protocol';

export interface CallControlsApi {
  view: ControlsView;
  start(): void;
  stop(): void;
  switchLanguage(locale: string): void;
  summarize(): void;
  hangUp(forEveryone: boolean): void;
  dismissFailure(keys: readonly string[]): void;
}

/**
 * Sends the call-control requests and keeps this browser's side of each (sending, accepted with its operation
 * context, refused with the server's error); everything else comes from the call as the server pushes it.
 */
export function useCallControls(callId: string, call: CallDetail | null, audit: readonly AuditEntry[]): CallControlsApi {
  const [requests, setRequests] = useState<LocalRequests>({});
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  // Orders refusals, so the newest one is the one shown.
  const refusals = useRef(0);
  // The call's lastError as of the latest render, read when a request is sent.
  const lastError = useRef<string | null>(null);
  const lastErrorKey = call?.lastError ? failureKey(call.lastError) : null;
  useEffect(() => {
    lastError.current = lastErrorKey;
  }, [lastErrorKey]);

  const send = useCallback(
    (operation: CallOperation, body: Record<string, unknown>, locale: string | null = null) => {
      setRequests((current) => {
        // A new attempt makes earlier refusals history: the server's lastError still says what ACS last refused.
        const next: LocalRequests = {};
        for (const [key, request] of Object.entries(current) as [CallOperation, LocalRequests[CallOperation]][]) {
          if (request !== undefined && request.phase !== 'refused') next[key] = request;
        }
        next[operation] = { phase: 'sending', locale };
        return next;
      });
      const lastErrorBefore = lastError.current;
      void postCallOperation(callId, operation, body).then((result) => {
        refusals.current += 1;
        const seq = refusals.current;
        setRequests((current) => ({
          ...current,
          [operation]: result.ok ? { phase: 'accepted', operationContext: result.data.operationContext, locale } : { phase: 'refused', error: result.error, seq, lastErrorBefore },
        }));
      });
    },
    [callId],
  );

  const permission = usePermission('control');
  const derived = useMemo(() => deriveControlsView(call, audit, requests, dismissed), [call, audit, requests, dismissed]);
  // A role without the control permission sees every control disabled, saying why.
  const view = useMemo(() => (permission.allowed ? derived : withoutControl(derived, permission.reason)), [derived, permission.allowed, permission.reason]);

  return {
    view,
    start: useCallback(() => send('start-transcription', {}), [send]),
    stop: useCallback(() => send('stop-transcription', {}), [send]),
    switchLanguage: useCallback((locale: string) => send('update-transcription', { locale }, locale), [send]),
    summarize: useCallback(() => send('summarize', {}), [send]),
    hangUp: useCallback((forEveryone: boolean) => send('hang-up', { forEveryone }), [send]),
    dismissFailure: useCallback((keys: readonly string[]) => setDismissed((current) => new Set([...current, ...keys])), []),
  };
}

function withoutControl(view: ControlsView, reason: string | null): ControlsView {
  const off = { enabled: false, reason };
  const availability = Object.fromEntries(Object.keys(view.availability).map((operation) => [operation, off])) as ControlsView['availability'];
  return { ...view, availability };
}
