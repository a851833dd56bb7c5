/** What the call pipeline tells browsers. The socket.io implementation lives in server/realtime. */
import type { AuditEntry, RingingCall, CallDetail, CallListRow, CallSummaryRecord, FinalSegment, InterimSegment } from '../../lib/protocol';

export interface Broadcaster {
  segment(segment: FinalSegment): void;
  interim(segment: InterimSegment): void;
  callUpdated(call: CallDetail): void;
  summary(summary: CallSummaryRecord): void;
  /** Changed call-list rows, coalesced (call-list-feed.ts). */
  callsChanged(calls: CallListRow[]): void;
  audit(entry: AuditEntry): void;
  ringing(calls: RingingCall[]): void;
  /** A call was deleted: list watchers of its teams (null: unknown, admins only) drop its row, an open call page says so. */
  callErased?(callId: string, teamIds: readonly string[] | null): void;
  /**
   * A live call left teams (`leftTeamIds`) and is in `teamIds` now: list watchers who saw it only through the teams
   * it left drop its row (`call:hidden`); whoever still sees it keeps it.
   */
  callLeftTeams?(callId: string, leftTeamIds: readonly string[], teamIds: readonly string[]): void;
}
