/**
 * Coalesces call-list changes: a call that changed sends one row per interval however many packets it got, and a
 * call whose row reads the same as the last one sent sends nothing. Per-packet list updates to every supervisor
 * cannot reach thousands of calls; rows that did not change would only cost every browser work.
 */
import { scoreAttention, type AttentionSignals, type CallAttention } from '../../lib/attention';
import { LIST_BATCH_ROWS, LIST_ROW_LINE_CHARS, LIST_ROW_PARTICIPANTS, type CallDetail, type CallHealth, type CallListItem, type CallListRow } from '../../lib/protocol';
import type { Broadcaster } from './broadcaster';
import { UNASSIGNED_TEAM_ID } from '../../lib/team-match';

export class CallListFeed {
  private readonly dirty = new Set<string>();
  /** The row last sent for each call this feed sends for; an ended call's is dropped once sent (it rarely changes again). */
  private readonly lastSent = new Map<string, CallListRow>();
  private readonly timer: NodeJS.Timeout;
  /** Calls of the last flush whose rows are not built yet (sent a chunk per turn). */
  private queued: string[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly broadcaster: Broadcaster,
    private readonly listRow: (callId: string) => CallListRow | null,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  markDirty(callId: string) {
    this.dirty.add(callId);
  }

  /**
   * Sends the rows of the calls marked since the last flush, LIST_BATCH_ROWS calls per turn of the event loop: the
   * first at once, the rest each after the streams' frames waiting meanwhile have been read. Building 2,000 rows in
   * one go held the ingress up for 20–30 ms every interval; and a browser receives and parses each event in its own
   * short task.
   */
  flush() {
    // What an earlier flush still has to send goes first, so a call's rows never overtake each other.
    while (this.queued.length > 0) this.sendChunk();
    if (this.dirty.size === 0) return;
    this.queued = [...this.dirty];
    this.dirty.clear();
    this.sendChunk();
    this.sendRestLater();
  }

  private sendRestLater() {
    if (this.queued.length === 0 || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed) return;
      this.sendChunk();
      this.sendRestLater();
    });
  }

  /** The next LIST_BATCH_ROWS queued calls: the rows that changed go out in one event. */
  private sendChunk() {
    const callIds = this.queued.splice(0, LIST_BATCH_ROWS);
    const rows: CallListRow[] = [];
    for (const callId of callIds) {
      const row = this.listRow(callId);
      const previous = this.lastSent.get(callId);
      if (row === null) {
        this.lastSent.delete(callId);
        continue;
      }
      if (previous !== undefined && sameListRow(previous, row)) continue;
      if (previous !== undefined) this.noteTeamsLeft(previous, row);
      rows.push(row);
      if (row.state === 'disconnected') this.lastSent.delete(callId);
      else this.lastSent.set(callId, row);
    }
    if (rows.length > 0) this.broadcaster.callsChanged(rows);
  }

  /** Watchers of teams the call left stop seeing its row (the row itself goes only to its teams now). */
  private noteTeamsLeft(previous: CallListRow, row: CallListRow) {
    const left = previous.teamIds.filter((teamId) => !row.teamIds.includes(teamId));
    if (left.length > 0) this.broadcaster.callLeftTeams?.(row.callId, left, row.teamIds);
  }

  close() {
    this.closed = true;
    clearInterval(this.timer);
  }
}

/** What the call list shows of a call, compact: the first participants, a cut last line, a rounded trend. */
/** `teamIds`: the call's teams as people see them (call-visibility.ts), Unassigned when none is given. */
export function toListRow(call: CallListItem & Pick<CallDetail, 'lastError'> & { attentionSignals: AttentionSignals }, teamIds: readonly string[] = [UNASSIGNED_TEAM_ID]): CallListRow {
  const lastLine = call.lastLine;
  return {
    callId: call.callId,
    state: call.state,
    transcription: call.transcription,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    participants: call.participants.slice(0, LIST_ROW_PARTICIPANTS).map((participant) => ({ rawId: participant.rawId, label: participant.label })),
    participantCount: call.participants.length,
    locale: call.locale,
    detectedLanguage: call.detectedLanguage,
    sentimentNow: call.sentimentNow,
    sentimentTrend: call.sentimentTrend.map((value) => Math.round(value * 100) / 100),
    lastLine: lastLine === null ? null : { speakerLabel: lastLine.speakerLabel, ...(lastLine.speakerRawId === undefined ? {} : { speakerRawId: lastLine.speakerRawId }), text: cutText(lastLine.text), piiMasked: lastLine.piiMasked, seq: lastLine.seq },
    lastSeq: call.lastSeq,
    piiLineCount: call.piiLineCount,
    health: call.health,
    attention: scoreAttention(call),
    transcriptionFailure: call.transcription === 'failed' && call.lastError ? { code: call.lastError.code, message: call.lastError.message } : null,
    updatedAt: call.updatedAt,
    teamIds: [...teamIds],
  };
}

function cutText(text: string): string {
  if (text.length <= LIST_ROW_LINE_CHARS) return text;
  const cut = text.slice(0, LIST_ROW_LINE_CHARS - 1);
  // Never end on half of a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** Field by field (a row is small): the same row need not be sent again. */
export function sameListRow(a: CallListRow, b: CallListRow): boolean {
  return (
    a.callId === b.callId &&
    a.state === b.state &&
    a.transcription === b.transcription &&
    a.startedAt === b.startedAt &&
    a.endedAt === b.endedAt &&
    a.participantCount === b.participantCount &&
    a.locale === b.locale &&
    a.detectedLanguage === b.detectedLanguage &&
    a.sentimentNow === b.sentimentNow &&
    a.lastSeq === b.lastSeq &&
    a.piiLineCount === b.piiLineCount &&
    a.updatedAt === b.updatedAt &&
    sameArray(a.teamIds, b.teamIds, (x, y) => x === y) &&
    sameHealth(a.health, b.health) &&
    sameAttention(a.attention, b.attention) &&
    a.transcriptionFailure?.code === b.transcriptionFailure?.code &&
    sameLastLine(a.lastLine, b.lastLine) &&
    sameArray(a.participants, b.participants, (x, y) => x.rawId === y.rawId && x.label === y.label) &&
    sameArray(a.sentimentTrend, b.sentimentTrend, (x, y) => x === y)
  );
}

function sameAttention(a: CallAttention, b: CallAttention): boolean {
  return a.score === b.score && sameArray(a.reasons, b.reasons, (x, y) => x.kind === y.kind && x.text === y.text && x.points === y.points);
}

function sameHealth(a: CallHealth, b: CallHealth): boolean {
  return a.stream === b.stream && a.streamSince === b.streamSince && a.lastPacketAt === b.lastPacketAt && a.lastFinalAt === b.lastFinalAt;
}

function sameLastLine(a: CallListRow['lastLine'], b: CallListRow['lastLine']): boolean {
  if (a === null || b === null) return a === b;
  return a.seq === b.seq && a.text === b.text && a.speakerLabel === b.speakerLabel && a.piiMasked === b.piiMasked;
}

function sameArray<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((item, index) => same(item, b[index] as T));
}

/** A call's summary fields, as `GET /api/calls` lists them. */
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
    health: detail.health,
    lastSeq: detail.lastSeq,
    piiLineCount: detail.piiLineCount,
    updatedAt: detail.updatedAt,
  };
}
