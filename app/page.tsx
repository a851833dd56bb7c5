import type { Metadata } from 'next';
import { CallListView } from '@/components/call-list/call-list-view';

export const metadata: Metadata = { title: 'Calls' };

export default function CallsPage() {
  return <CallListView />;
}
