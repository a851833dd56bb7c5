import type { Metadata } from 'next';
import { CallNotFound } from '@/components/call/call-not-found';
import { CallView } from '@/components/call/call-view';
import { CallOpenRequestSchema } from '@/lib/protocol';

interface CallPageProps {
  params: Promise<{ callId: string }>;
}

const CallIdSchema = CallOpenRequestSchema.shape.callId;

export async function generateMetadata({ params }: CallPageProps): Promise<Metadata> {
  const { callId } = await params;
  return { title: `Call ${callId.slice(0, 8)}` };
}

export default async function CallPage({ params }: CallPageProps) {
  const { callId } = await params;
  const parsed = CallIdSchema.safeParse(callId);
  if (!parsed.success) return <CallNotFound callId={callId} />;
  // Keyed so that moving to another call starts from a fresh transcript state.
  return <CallView key={parsed.data} callId={parsed.data} />;
}
