/**
 * `GET /api/export?format=&…filters`: every call the call history's filters (or a search) match, one file per call in the chosen
 * format, as one streamed ZIP. Calls are read a page at a time and each call's lines a page at a time, so the
 * archive takes the same memory for ten calls or ten thousand. Each exported call gets an audit entry, as a single
 * export does.
 */
import type { TeamScope } from '../auth/call-visibility';
import type { Readable } from 'node:stream';
import { parseCallHistoryQuery, type CallHistoryFilter } from '../../lib/call-history-filter';
import { exportCall, exportFileName } from '../../lib/export/export-call';
import { ExportFormatSchema, type ExportFormat } from '../../lib/export/export-model';
import { SearchRequestSchema, type ApiError } from '../../lib/protocol';
import { parseSearchQuery } from '../../lib/search-query';
import type { CallService } from '../calls/call-service';
import type { Logger } from '../log';
import type { CallPageKey } from '../store/call-history-query';
import type { CallStore } from '../store/call-store';
import type { LineSearch } from '../store/search-store';
import { auditExport, loadExportSource } from './export-source';
import { zipStream, type ZipFile } from './zip-stream';

/** Calls one archive holds at most: an hour's downloads for a slow link; narrow the filter for more. */
export const MAX_BULK_EXPORT_CALLS = 10_000;
/** Calls read from the store per page. */
const CALL_PAGE = 100;
/** Search hits read per page (several may be of one call). */
const SEARCH_PAGE = 100;

/** What an export of a search reads besides `format`: the search's own filters. */
const SEARCH_EXPORT_PARAMS = ['q', 'from', 'to', 'state', 'language', 'sentiment', 'hasAlerts'];

type CallIds = { ok: true; ids: AsyncIterable<string> } | { ok: false; message: string };

export interface BulkExportFile {
  fileName: string;
  body: Readable;
}

export type BulkExportAnswer = { ok: true; file: BulkExportFile } | { ok: false; status: number; error: ApiError };

export interface BulkExportsOptions {
  store: CallStore;
  calls: Pick<CallService, 'getCall' | 'addAudit'> & Partial<Pick<CallService, 'names'>>;
  now: () => number;
  log: Logger;
}

export class BulkExports {
  constructor(private readonly options: BulkExportsOptions) {}

  /**
   * `params`: `format`, and either the call history's filters (`state, from, to, language, sentiment, participant,
   * hasAlerts, text`) or a search (`q` with the search's filters `state, from, to, language, sentiment, hasAlerts`).
   */
  /** `scope`: only calls the asker may see go in (call-visibility.ts), filtered in the queries that page. */
  start(actor: string, params: URLSearchParams, scope: TeamScope): BulkExportAnswer {
    const filters = new URLSearchParams(params);
    const format = ExportFormatSchema.safeParse(filters.get('format') ?? undefined);
    if (!format.success) return invalid(format.error.issues[0]?.message ?? 'format is required');
    if (filters.getAll('format').length > 1) return invalid('format may be given once.');
    filters.delete('format');
    for (const paging of ['limit', 'cursor']) if (filters.has(paging)) return invalid(`${paging} does not apply to an export: it holds every matching call (at most ${MAX_BULK_EXPORT_CALLS}).`);
    const callIds = filters.has('q') ? this.searchedCalls(filters, scope) : this.filteredCalls(filters, scope);
    if (!callIds.ok) return invalid(callIds.message);
    const now = this.options.now();
    const files = this.files(callIds.ids, format.data, actor, now);
    return { ok: true, file: { fileName: `earshot-calls-${new Date(now).toISOString().slice(0, 10)}.zip`, body: zipStream(files) } };
  }

  private filteredCalls(params: URLSearchParams, scope: TeamScope): CallIds {
    const parsed = parseCallHistoryQuery(params);
    return parsed.ok ? { ok: true, ids: this.historyCallIds(parsed.query.filter, scope) } : parsed;
  }

  private searchedCalls(params: URLSearchParams, scope: TeamScope): CallIds {
    for (const [name] of params) {
      if (!SEARCH_EXPORT_PARAMS.includes(name)) return { ok: false, message: `Unknown parameter ${name} with q; use ${SEARCH_EXPORT_PARAMS.join(', ')}.` };
      if (params.getAll(name).length > 1) return { ok: false, message: `${name} may be given once.` };
    }
    const parsed = SearchRequestSchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, message: `${String(issue?.path[0] ?? 'q')}: ${issue?.message ?? 'invalid'}` };
    }
    const { q, cursor: _cursor, limit: _limit, ...filters } = parsed.data;
    const query = parseSearchQuery(q);
    if (!query.ok) return { ok: false, message: `q: ${query.message}` };
    return { ok: true, ids: this.searchCallIds({ ...filters, query: query.query, limit: SEARCH_PAGE, scope }) };
  }

  private async *files(callIds: AsyncIterable<string>, format: ExportFormat, actor: string, now: number): AsyncGenerator<ZipFile> {
    const names = new Set<string>();
    let count = 0;
    for await (const callId of callIds) {
      if (count >= MAX_BULK_EXPORT_CALLS) break;
      const source = await loadExportSource(this.options, callId, actor, now);
      // Erased between the page read and now: nothing to export.
      if (source === null) continue;
      count++;
      await auditExport(this.options.calls, source, `format ${format}, in a bulk export`);
      yield { name: uniqueName(names, exportFileName(source.call, format)), date: new Date(source.call.startedAt), body: exportCall(format, source) };
    }
    this.options.log.info({ actor, format, calls: count }, 'bulk export written');
  }

  /** The calls with a matching line, in the order of their newest match; each once (the set is bounded by MAX_BULK_EXPORT_CALLS). */
  private async *searchCallIds(search: LineSearch): AsyncGenerator<string> {
    const seen = new Set<string>();
    let after: LineSearch['after'];
    do {
      const page = await this.options.store.searchLines({ ...search, after });
      for (const hit of page.hits) {
        if (seen.has(hit.callId)) continue;
        seen.add(hit.callId);
        yield hit.callId;
      }
      after = page.next ?? undefined;
    } while (after !== undefined && seen.size < MAX_BULK_EXPORT_CALLS);
  }

  private async *historyCallIds(filter: CallHistoryFilter, scope: TeamScope): AsyncGenerator<string> {
    let after: CallPageKey | null = null;
    do {
      const page = await this.options.store.listCallPage({ filter, after, limit: CALL_PAGE, scope });
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
