import { useEffect, useState } from 'react';
import type { CallErased, CallHidden } from '@/lib/protocol';
import { useSocket } from './socket-provider';

/**
 * Why an open call went away while the page is open: `erased` (on request, or past retention), `hidden` (a team
 * change took it out of this person's teams), or null while it is there.
 */
export function useCallGone(callId: string): 'erased' | 'hidden' | null {
  const { socket } = useSocket();
  const [gone, setGone] = useState<'erased' | 'hidden' | null>(null);
  useEffect(() => {
    const onErased = (event: CallErased) => {
      if (event.callId === callId) setGone('erased');
    };
    const onHidden = (event: CallHidden) => {
      if (event.callId === callId) setGone('hidden');
    };
    socket.on('call:erased', onErased);
    socket.on('call:hidden', onHidden);
    return () => {
      socket.off('call:erased', onErased);
      socket.off('call:hidden', onHidden);
    };
  }, [socket, callId]);
  return gone;
}
