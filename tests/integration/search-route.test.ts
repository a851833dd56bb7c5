/**
 * `GET /api/search` through the real Next route handler (the whole app in a child process): a final streamed over
 * the ingress is searchable within 2 s, filters and paging over HTTP, a 400 naming each bad parameter, 401 without a
 * session.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Result, SearchResponse } from '../../lib/protocol';
import { encodeSearchCursor } from '../../lib/search-cursor';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { dataPacket, metadataPacket } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

let server: NextServer;
let cookie: string;

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0' } });
  cookie = await server.login();
}, 600_000);

afterAll(async () => {
  await server?.close();
});

async function search(query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Result<SearchResponse> }> {
  const response = await fetch(`${server.url}/api/search?${query}`, { headers: { cookie, ...headers } });
  return { status: response.status, body: (await response.json()) as Result<SearchResponse> };
}

async function openStream(callId: string) {
  const key = await loadOrCreateDevSigningKey(path.join(server.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, 'https://acscallautomation.communication.azure.com', 'earshot-emulator');
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
  await send(metadataPacket(callId));
  return {
    send,
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}

describe('GET /api/search', () => {
  it('finds a final within 2 s of it arriving over the ingress, with its call, filters and pages', async () => {
    const callId = `search-${Date.now()}`;
    const stream = await openStream(callId);
    await stream.send(dataPacket('Necesito la garantía de mi pedido número ****.', { offsetMs: 1_000, sentiment: 'negative', language: 'es-ES' }));
    const sentAt = Date.now();
    const found = await waitFor(
      async () => {
        const answer = await search('q=garantia+pedido');
        return answer.body.ok && answer.body.data.hits.length > 0 ? answer.body.data : null;
      },
      2_000,
      'the line to be searchable',
      50,
    );
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    expect(found.hits).toEqual([
      expect.objectContaining({ callId, seq: 1, text: 'Necesito la garantía de mi pedido número ****.', language: 'es-ES', sentiment: 'negative', piiMasked: true }),
    ]);
    expect(found.hits[0]?.snippet).toContain('<mark>garantía</mark>');
    expect(found.calls).toEqual([expect.objectContaining({ callId, state: 'connected' })]);
    expect(found.nextCursor).toBeNull();

    for (let index = 2; index <= 5; index += 1) await stream.send(dataPacket(`Garantía extendida, línea ${index}.`, { offsetMs: index * 1_000, sentiment: 'neutral', language: 'es-MX' }));
    await waitFor(async () => {
      const answer = await search('q=garantia&limit=100');
      return answer.body.ok && answer.body.data.hits.filter((hit) => hit.callId === callId).length === 5;
    }, 2_000, 'five lines to be searchable');
    const first = await search(`q=garantia&language=es-MX&state=live&sentiment=neutral&hasAlerts=false&limit=3&from=${sentAt - 60_000}&to=${Date.now() + 60_000}`);
    expect(first.status).toBe(200);
    if (!first.body.ok) throw new Error(first.body.error.message);
    expect(first.body.data.hits.map((hit) => hit.seq)).toEqual([5, 4, 3]);
    const cursor = first.body.data.nextCursor;
    expect(cursor).not.toBeNull();
    const second = await search(`q=garantia&language=es-MX&state=live&sentiment=neutral&hasAlerts=false&limit=3&cursor=${cursor ?? ''}`);
    expect(second.body.ok && second.body.data.hits.map((hit) => hit.seq)).toEqual([2]);
    expect(second.body.ok && second.body.data.nextCursor).toBeNull();
    await stream.close();
  });

  it('answers 400 naming the bad parameter, for odd and hostile input', async () => {
    const cases: [string, string][] = [
      ['', 'q'],
      ['q=', 'q'],
      ['q=%20%20%20', 'q'],
      ['q=%22', 'q'],
      ['q=%3A*', 'q'],
      ['q=%26%7C!', 'q'],
      ['q=-spam', 'q'],
      [`q=${'a'.repeat(10_000)}`, 'q'],
      ['q=a&from=yesterday', 'from'],
      ['q=a&to=99999999999999999999', 'to'],
      ['q=a&state=open', 'state'],
      ['q=a&language=es%27%20OR%201%3D1', 'language'],
      ['q=a&sentiment=mixed', 'sentiment'],
      ['q=a&hasAlerts=1', 'hasAlerts'],
      ['q=a&limit=0', 'limit'],
      ['q=a&limit=1000', 'limit'],
      ['q=a&cursor=abc', 'cursor'],
      [`q=a&cursor=${encodeSearchCursor({ receivedAt: 1, callId: 'x', seq: 1 }).slice(0, -2)}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const answer = await search(query);
      expect(answer.status, query.slice(0, 80)).toBe(400);
      expect(answer.body.ok).toBe(false);
      if (!answer.body.ok) {
        expect(answer.body.error.code).toBe('invalid_request');
        expect(answer.body.error.message.startsWith(`${field}: `), `${query.slice(0, 80)} → ${answer.body.error.message}`).toBe(true);
      }
    }
    // Engine syntax is just words: no 500, no error.
    for (const q of ['NEAR(a b)', 'text:a', 'a OR b', "a' & 'b", '"a" AND "b"', 'a:*', '{a b}']) {
      expect((await search(`q=${encodeURIComponent(q)}`)).status, q).toBe(200);
    }
  });

  it('refuses without a session', async () => {
    expect(await search('q=hello', { cookie: '' })).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
  });
});
