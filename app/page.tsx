import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CallListView } from '@/components/call-list/call-list-view';

export const metadata: Metadata = { title: 'Calls' };

export default function CallsPage() {
  // The list reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <CallListView />
    </Suspense>
  );
}
