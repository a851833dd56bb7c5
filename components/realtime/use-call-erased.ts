import { useEffect, useState } from 'react';
import type { CallErased } from '@/lib/protocol';
import { useSocket } from './socket-provider';

/** True once the server says this call was erased (on request, or past retention) while the page is open. */
export function useCallErased(callId: string): boolean {
  const { socket } = useSocket();
  const [erased, setErased] = useState(false);
  useEffect(() => {
    const onErased = (event: CallErased) => {
      if (event.callId === callId) setErased(true);
    };
    socket.on('call:erased', onErased);
    return () => {
      socket.off('call:erased', onErased);
    };
  }, [socket, callId]);
  return erased;
}
