/**
 * The store side of an export: the call's header data read at once (bounded lists), its final lines read page by
 * page while the file is written, so a call of any length streams in constant memory.
 */
import { randomUUID } from 'node:crypto';
import type { ExportSource } from '../../lib/export/export-model';
import { MAX_ANNOTATIONS_PER_CALL, type AuditEntry, type FinalLine } from '../../lib/protocol';
import type { CallService } from '../calls/call-service';
import type { CallStore } from '../store/call-store';
import { relabelSpeakerOf, type LabelOf } from '../../lib/relabel';

/** Lines per store read: large enough that a 10,000-line call is ten reads, small enough to hold nothing big. */
export const EXPORT_PAGE_LINES = 1_000;
/** Alerts an export carries at most (newest kept): far more than any call raises. */
export const EXPORT_ALERTS_LIMIT = 10_000;

/** Final lines 1…`upToSeq`, ascending, read `pageSize` at a time as the consumer asks for them. */
export async function* storedLines(store: Pick<CallStore, 'linesAfter'>, callId: string, upToSeq: number, pageSize = EXPORT_PAGE_LINES): AsyncGenerator<FinalLine> {
  let after = 0;
  while (after < upToSeq) {
    const page = await store.linesAfter(callId, after, pageSize);
    for (const line of page) {
      if (line.seq > upToSeq) return;
      yield line;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return;
    after = last.seq;
  }
}

/** Each line's speaker as the directory names them now (a JSON export keeps the raw id beside the name). */
async function* namedLines(lines: AsyncIterable<FinalLine>, labelOf: LabelOf): AsyncGenerator<FinalLine> {
  for await (const line of lines) yield relabelSpeakerOf(line, labelOf);
}

export interface ExportSourceDeps {
  store: CallStore;
  /** `names`: as the call service names participants (stored labels without it). */
  calls: Pick<CallService, 'getCall'> & Partial<Pick<CallService, 'names'>>;
}

/**
 * The call as it is now; null for an unknown call. Lines stop at the call's last seq at this moment, so a live
 * call's export is one consistent snapshot (its `lineCount` is the number of lines in it).
 */
export async function loadExportSource(deps: ExportSourceDeps, callId: string, exportedBy: string, exportedAt: number): Promise<ExportSource | null> {
  const call = await deps.calls.getCall(callId);
  if (call === null) return null;
  const [summaries, alerts, annotations, audit] = await Promise.all([
    deps.store.listSummaries(callId),
    deps.store.listAlerts({ state: 'all', callId, limit: EXPORT_ALERTS_LIMIT }),
    deps.store.listAnnotations(callId, MAX_ANNOTATIONS_PER_CALL),
    deps.store.listAudit(callId),
  ]);
  return {
    call,
    summaries,
    alerts: alerts.reverse(),
    annotations,
    audit,
    segments: deps.calls.names === undefined ? storedLines(deps.store, callId, call.lastSeq) : namedLines(storedLines(deps.store, callId, call.lastSeq), deps.calls.names),
    exportedAt,
    exportedBy,
  };
}

/**
 * Writes an export of the source's call to its audit trail (stored and pushed to the call page like any audit entry)
 * before the first byte goes out, and adds the entry to the source, so the export's own audit trail includes it.
 */
export async function auditExport(calls: Pick<CallService, 'addAudit'>, source: ExportSource, detail: string): Promise<void> {
  const entry: AuditEntry = { id: randomUUID(), callId: source.call.callId, at: source.exportedAt, actor: source.exportedBy, action: 'export', operationContext: null, outcome: 'confirmed', detail };
  await calls.addAudit(entry);
  source.audit = [...source.audit, entry];
}
