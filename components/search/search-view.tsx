'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { DownloadMenu } from '@/components/common/download-menu';
import { EmptyNote } from '@/components/ui/empty-note';
import { Spinner } from '@/components/ui/spinner';
import type { SearchCall, SearchHit } from '@/lib/protocol';
import { searchLines } from '@/lib/search-client';
import { searchApiQuery, searchExportPath, searchPageQuery, type SearchForm } from '@/lib/search-params';
import { SearchFilters } from './search-filters';
import { SearchResults } from './search-results';

const PAGE_SIZE = 25;

interface Results {
  hits: SearchHit[];
  calls: Map<string, SearchCall>;
  nextCursor: string | null;
}

type Status = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string };

/** The search page: the form (from the URL), results grouped by call, and "more results" by cursor. */
export function SearchView({ form }: { form: SearchForm }) {
  const router = useRouter();
  const [results, setResults] = useState<Results | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const hasQuery = form.q.trim() !== '';

  async function load(cursor: string | null, signal?: AbortSignal) {
    setStatus({ kind: 'loading' });
    const answer = await searchLines(searchApiQuery(form, cursor, PAGE_SIZE), signal);
    if (!answer.ok) {
      setStatus({ kind: 'error', message: answer.error.message });
      return;
    }
    const { hits, calls, nextCursor } = answer.data;
    setResults((current) => {
      const base = cursor !== null && current ? current : { hits: [], calls: new Map<string, SearchCall>(), nextCursor: null };
      const merged = new Map(base.calls);
      for (const call of calls) merged.set(call.callId, call);
      return { hits: [...base.hits, ...hits], calls: merged, nextCursor };
    });
    setStatus({ kind: 'idle' });
  }

  useEffect(() => {
    if (!hasQuery) return;
    const controller = new AbortController();
    load(null, controller.signal).catch(() => undefined);
    return () => controller.abort();
    // The page remounts this view for every new URL (its key), so the form never changes under it.
  }, []);

  return (
    <div className="mx-auto max-w-5xl space-y-4 p-4">
      <div className="flex items-center justify-between gap-2">
        <h1 className="text-lg font-semibold text-slate-900">Search transcripts</h1>
        {hasQuery && <DownloadMenu title="Export these calls" listLabel="Download the calls with a matching line as a ZIP of" hrefFor={(format) => searchExportPath(form, format)} testId="search.export" />}
      </div>
      <SearchFilters initial={form} onSearch={(next) => router.push(`/search?${searchPageQuery(next)}`)} />
      <div aria-live="polite" className="text-sm text-slate-700" data-testid="search.status">
        {status.kind === 'error' && (
          <p role="alert" className="text-orange-800">
            {status.message}
          </p>
        )}
        {status.kind === 'idle' && results !== null && (results.hits.length === 0 ? 'No lines match.' : `${results.hits.length}${results.nextCursor !== null ? '+' : ''} matching lines.`)}
      </div>
      {!hasQuery && <EmptyNote>Type words to find in live and ended calls.</EmptyNote>}
      {results !== null && results.hits.length > 0 && <SearchResults hits={results.hits} calls={results.calls} />}
      {status.kind === 'loading' && (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <Spinner /> Searching…
        </p>
      )}
      {status.kind !== 'loading' && results !== null && results.nextCursor !== null && (
        <button
          type="button"
          data-testid="search.more"
          onClick={() => void load(results.nextCursor)}
          className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          More results
        </button>
      )}
    </div>
  );
}
