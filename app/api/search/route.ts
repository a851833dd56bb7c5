import { runSearch } from '@/server/http/search-route';

export const dynamic = 'force-dynamic';

/** Full-text search over final lines (query: SearchRequestSchema — `q`, `from`, `to`, `state`, `language`, `sentiment`, `hasAlerts`, `limit`, `cursor`). */
export function GET(request: Request) {
  return runSearch(request);
}
