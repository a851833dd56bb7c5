/** `GET /api/search`: full-text search over stored final lines (see search-store.ts), for a logged-in supervisor. */
import { SearchRequestSchema, type SearchResponse } from '../../lib/protocol';
import { encodeSearchCursor } from '../../lib/search-cursor';
import { parseSearchQuery } from '../../lib/search-query';
import { relabelCall, relabelHit } from '../../lib/relabel';
import { invalidRequest, zodIssues } from '../rules/rule-validation';
import { getRuntime } from '../runtime';
import { jsonResult } from './json-result';
import { authorizeRequest } from './authorize-request';

/** Query strings past this are refused before parsing (q alone is at most 500 characters). */
const MAX_QUERY_STRING_CHARS = 4_096;

export async function runSearch(request: Request): Promise<Response> {
  const who = await authorizeRequest(request);
  if (!who.ok) return who.response;
  const url = new URL(request.url);
  if (url.search.length > MAX_QUERY_STRING_CHARS) {
    return jsonResult(400, { ok: false, error: invalidRequest([{ path: 'q', message: `the query string is at most ${MAX_QUERY_STRING_CHARS} characters` }]) });
  }
  const parsed = SearchRequestSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return jsonResult(400, { ok: false, error: invalidRequest(zodIssues(parsed.error)) });
  const { q, cursor, ...filters } = parsed.data;
  const query = parseSearchQuery(q);
  // The schema ran the same parse; this narrows its type.
  if (!query.ok) return jsonResult(400, { ok: false, error: invalidRequest([{ path: 'q', message: query.message }]) });
  const runtime = getRuntime();
  // Only lines of calls the asker may see, filtered in the query so pages and cursors stay right.
  const page = await runtime.search.searchLines({ ...filters, query: query.query, after: cursor, scope: runtime.visibility.scopeOf(who.actor) });
  const labelOf = runtime.directory.labelOf;
  const body: SearchResponse = {
    hits: page.hits.map((hit) => relabelHit(hit, labelOf)),
    calls: page.calls.map((call) => relabelCall(call, labelOf)),
    nextCursor: page.next === null ? null : encodeSearchCursor(page.next),
  };
  return jsonResult(200, { ok: true, data: body });
}
