/**
 * The history's page cursor: opaque to clients (base64url JSON), read back with a schema. It names the order it was
 * made for, so a cursor from the ended list is refused by the live one instead of skipping calls silently.
 */
import { z } from 'zod';
import type { HistoryState } from '../../lib/call-history-filter';
import { CallIdSchema } from '../../lib/call-id';
import { historyOrderColumn, type CallPageKey } from '../store/call-history-query';

const CursorSchema = z
  .object({
    v: z.literal(1),
    o: z.enum(['ended_at', 'started_at']),
    at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    id: CallIdSchema,
  })
  .strict();

export function encodeHistoryCursor(state: HistoryState, key: CallPageKey): string {
  return Buffer.from(JSON.stringify({ v: 1, o: historyOrderColumn(state), at: key.at, id: key.id }), 'utf8').toString('base64url');
}

/** The page key a cursor carries, or null when it is not one this server made for this state's order. */
export function decodeHistoryCursor(state: HistoryState, cursor: string): CallPageKey | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success || result.data.o !== historyOrderColumn(state)) return null;
  return { at: result.data.at, id: result.data.id };
}
