/** The browser's side of the call history API (`GET /api/calls?…`) and a call's alerts (`GET /api/alerts?callId=`). */
import { z } from 'zod';
import type { CallListRow } from './protocol';
import type { Alert } from './rules';
import { ALERTS_URL, AlertSchema, requestJson, type FetchLike, type TriageResult } from './triage-client';

/**
 * The rows are the call list's own (the server builds them with the live feed's code): checked for what the list
 * needs to place and open a row; a row without those is refused with the page.
 */
const HistoryRowSchema = z.custom<CallListRow>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { callId?: unknown }).callId === 'string' &&
    typeof (value as { startedAt?: unknown }).startedAt === 'number' &&
    typeof (value as { updatedAt?: unknown }).updatedAt === 'number' &&
    ['connecting', 'connected', 'disconnected'].includes(String((value as { state?: unknown }).state)) &&
    typeof (value as { attention?: { score?: unknown } }).attention?.score === 'number' &&
    Array.isArray((value as { participants?: unknown }).participants),
  'a call-list row',
);

const HistoryPageSchema = z.object({ calls: z.array(HistoryRowSchema), nextCursor: z.string().nullable() });
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

/** `query`: from lib/call-list-url.ts historyPageQuery. */
export const fetchHistoryPage = (query: string, fetchImpl?: FetchLike): Promise<TriageResult<HistoryPage>> =>
  requestJson('GET', `/api/calls?${query}`, undefined, HistoryPageSchema, fetchImpl);

/** Every alert the call raised (open and acknowledged), newest first. */
export const fetchCallAlerts = (callId: string, fetchImpl?: FetchLike): Promise<TriageResult<Alert[]>> =>
  requestJson(
    'GET',
    `${ALERTS_URL}?${new URLSearchParams({ state: 'all', callId, limit: '500' }).toString()}`,
    undefined,
    z.object({ alerts: z.array(AlertSchema) }).transform((data) => data.alerts),
    fetchImpl,
  );

/**
 * The ids of every call on the pages of `query`, following the cursor for at most `maxPages` pages; past that, the
 * first pages' calls (a partial answer beats none). Null when a page fails: the caller keeps what it had.
 * `stopped` is asked after each page, and a stopped walk answers null.
 */
export async function collectCallIds(
  query: string,
  maxPages: number,
  stopped: () => boolean = () => false,
  fetchPage: (query: string) => Promise<TriageResult<HistoryPage>> = fetchHistoryPage,
): Promise<Set<string> | null> {
  const found = new Set<string>();
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const params = new URLSearchParams(query);
    if (cursor !== null) params.set('cursor', cursor);
    const result = await fetchPage(params.toString());
    if (stopped() || !result.ok) return null;
    for (const row of result.data.calls) found.add(row.callId);
    cursor = result.data.nextCursor;
    if (cursor === null) break;
  }
  return found;
}
