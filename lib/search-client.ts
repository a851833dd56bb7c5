/**
 * The browser's side of `GET /api/search`: failures come back as values, and the body is checked against the
 * protocol, so a drifting server shows an error instead of a broken page.
 */
import { z } from 'zod';
import { CALL_STATES, SENTIMENT_LABELS, SPEAKER_KINDS, type ApiError, type Result, type SearchResponse } from './protocol';

const SearchResponseSchema = z.object({
  hits: z.array(
    z.object({
      callId: z.string().min(1),
      seq: z.number().int(),
      text: z.string(),
      snippet: z.string(),
      speakerLabel: z.string(),
      speakerRawId: z.string().optional(),
      at: z.number(),
      language: z.string().nullable(),
      sentiment: z.enum(SENTIMENT_LABELS).nullable(),
      piiMasked: z.boolean(),
    }),
  ),
  calls: z.array(
    z.object({
      callId: z.string().min(1),
      state: z.enum(CALL_STATES),
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      participants: z.array(z.object({ rawId: z.string(), kind: z.enum(SPEAKER_KINDS), label: z.string() })),
    }),
  ),
  nextCursor: z.string().nullable(),
}) satisfies z.ZodType<SearchResponse>;

const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: SearchResponseSchema }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

const unreadable: ApiError = { code: 'bad_response', message: 'The server sent an answer this page cannot read.' };

export async function searchLines(apiQuery: string, signal?: AbortSignal): Promise<Result<SearchResponse>> {
  let response: Response;
  try {
    response = await fetch(`/api/search?${apiQuery}`, { headers: { accept: 'application/json' }, signal, cache: 'no-store' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, error: { code: 'network', message: 'Could not reach the server.' } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: unreadable };
  }
  const parsed = EnvelopeSchema.safeParse(body);
  return parsed.success ? parsed.data : { ok: false, error: unreadable };
}
