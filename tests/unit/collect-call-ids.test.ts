/** Walking the call history's pages for the live calls whose transcript matches the list's text filter. */
import { describe, expect, it } from 'vitest';
import { collectCallIds, type HistoryPage } from '../../lib/history-client';
import type { CallListRow } from '../../lib/protocol';
import type { TriageResult } from '../../lib/triage-client';

/** A history API of `pages` pages with two calls each, recording the queries it was asked. */
function pagedApi(pages: number, failAt: number | null = null) {
  const asked: string[] = [];
  const fetchPage = async (query: string): Promise<TriageResult<HistoryPage>> => {
    asked.push(query);
    const page = Number(new URLSearchParams(query).get('cursor') ?? 0);
    if (page === failAt) return { ok: false, error: { code: 'network_error', message: 'down' } };
    const calls = [`call-${page}-a`, `call-${page}-b`].map((callId) => ({ callId }) as CallListRow);
    return { ok: true, data: { calls, nextCursor: page + 1 < pages ? String(page + 1) : null } };
  };
  return { asked, fetchPage };
}

describe('collectCallIds', () => {
  it('follows the cursor to the last page', async () => {
    const api = pagedApi(3);
    const found = await collectCallIds('state=live&text=refund', 15, () => false, api.fetchPage);
    expect([...(found ?? [])]).toEqual(['call-0-a', 'call-0-b', 'call-1-a', 'call-1-b', 'call-2-a', 'call-2-b']);
    expect(api.asked).toEqual(['state=live&text=refund', 'state=live&text=refund&cursor=1', 'state=live&text=refund&cursor=2']);
  });

  it('answers with the first pages when more match than it may follow', async () => {
    const api = pagedApi(40);
    const found = await collectCallIds('text=refund', 2, () => false, api.fetchPage);
    expect([...(found ?? [])]).toEqual(['call-0-a', 'call-0-b', 'call-1-a', 'call-1-b']);
    expect(api.asked).toHaveLength(2);
  });

  it('answers null when a page fails, so the caller keeps its last answer', async () => {
    const api = pagedApi(3, 1);
    expect(await collectCallIds('text=refund', 15, () => false, api.fetchPage)).toBeNull();
  });

  it('answers null once stopped, without asking for more pages', async () => {
    const api = pagedApi(5);
    let stopped = false;
    const walk = collectCallIds('text=refund', 15, () => stopped, async (query) => {
      stopped = true;
      return api.fetchPage(query);
    });
    expect(await walk).toBeNull();
    expect(api.asked).toHaveLength(1);
  });
});
