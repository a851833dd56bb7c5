/**
 * Bookmarks, notes and the per-call export through the real app (custom server, production Next build, real route
 * handlers) on a call with an odd id: CRUD with validation naming the field, the live push to a second supervisor
 * watching the call, only the author deleting; every export format downloaded, parsed back and compared, its
 * headers, and the audit entry it writes (stored and pushed).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import { io as connectSocket } from 'socket.io-client';
import SrtParser from 'srt-parser-2';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webvtt from 'webvtt-parser';
import WebSocket from 'ws';
import { callApiPath } from '../../lib/call-path';
import { CallExportSchema } from '../../lib/export/call-export-schema';
import type { Annotation, AnnotationRemoved, AuditEntry, CallHistory, Result } from '../../lib/protocol';
import { hashPassword } from '../../server/auth/password-hash';
import { loadOrCreateDevSigningKey } from '../../server/ingress/dev-signing-key';
import { signAcsToken } from '../../server/replay/replay-recording';
import { dataPacket, metadataPacket, type SupervisorSocket } from '../helpers/earshot-harness';
import { startNextServer, type NextServer } from '../helpers/next-server';
import { waitFor } from '../helpers/wait-for';

const CALL_ID = 'a+b c/d%e?f#g';
const SECOND = { username: 'kim', password: 'kim-password-123' };
const LINES = [
  { text: 'Hola, quiero cancelar la garantía.', speaker: '4:+34910000000', offsetMs: 1_000 },
  { text: 'My card is ****, "quoted", okay?', speaker: '8:acs:agent_1', offsetMs: 4_000 },
  { text: '=SUM(A1:A3) नमस्ते 👋', speaker: '4:+34910000000', offsetMs: 7_500 },
];

let server: NextServer;
let sam: string;
let kim: string;

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0' } });
  sam = await server.login();
  // A second supervisor, straight into the database the server uses (there is no API to add one).
  const db = new Database(path.join(server.dataDir, 'earshot.db'));
  // A supervisor responsible for calls in no team (the call here matches none): users see only their teams' calls.
  db.prepare("INSERT INTO supervisors (username, password_hash, created_at, role, sees_unassigned) VALUES (?, ?, ?, 'supervisor', 1)").run(SECOND.username, await hashPassword(SECOND.password), Date.now());
  db.close();
  kim = await login(SECOND);
  await streamCall(CALL_ID);
  await waitFor(async () => (await history(CALL_ID)).segments.length === LINES.length, 20_000, 'the lines to be stored');
}, 600_000);

afterAll(async () => {
  await server?.close();
});

async function login(credentials: { username: string; password: string }): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(credentials) });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`login as ${credentials.username} failed with ${response.status}`);
  return cookie;
}

async function streamCall(callId: string) {
  const key = await loadOrCreateDevSigningKey(path.join(server.dataDir, 'dev-signing-key.json'));
  const token = await signAcsToken(key, 'https://acscallautomation.communication.azure.com', 'earshot-emulator');
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/transcripts`, { headers: { authorization: `Bearer ${token}`, 'x-ms-call-connection-id': callId } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (packet: unknown) => new Promise<void>((resolve, reject) => socket.send(JSON.stringify(packet), (error) => (error ? reject(error) : resolve())));
  await send(metadataPacket(callId));
  for (const line of LINES) await send(dataPacket(line.text, { speaker: line.speaker, offsetMs: line.offsetMs, sentiment: 'neutral' }));
}

interface Answer<T = unknown> {
  status: number;
  body: Result<T>;
}

async function api<T = unknown>(method: string, pathname: string, cookie: string | null, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { ...(cookie === null ? {} : { cookie }), origin: server.url, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Result<T> };
}

function data<T>(answer: Answer<T>): T {
  if (!answer.body.ok) throw new Error(`${answer.status} ${answer.body.error.code}: ${answer.body.error.message}`);
  return answer.body.data;
}

async function history(callId: string): Promise<CallHistory> {
  return data(await api<CallHistory>('GET', callApiPath(callId), sam));
}

const annotationsPath = (callId: string, id?: string) => callApiPath(callId, id === undefined ? 'annotations' : `annotations/${encodeURIComponent(id)}`);

async function watcher(cookie: string) {
  const socket: SupervisorSocket = connectSocket(server.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const added: Annotation[] = [];
  const removed: AnnotationRemoved[] = [];
  const audit: AuditEntry[] = [];
  socket.on('call:annotation', (annotation) => added.push(annotation));
  socket.on('call:annotation-removed', (event) => removed.push(event));
  socket.on('call:audit', (entry) => audit.push(entry));
  const opened = await new Promise<Result<CallHistory>>((resolve) => socket.emit('call:open', { callId: CALL_ID }, resolve));
  expect(opened.ok).toBe(true);
  return { socket, added, removed, audit };
}

describe('annotations API', () => {
  it('adds a note and a bookmark, pushes them to another supervisor watching the call, and lets only the author delete', async () => {
    const other = await watcher(kim);
    try {
      const created = await api<Annotation>('POST', annotationsPath(CALL_ID), sam, { kind: 'note', seq: 2, text: '  Escalate: cliente dice “garantía” 👍  ' });
      expect(created.status).toBe(201);
      const note = data(created);
      expect(note).toMatchObject({ callId: CALL_ID, seq: 2, kind: 'note', text: 'Escalate: cliente dice “garantía” 👍', author: 'sam', id: expect.any(String) });
      await waitFor(() => other.added.find((annotation) => annotation.id === note.id), 5_000, 'the note to reach the other supervisor');
      expect(other.added.find((annotation) => annotation.id === note.id)).toEqual(note);

      const bookmark = data(await api<Annotation>('POST', annotationsPath(CALL_ID), kim, { kind: 'bookmark', seq: 1 }));
      expect(bookmark).toMatchObject({ kind: 'bookmark', seq: 1, text: null, author: 'kim' });
      const callNote = data(await api<Annotation>('POST', annotationsPath(CALL_ID), kim, { kind: 'note', text: 'Call-level note' }));
      expect(callNote.seq).toBeNull();

      const listed = data(await api<{ annotations: Annotation[] }>('GET', annotationsPath(CALL_ID), kim)).annotations;
      expect(listed.map((annotation) => annotation.id)).toEqual([note.id, bookmark.id, callNote.id]);

      expect(await api('DELETE', annotationsPath(CALL_ID, note.id), kim)).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden' } } });
      expect(await api('DELETE', annotationsPath(CALL_ID, note.id), sam)).toEqual({ status: 200, body: { ok: true, data: { callId: CALL_ID, id: note.id } } });
      await waitFor(() => other.removed.some((event) => event.id === note.id), 5_000, 'the deletion to reach the other supervisor');
      expect(await api('DELETE', annotationsPath(CALL_ID, note.id), sam)).toMatchObject({ status: 404 });
      expect(data(await api<{ annotations: Annotation[] }>('GET', annotationsPath(CALL_ID), sam)).annotations.map((annotation) => annotation.id)).toEqual([bookmark.id, callNote.id]);
    } finally {
      other.socket.disconnect();
    }
  });

  it('refuses bad input with a 400 naming the field, an unknown call with 404, and no session with 401', async () => {
    const refused = async (body: unknown, field: string) => {
      const answer = await api('POST', annotationsPath(CALL_ID), sam, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.ok ? [] : answer.body.error.fields?.map((issue) => issue.path), JSON.stringify(body)).toContain(field);
    };
    await refused({ kind: 'note', seq: 1 }, 'text');
    await refused({ kind: 'note', text: '   ' }, 'text');
    await refused({ kind: 'note', text: 'x'.repeat(1_001) }, 'text');
    await refused({ kind: 'pin', seq: 1 }, 'kind');
    await refused({ kind: 'bookmark', seq: 99 }, 'seq');
    await refused({ kind: 'bookmark', seq: 0 }, 'seq');
    await refused({ kind: 'bookmark', seq: '1' }, 'seq');
    await refused({ kind: 'bookmark', seq: 1, extra: true }, '');
    expect((await api('POST', annotationsPath(CALL_ID), sam, 'not json')).status).toBe(400);
    expect((await api('POST', annotationsPath('no-such-call'), sam, { kind: 'note', text: 'hi' })).status).toBe(404);
    expect((await api('GET', annotationsPath('no-such-call'), sam)).status).toBe(404);
    expect((await api('DELETE', annotationsPath(CALL_ID, 'x'.repeat(65)), sam)).status).toBe(404);
    expect((await api('GET', annotationsPath(CALL_ID), null)).status).toBe(401);
    expect((await api('POST', annotationsPath(CALL_ID), null, { kind: 'note', text: 'hi' })).status).toBe(401);
  });
});

describe('export API', () => {
  const download = (format: string, cookie: string | null = sam, callId = CALL_ID) =>
    fetch(`${server.url}${callApiPath(callId, 'export')}?format=${encodeURIComponent(format)}`, { headers: cookie === null ? {} : { cookie } });

  it('downloads every format with its type and a safe name, each parsed back to the call’s lines', async () => {
    const stored = (await history(CALL_ID)).segments;
    const date = new Date(stored[0] ? (await history(CALL_ID)).call.startedAt : 0).toISOString().slice(0, 10);
    const expectations: Record<string, string> = { json: 'application/json', csv: 'text/csv', txt: 'text/plain', vtt: 'text/vtt', srt: 'application/x-subrip' };
    const bodies: Record<string, string> = {};
    for (const [format, type] of Object.entries(expectations)) {
      const response = await download(format);
      expect(response.status, format).toBe(200);
      expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition).toContain(`attachment; filename="earshot-a-b-c-d-e-f-g-${date}.${format}"`);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`earshot-a+b c-d%e-f#g-${date}.${format}`)}`);
      bodies[format] = await response.text();
    }

    const document = CallExportSchema.parse(JSON.parse(bodies.json ?? ''));
    expect(document.call.callId).toBe(CALL_ID);
    expect(document.exportedBy).toBe('sam');
    expect(document.segments.map((segment) => [segment.seq, segment.text, segment.speaker.rawId])).toEqual(stored.map((line) => [line.seq, line.text, line.speaker.rawId]));
    expect(document.segments.map((segment) => segment.text)).toEqual(LINES.map((line) => line.text));
    expect(document.annotations.map((annotation) => annotation.author)).toEqual(expect.arrayContaining(['kim']));
    expect(document.audit.filter((entry) => entry.action === 'export').map((entry) => entry.detail)).toEqual(['format json']);

    const rows = parseCsv(bodies.csv ?? '', { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.text)).toEqual(LINES.map((line) => (line.text.startsWith('=') ? `'${line.text}` : line.text)));
    expect(rows[0]?.bookmarked).toBe('true');

    const vtt = new webvtt.WebVTTParser({ '&amp;': '&', '&lt;': '<', '&gt;': '>' }).parse(bodies.vtt ?? '', 'metadata');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.map((cue) => [cue.id, cue.startTime])).toEqual(LINES.map((line, index) => [String(index + 1), line.offsetMs / 1000]));
    expect(vtt.cues.map((cue) => cue.tree.children[0]?.value)).toEqual(stored.map((line) => line.speaker.label));

    const srt = new SrtParser().fromSrt(bodies.srt ?? '');
    expect(srt.map((cue) => cue.text)).toEqual(stored.map((line) => `${line.speaker.label}: ${line.text}`));

    expect(bodies.txt).toContain(`[00:00:04] ${stored[1]?.speaker.label}: My card is ****, "quoted", okay?`);
    expect(bodies.txt).toContain('Call-level note');
  });

  it('writes each export to the audit trail, stored and pushed to the call’s watchers', async () => {
    const watching = await watcher(kim);
    try {
      const response = await download('vtt');
      expect(response.status).toBe(200);
      await response.text();
      const pushed = await waitFor(() => watching.audit.find((entry) => entry.action === 'export' && entry.detail === 'format vtt'), 5_000, 'the export audit entry');
      expect(pushed).toMatchObject({ callId: CALL_ID, actor: 'sam', outcome: 'confirmed', at: expect.any(Number) });
      expect((await history(CALL_ID)).audit.find((entry) => entry.id === pushed.id)).toEqual(pushed);
    } finally {
      watching.socket.disconnect();
    }
  });

  it('refuses a missing or unknown format with 400 naming it, an unknown call with 404, and no session with 401', async () => {
    for (const format of ['', 'xlsx', 'JSON', 'csv '.repeat(1000)]) {
      const response = await download(format);
      expect(response.status, format).toBe(400);
      const body = (await response.json()) as Result<unknown>;
      expect(body.ok ? '' : body.error.message).toContain('format');
    }
    const missing = await fetch(`${server.url}${callApiPath(CALL_ID, 'export')}`, { headers: { cookie: sam } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Result<unknown> & { ok: false }).error.fields).toEqual([{ path: 'format', message: 'format must be one of json, csv, txt, vtt, srt' }]);
    expect((await download('csv', sam, 'no-such-call')).status).toBe(404);
    expect((await download('csv', null)).status).toBe(401);
    const head = await fetch(`${server.url}${callApiPath(CALL_ID, 'export')}?format=csv`, { method: 'HEAD', headers: { cookie: sam } });
    expect(head.status).toBe(405);
    const audited = (await history(CALL_ID)).audit.filter((entry) => entry.action === 'export');
    expect(audited.every((entry) => ['format json', 'format csv', 'format txt', 'format vtt', 'format srt'].includes(entry.detail ?? ''))).toBe(true);
  });
});

describe('bulk export API', () => {
  const bulk = (query: string, cookie: string | null = sam) => fetch(`${server.url}/api/export?${query}`, { headers: cookie === null ? {} : { cookie } });
  const SECOND_CALL = 'bulk-second-call';

  async function unzipped(response: Response): Promise<Record<string, string>> {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="earshot-calls-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
  }

  it('zips every call the filters match, one file per call in the format asked, each audited', async () => {
    await streamCall(SECOND_CALL);
    await waitFor(async () => (await history(SECOND_CALL)).segments.length === LINES.length, 20_000, 'the second call’s lines');
    const date = new Date((await history(CALL_ID)).call.startedAt).toISOString().slice(0, 10);

    const everything = await unzipped(await bulk('format=csv&state=all'));
    expect(Object.keys(everything).sort()).toEqual([`earshot-a-b-c-d-e-f-g-${date}.csv`, `earshot-${SECOND_CALL}-${date}.csv`].sort());
    for (const body of Object.values(everything)) {
      const rows = parseCsv(body, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((row) => row.text)).toEqual(LINES.map((line) => (line.text.startsWith('=') ? `'${line.text}` : line.text)));
    }

    // The filters are the call history's: here, a call id's text.
    const one = await unzipped(await bulk(`format=vtt&text=${encodeURIComponent(SECOND_CALL)}`));
    expect(Object.keys(one)).toEqual([`earshot-${SECOND_CALL}-${date}.vtt`]);
    const vtt = new webvtt.WebVTTParser({ '&amp;': '&', '&lt;': '<', '&gt;': '>' }).parse(Object.values(one)[0] ?? '', 'metadata');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues).toHaveLength(LINES.length);

    const audit = (await history(SECOND_CALL)).audit.filter((entry) => entry.action === 'export');
    expect(audit.map((entry) => entry.detail)).toEqual(['format csv, in a bulk export', 'format vtt, in a bulk export']);
    expect(audit.every((entry) => entry.actor === 'sam')).toBe(true);

    // A search: the calls with a matching line (both calls said "cancelar la garantía"; only the first is named here).
    const searched = await unzipped(await bulk(`format=txt&q=${encodeURIComponent('"cancelar la garantia"')}&state=all`));
    expect(Object.keys(searched).sort()).toEqual([`earshot-a-b-c-d-e-f-g-${date}.txt`, `earshot-${SECOND_CALL}-${date}.txt`].sort());
    expect(await unzipped(await bulk(`format=txt&q=${encodeURIComponent('"nobody said this"')}`))).toEqual({});

    // Nothing matches: an empty archive, not an error.
    expect(await unzipped(await bulk('format=json&state=live&participant=nobody-at-all'))).toEqual({});
  });

  it('refuses a missing format, paging and unknown or bad filters with 400 naming them, and no session with 401', async () => {
    const refusals: [string, string][] = [
      ['state=all', 'format'],
      ['format=xlsx', 'format'],
      ['format=csv&format=json', 'format'],
      ['format=csv&limit=5', 'limit'],
      ['format=csv&cursor=abc', 'cursor'],
      ['format=csv&state=sleeping', 'state'],
      ['format=csv&colour=red', 'colour'],
      ['format=csv&q=', 'q'],
      ['format=csv&q=refund&participant=x', 'participant'],
      ['format=csv&q=refund&sentiment=sad', 'sentiment'],
    ];
    for (const [query, named] of refusals) {
      const response = await bulk(query);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as Result<unknown>;
      expect(body.ok ? '' : body.error.message, query).toContain(named);
    }
    expect((await bulk('format=csv', null)).status).toBe(401);
    expect((await fetch(`${server.url}/api/export?format=csv`, { method: 'HEAD', headers: { cookie: sam } })).status).toBe(405);
  });
});
