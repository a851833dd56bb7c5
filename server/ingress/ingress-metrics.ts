/**
 * Counters for the transcript ingress: plain numbers, so the per-packet cost is an increment. /api/health reports
 * them and /metrics reads the same ones when Prometheus scrapes (server/metrics/earshot-metrics.ts), never a copy.
 */
export class IngressMetrics {
  activeStreams = 0;
  /** Streams whose socket is paused (TCP back-pressure) until their call has loaded. */
  pausedStreams = 0;
  packetsAccepted = 0;
  readonly packetsRejected: Record<string, number> = {};
  readonly connectionsRefused: Record<string, number> = {};

  reject(reason: string) {
    this.packetsRejected[reason] = (this.packetsRejected[reason] ?? 0) + 1;
  }

  refuse(reason: string) {
    this.connectionsRefused[reason] = (this.connectionsRefused[reason] ?? 0) + 1;
  }

  snapshot() {
    return {
      activeStreams: this.activeStreams,
      pausedStreams: this.pausedStreams,
      packetsAccepted: this.packetsAccepted,
      packetsRejected: { ...this.packetsRejected },
      connectionsRefused: { ...this.connectionsRefused },
    };
  }
}
