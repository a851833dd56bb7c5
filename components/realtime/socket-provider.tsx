'use client';
/**
 * Owns the page's one socket.io connection: connects it, tracks its status for the header, and sends the
 * supervisor back to the login page when the session ends (logout, expiry) or the server refuses it. Room
 * subscriptions live in hooks.
 */
import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import { getSocket, type EarshotSocket } from '@/lib/socket-client';

/** The same redirect the server gives an unauthenticated page, back to where the supervisor was. */
function goToLogin() {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

interface SocketContextValue {
  socket: EarshotSocket;
  status: ConnectionStatus;
  /** Tries again at once after the connection gave up (or the browser went offline). */
  reconnect: () => void;
}

const SocketContext = createContext<SocketContextValue | null>(null);

export interface SocketProviderProps {
  children: ReactNode;
}

export function SocketProvider({ children }: SocketProviderProps) {
  const [socket] = useState(getSocket);
  const [status, setStatus] = useState<ConnectionStatus>(() => (socket.connected ? 'live' : 'connecting'));

  useEffect(() => {
    let everConnected = socket.connected;
    let sessionEnded = false;

    function onConnect() {
      everConnected = true;
      setStatus('live');
    }
    function onSessionEnded() {
      // The server disconnects right after this; reconnecting would only be refused.
      sessionEnded = true;
      setStatus('offline');
      goToLogin();
    }
    function onDisconnect(reason: Socket.DisconnectReason) {
      if (sessionEnded) return;
      setStatus(reason === 'io client disconnect' || !navigator.onLine ? 'offline' : 'reconnecting');
      // socket.io never reconnects by itself after the server disconnected it (a browser that fell behind, say).
      // Connect again: the page catches up, or the handshake says `unauthorized` and the page goes to /login.
      if (reason === 'io server disconnect') socket.connect();
    }
    function onConnectError(error: Error) {
      if (error.message === 'unauthorized') {
        // The session expired or was revoked while the socket was away.
        goToLogin();
        return;
      }
      // After a refusal by the server's middleware socket.io stops retrying (`active` is false).
      if (!socket.active || !navigator.onLine) setStatus('offline');
      else setStatus(everConnected ? 'reconnecting' : 'connecting');
    }
    function onOffline() {
      setStatus('offline');
    }
    function onOnline() {
      if (socket.connected) {
        setStatus('live');
        return;
      }
      setStatus(everConnected ? 'reconnecting' : 'connecting');
      if (!socket.active) socket.connect();
    }

    socket.on('connect', onConnect);
    socket.on('session:ended', onSessionEnded);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (socket.connected) onConnect();
    else if (!socket.active) socket.connect();

    // The socket outlives this effect on purpose: it is the page's connection, and StrictMode's
    // unmount/remount must not drop and re-join every room.
    return () => {
      socket.off('connect', onConnect);
      socket.off('session:ended', onSessionEnded);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }, [socket]);

  const reconnect = () => {
    if (socket.connected) return;
    setStatus('connecting');
    if (socket.active) socket.disconnect();
    socket.connect();
  };

  return <SocketContext value={{ socket, status, reconnect }}>{children}</SocketContext>;
}

export function useSocket(): SocketContextValue {
  const value = use(SocketContext);
  if (value === null) throw new Error('useSocket must be used within a SocketProvider');
  return value;
}
