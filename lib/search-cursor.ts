/**
 * The search API's page cursor: where the previous page stopped, as the keyset (receivedAt, callId, seq) of its last
 * hit, newest first. Opaque to clients (base64url of a JSON triple); a cursor that does not decode to exactly that
 * shape is refused as a whole, so a tampered cursor is a 400, never a query on odd values.
 */
import { z } from 'zod';
import { CallIdSchema } from './call-id';

export interface SearchCursor {
  receivedAt: number;
  callId: string;
  seq: number;
}

const MAX_CURSOR_CHARS = 1_500;
const CursorTupleSchema = z.tuple([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), CallIdSchema, z.number().int().min(1).max(2_147_483_647)]);

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return toBase64Url(JSON.stringify([cursor.receivedAt, cursor.callId, cursor.seq]));
}

export function decodeSearchCursor(text: string): SearchCursor | null {
  if (text.length > MAX_CURSOR_CHARS) return null;
  const json = fromBase64Url(text);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = CursorTupleSchema.safeParse(value);
  return parsed.success ? { receivedAt: parsed.data[0], callId: parsed.data[1], seq: parsed.data[2] } : null;
}

export const SearchCursorSchema = z.string().transform((text, context) => {
  const cursor = decodeSearchCursor(text);
  if (cursor === null) {
    context.addIssue({ code: 'custom', message: 'not a cursor from a previous page of this search' });
    return z.NEVER;
  }
  return cursor;
});
