import { describe, expect, it } from 'vitest';
import { callOperationUrl, ControlAcceptedSchema, parseResultBody, postCallOperation, type FetchLike } from '../../lib/control-client';

describe('control client: the Result envelope', () => {
  it('reads a success', () => {
    expect(parseResultBody(202, { ok: true, data: { callId: 'c', operationContext: 'ctx' } }, ControlAcceptedSchema)).toEqual({ ok: true, data: { callId: 'c', operationContext: 'ctx' } });
  });

  it('passes the server’s (or ACS’s) code and message through', () => {
    expect(parseResultBody(500, { ok: false, error: { code: 'InternalError', message: 'Injected outage' } }, ControlAcceptedSchema)).toEqual({
      ok: false,
      error: { code: 'InternalError', message: 'Injected outage' },
    });
  });

  it('turns anything else into an error that still says what happened', () => {
    expect(parseResultBody(502, undefined, ControlAcceptedSchema)).toEqual({ ok: false, error: { code: 'http_502', message: expect.stringContaining('502') } });
    expect(parseResultBody(202, { ok: true, data: { callId: 5 } }, ControlAcceptedSchema)).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    expect(parseResultBody(500, { ok: true, data: {} }, ControlAcceptedSchema)).toMatchObject({ ok: false, error: { code: 'http_500' } });
  });
});

describe('control client: requests', () => {
  it('posts JSON to the operation’s route', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchImpl: FetchLike = async (url, init) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ ok: true, data: { callId: 'a/b', operationContext: 'ctx' } }), { status: 202 });
    };
    const result = await postCallOperation('a/b', 'update-transcription', { locale: 'es-ES' }, fetchImpl);
    expect(result).toEqual({ ok: true, data: { callId: 'a/b', operationContext: 'ctx' } });
    expect(seen[0]?.url).toBe('/api/calls/a%2Fb/transcription/update');
    expect(seen[0]?.init.method).toBe('POST');
    expect(seen[0]?.init.body).toBe('{"locale":"es-ES"}');
  });

  it('reports a network failure and a non-JSON answer as errors', async () => {
    const down: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await postCallOperation('c', 'summarize', {}, down)).toMatchObject({ ok: false, error: { code: 'network_error' } });
    const html: FetchLike = async () => new Response('<html>Bad gateway</html>', { status: 502 });
    expect(await postCallOperation('c', 'summarize', {}, html)).toMatchObject({ ok: false, error: { code: 'http_502' } });
  });

  it('has one route per operation', () => {
    expect(callOperationUrl('c', 'start-transcription')).toBe('/api/calls/c/transcription/start');
    expect(callOperationUrl('c', 'stop-transcription')).toBe('/api/calls/c/transcription/stop');
    expect(callOperationUrl('c', 'summarize')).toBe('/api/calls/c/summarize');
    expect(callOperationUrl('c', 'hang-up')).toBe('/api/calls/c/hang-up');
  });
});
