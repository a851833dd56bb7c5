/**
 * `GET /api/export?format=&…filters`: every call the call history's filters match, one file per call in the chosen
 * format, as one streamed ZIP. Calls are read a page at a time and each call's lines a page at a time, so the
 * archive takes the same memory for ten calls or ten thousand. Each exported call gets an audit entry, as a single
 * export does.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parseCallHistoryQuery, type CallHistoryFilter } from '../../lib/call-history-filter';
import { exportCall, exportFileName } from '../../lib/export/export-call';
import { ExportFormatSchema, type ExportFormat } from '../../lib/export/export-model';
import type { ApiError, AuditEntry } from '../../lib/protocol';
import type { CallService } from '../calls/call-service';
import type { Logger } from '../log';
import type { CallPageKey } from '../store/call-history-query';
import type { CallStore } from '../store/call-store';
import { loadExportSource } from './export-source';
import { zipStream, type ZipFile } from './zip-stream';

/** Calls one archive holds at most: an hour's downloads for a slow link; narrow the filter for more. */
export const MAX_BULK_EXPORT_CALLS = 10_000;
/** Calls read from the store per page. */
const CALL_PAGE = 100;

export interface BulkExportFile {
  fileName: string;
  body: Readable;
}

export type BulkExportAnswer = { ok: true; file: BulkExportFile } | { ok: false; status: number; error: ApiError };

export interface BulkExportsOptions {
  store: CallStore;
  calls: Pick<CallService, 'getCall' | 'addAudit'>;
  now: () => number;
  log: Logger;
}

export class BulkExports {
  constructor(private readonly options: BulkExportsOptions) {}

  /** `params`: `format` and the call history's filters (`state, from, to, language, sentiment, participant, hasAlerts, text`). */
  start(actor: string, params: URLSearchParams): BulkExportAnswer {
    const filters = new URLSearchParams(params);
    const format = ExportFormatSchema.safeParse(filters.get('format') ?? undefined);
    if (!format.success) return invalid(format.error.issues[0]?.message ?? 'format is required');
    if (filters.getAll('format').length > 1) return invalid('format may be given once.');
    filters.delete('format');
    for (const paging of ['limit', 'cursor']) if (filters.has(paging)) return invalid(`${paging} does not apply to an export: it holds every matching call (at most ${MAX_BULK_EXPORT_CALLS}).`);
    const parsed = parseCallHistoryQuery(filters);
    if (!parsed.ok) return invalid(parsed.message);
    const now = this.options.now();
    const files = this.files(parsed.query.filter, format.data, actor, now);
    return { ok: true, file: { fileName: `earshot-calls-${new Date(now).toISOString().slice(0, 10)}.zip`, body: zipStream(files) } };
  }

  private async *files(filter: CallHistoryFilter, format: ExportFormat, actor: string, now: number): AsyncGenerator<ZipFile> {
    const names = new Set<string>();
    let count = 0;
    for await (const callId of this.matchingCallIds(filter)) {
      if (count >= MAX_BULK_EXPORT_CALLS) break;
      const source = await loadExportSource(this.options, callId, actor, now);
      // Erased between the page read and now: nothing to export.
      if (source === null) continue;
      count++;
      const entry: AuditEntry = { id: randomUUID(), callId, at: now, actor, action: 'export', operationContext: null, outcome: 'confirmed', detail: `format ${format}, in a bulk export` };
      await this.options.calls.addAudit(entry);
      source.audit = [...source.audit, entry];
      yield { name: uniqueName(names, exportFileName(source.call, format)), date: new Date(source.call.startedAt), body: exportCall(format, source) };
    }
    this.options.log.info({ actor, format, calls: count }, 'bulk export written');
  }

  private async *matchingCallIds(filter: CallHistoryFilter): AsyncGenerator<string> {
    let after: CallPageKey | null = null;
    do {
      const page = await this.options.store.listCallPage({ filter, after, limit: CALL_PAGE });
      for (const call of page.calls) yield call.callId;
      after = page.next;
    } while (after !== null);
  }
}

/** Two call ids can make the same ASCII file name (`a/b` and `a?b`): the second gets `-2`, and so on. */
function uniqueName(taken: Set<string>, name: string): string {
  let candidate = name;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = name.replace(/(\.[a-z]+)$/, `-${suffix}$1`);
  taken.add(candidate);
  return candidate;
}

function invalid(message: string): BulkExportAnswer {
  return { ok: false, status: 400, error: { code: 'invalid_request', message } };
}
