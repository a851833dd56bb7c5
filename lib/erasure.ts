/** Erasing one ended call on request (a data-subject request): what the API takes and what its audit keeps. */
import { z } from 'zod';
import { isWellFormedText } from './call-id';

export const MAX_ERASURE_REASON_CHARS = 500;

/** One erasure as `GET /api/erasures` lists it: who erased which call, when, and why; nothing of the call itself. */
export interface Erasure {
  id: string;
  callId: string;
  actor: string;
  at: number;
  reason: string | null;
}

/** The optional body of `DELETE /api/calls/{id}`. */
export const EraseCallBodySchema = z
  .object({
    reason: z
      .string()
      .max(MAX_ERASURE_REASON_CHARS, `reason must be at most ${MAX_ERASURE_REASON_CHARS} characters`)
      .refine(isWellFormedText, 'reason must be well-formed text')
      .transform((value) => value.trim())
      .optional(),
  })
  .strict();

export const ErasureListQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'limit must be an integer from 1 to 500')
      .transform(Number)
      .pipe(z.number().int().min(1, 'limit must be an integer from 1 to 500').max(500, 'limit must be an integer from 1 to 500'))
      .default(100),
  })
  .strict();
