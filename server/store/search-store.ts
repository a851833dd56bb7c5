/**
 * Full-text search over stored final lines: part of the storage contract (`CallStore` extends it), implemented by
 * SQLite (FTS5, search-sqlite.ts) and PostgreSQL (tsvector + GIN, search-postgres.ts). Both index only a segment's
 * display text, in which ACS's PII redaction is already `*`, so a redacted word is never searchable.
 */
import type { SearchCall, SearchHit, SearchState } from '../../lib/protocol';
import type { SearchCursor } from '../../lib/search-cursor';
import type { SearchQuery } from '../../lib/search-query';
import type { TeamScope } from '../domain/team-scope';

export interface LineSearch {
  query: SearchQuery;
  /** Received at or after, epoch ms. */
  from?: number;
  /** Received at or before, epoch ms. */
  to?: number;
  state: SearchState;
  /** A full tag (`es-ES`, any case) or a primary language (`es` matches `es-*`). */
  language?: string;
  sentiment?: 'positive' | 'neutral' | 'negative';
  /** Only lines of calls with (true) or without (false) any alert. */
  hasAlerts?: boolean;
  limit: number;
  /** Whose calls (call-visibility.ts); every call when absent. */
  scope?: TeamScope;
  /** Continue after this hit (exclusive), newest first. */
  after?: SearchCursor;
}

export interface LineSearchPage {
  hits: SearchHit[];
  calls: SearchCall[];
  /** The last hit's keyset when more may follow. */
  next: SearchCursor | null;
}

export interface SearchStore {
  searchLines(search: LineSearch): Promise<LineSearchPage>;
}
