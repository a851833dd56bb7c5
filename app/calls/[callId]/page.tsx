import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CallNotFound } from '@/components/call/call-not-found';
import { CallView } from '@/components/call/call-view';
import { callIdFromMetadataParam, callIdFromPageParam } from '@/lib/call-path';
import { SUPERVISOR_HEADER } from '@/server/http/request-gate';

interface CallPageProps {
  params: Promise<{ callId: string }>;
}

export async function generateMetadata({ params }: CallPageProps): Promise<Metadata> {
  const callId = callIdFromMetadataParam((await params).callId);
  return { title: `Call ${Array.from(callId).slice(0, 8).join('')}` };
}

export default async function CallPage({ params }: CallPageProps) {
  // Next hands the page the segment percent-encoded: lib/call-path.ts turns it back into the id, once.
  const param = (await params).callId;
  const callId = callIdFromPageParam(param);
  if (callId === null) return <CallNotFound callId={param} />;
  // Keyed so that moving to another call starts from a fresh transcript state.
  return <CallView key={callId} callId={callId} viewer={(await headers()).get(SUPERVISOR_HEADER)} />;
}
