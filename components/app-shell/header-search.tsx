'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { useShortcutKeys } from '@/components/common/use-shortcut-keys';
import { EMPTY_SEARCH, searchPageQuery } from '@/lib/search-params';
import { MAX_QUERY_CHARS } from '@/lib/search-query';

/** The header's search box: `/` focuses it from anywhere (not while typing in a field), Enter opens the results page. */
export function HeaderSearch() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState('');
  useShortcutKeys({ '/': () => input.current?.focus() });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (q.trim() === '') return;
    router.push(`/search?${searchPageQuery({ ...EMPTY_SEARCH, q })}`);
  }

  return (
    <form role="search" aria-label="Transcripts" onSubmit={onSubmit} className="min-w-0 max-sm:hidden">
      <label htmlFor="header-search" className="sr-only">
        Search transcripts
      </label>
      <input
        ref={input}
        id="header-search"
        type="search"
        data-testid="header.search"
        value={q}
        onChange={(event) => setQ(event.target.value)}
        maxLength={MAX_QUERY_CHARS}
        placeholder="Search lines  /"
        autoComplete="off"
        spellCheck={false}
        className="w-40 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm shadow-xs focus:w-64 focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none lg:w-52"
      />
    </form>
  );
}
