import { describe, expect, it } from 'vitest';
import { readRequestText } from '../../server/http/read-body';

const KIB = 1024;

/** A body that sends `chunks` and then, unless `end`, never finishes: reading to the end would hang. */
function streamedRequest(chunks: Uint8Array[], options: { end: boolean; contentLength?: number }) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled];
      pulled += 1;
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (options.end) controller.close();
      // otherwise: never another chunk
    },
  });
  const headers = options.contentLength === undefined ? {} : { 'content-length': String(options.contentLength) };
  return new Request('http://earshot.test/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('bounded request bodies', () => {
  it('reads a body under the cap as UTF-8 text, dropping a BOM like request.text()', async () => {
    const request = new Request('http://earshot.test/', { method: 'POST', body: '\uFEFF{"name":"café 日本"}' });
    expect(await readRequestText(request, KIB)).toEqual({ ok: true, text: '{"name":"café 日本"}' });
  });

  it('reads a body of exactly the cap', async () => {
    const request = new Request('http://earshot.test/', { method: 'POST', body: 'x'.repeat(KIB) });
    expect(await readRequestText(request, KIB)).toEqual({ ok: true, text: 'x'.repeat(KIB) });
  });

  it('reads no body as empty text', async () => {
    expect(await readRequestText(new Request('http://earshot.test/', { method: 'POST' }), KIB)).toEqual({ ok: true, text: '' });
  });

  it('stops at the cap without waiting for the rest of a body that keeps coming', async () => {
    const request = streamedRequest([new Uint8Array(600), new Uint8Array(600)], { end: false });
    expect(await readRequestText(request, KIB)).toEqual({ ok: false, limitBytes: KIB });
  });

  it('refuses up front when Content-Length is over the cap, before reading the body', async () => {
    const request = streamedRequest([new Uint8Array(10)], { end: false, contentLength: 2 * KIB });
    expect(await readRequestText(request, KIB)).toEqual({ ok: false, limitBytes: KIB });
  });
});
