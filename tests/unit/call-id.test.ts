/**
 * Every door a call id comes through accepts the same ids, and every id it accepts can go into a URL and back.
 * A lone surrogate (JSON carries one as `"\ud800"`) is refused: `encodeURIComponent` throws on it, and UTF-8
 * storage would turn it into U+FFFD, a different call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TranscriptionMetadataSchema } from '../../lib/acs/transcription-packets';
import { CallIdSchema } from '../../lib/call-id';
import { callIdFromPageParam, callIdFromRouteParam, callPath } from '../../lib/call-path';
import { CallCloseRequestSchema, CallHistoryRequestSchema, CallOpenRequestSchema } from '../../lib/protocol';
import { CallbackEventDataSchema } from '../../server/acs/callback-events';
import { fuzzParameters } from '../helpers/fuzz';

const doors: [string, (id: string) => boolean][] = [
  ['transcript metadata', (id) => TranscriptionMetadataSchema.safeParse({ callConnectionId: id }).success],
  ['callback event data', (id) => CallbackEventDataSchema.safeParse({ callConnectionId: id }).success],
  ['call:open', (id) => CallOpenRequestSchema.safeParse({ callId: id }).success],
  ['call:history', (id) => CallHistoryRequestSchema.safeParse({ callId: id, beforeSeq: 10 }).success],
  ['call:close', (id) => CallCloseRequestSchema.safeParse({ callId: id }).success],
  ['a route parameter', (id) => callIdFromRouteParam(id) === id],
];

describe('call ids', () => {
  it.each(['\ud800', 'abc\udfff', '\udc00\ud800', `${'x'.repeat(10)}\ud83d`])('refuses a lone surrogate at every door (%j)', (id) => {
    for (const [door, accepts] of doors) expect(accepts(id), door).toBe(false);
  });

  it.each(['.', '..'])('refuses the dot segments no URL can hold at every door (%j)', (id) => {
    for (const [door, accepts] of doors) expect(accepts(id), door).toBe(false);
  });

  it.each(['65c57654=f12c-4975-92a4-21668e61dd98', 'a+b/c%20d e', 'कॉल-😀', '#?&'])('accepts ids ACS can send at every door (%j)', (id) => {
    for (const [door, accepts] of doors) expect(accepts(id), door).toBe(true);
  });

  it('every id the doors accept agree, and each one goes into a URL and comes back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 0, maxLength: 300 }), (id) => {
        const verdicts = doors.map(([, accepts]) => accepts(id));
        expect(new Set(verdicts).size).toBe(1);
        if (!verdicts[0]) return;
        const segment = callPath(id).slice('/calls/'.length);
        expect(callIdFromPageParam(segment)).toBe(id);
      }),
      fuzzParameters(500),
    );
  });

  it('the error names the problem', () => {
    const result = CallIdSchema.safeParse('\ud800');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/well-formed Unicode/);
  });
});
