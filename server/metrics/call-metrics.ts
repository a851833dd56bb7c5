/**
 * What the call pipeline reports to /metrics. CallService calls these on its hot path (once per final broadcast,
 * once per store flush), so an implementation must be cheap and must never throw.
 */
export interface CallMetrics {
  /** A final was broadcast to browsers `latencyMs` after the ingress received it (it was committed in between). */
  finalDelivered(latencyMs: number): void;
  /** One store flush (finals, then call rows) took `durationMs`; `ok` false when the store refused it. */
  storeFlushed(durationMs: number, ok: boolean): void;
}

/** For a CallService nobody scrapes (tests, tools). */
export const NO_CALL_METRICS: CallMetrics = {
  finalDelivered: () => undefined,
  storeFlushed: () => undefined,
};
