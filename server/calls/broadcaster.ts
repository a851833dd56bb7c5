/** What the call pipeline tells browsers. The socket.io implementation lives in server/realtime. */
import type { AuditEntry, RingingCall, CallDetail, CallListItem, CallSummaryRecord, FinalSegment, InterimSegment } from '../../lib/protocol';

export interface Broadcaster {
  segment(segment: FinalSegment): void;
  interim(segment: InterimSegment): void;
  callUpdated(call: CallDetail): void;
  summary(summary: CallSummaryRecord): void;
  callsChanged(calls: CallListItem[]): void;
  audit(entry: AuditEntry): void;
  ringing(calls: RingingCall[]): void;
}
