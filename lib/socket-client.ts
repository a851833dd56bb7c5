'use client';
/**
 * The browser's one socket.io connection to Earshot, typed by the wire protocol. It is created on first use
 * (never during server rendering) and connected by `SocketProvider`; hooks own the room subscriptions.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol';

export type EarshotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long an ack may take before the request counts as lost and is asked again. */
export const ACK_TIMEOUT_MS = 15_000;

let socket: EarshotSocket | null = null;

export function getSocket(): EarshotSocket {
  socket ??= io({ autoConnect: false, transports: ['websocket'], withCredentials: true });
  return socket;
}
