/**
 * Coalesces call-list changes: a call that changed sends one row per interval however many packets it got.
 * Per-packet list updates to every supervisor cannot reach thousands of calls.
 */
import type { CallListItem } from '../../lib/protocol';
import type { Broadcaster } from './broadcaster';

export class CallListFeed {
  private readonly dirty = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly listItem: (callId: string) => CallListItem | null,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  markDirty(callId: string) {
    this.dirty.add(callId);
  }

  flush() {
    if (this.dirty.size === 0) return;
    const items: CallListItem[] = [];
    for (const callId of this.dirty) {
      const item = this.listItem(callId);
      if (item) items.push(item);
    }
    this.dirty.clear();
    if (items.length > 0) this.broadcaster.callsChanged(items);
  }

  close() {
    clearInterval(this.timer);
  }
}

export function toListItem(detail: CallListItem): CallListItem {
  return {
    callId: detail.callId,
    state: detail.state,
    transcription: detail.transcription,
    startedAt: detail.startedAt,
    endedAt: detail.endedAt,
    participants: detail.participants,
    locale: detail.locale,
    detectedLanguage: detail.detectedLanguage,
    sentimentNow: detail.sentimentNow,
    sentimentTrend: detail.sentimentTrend,
    lastLine: detail.lastLine,
    lastSeq: detail.lastSeq,
    piiLineCount: detail.piiLineCount,
    updatedAt: detail.updatedAt,
  };
}
