import type { Metadata } from 'next';
import { SearchView } from '@/components/search/search-view';
import { searchFormFrom, searchPageQuery } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const form = searchFormFrom(await searchParams);
  // A new search is a new URL: keyed by it, the view starts fresh.
  return <SearchView key={searchPageQuery(form)} form={form} />;
}
