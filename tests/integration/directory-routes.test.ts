/**
 * The directory API through the real Next route handlers (the whole app in a child process): admin, supervisor (403)
 * and anonymous (401) on every route; URL-encoded raw ids; validation; a CSV import that is all or nothing with each
 * bad row listed; the size cap; paging and search; an export that imports back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryEntry, DirectoryPage, ImportSummary } from '../../lib/directory';
import type { ApiError, Result } from '../../lib/protocol';
import type { Team } from '../../lib/users';
import { startNextServer, type NextServer } from '../helpers/next-server';

let server: NextServer;
const cookies = { admin: '', supervisor: '', anonymous: '' };
type Who = keyof typeof cookies;
const PASSWORD = 'a-long-enough-password';
const CALLER = '4:+14255550117';
const entryPath = (rawId: string) => `/api/admin/directory/${encodeURIComponent(rawId)}`;

interface Answer<T> {
  status: number;
  body: Result<T> | null;
  text: string;
  headers: Headers;
}

async function call<T = unknown>(who: Who, method: string, pathname: string, body?: unknown, contentType = 'application/json'): Promise<Answer<T>> {
  const cookie = cookies[who];
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: server.url, 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json') ? (JSON.parse(text) as Result<T>) : null;
  return { status: response.status, body: json, text, headers: response.headers };
}

const importCsv = (who: Who, csv: string, contentType = 'text/csv') => call<ImportSummary>(who, 'POST', '/api/admin/directory/import', csv, contentType);

function data<T>(answer: Answer<T>): T {
  if (!answer.body?.ok) throw new Error(`${answer.status} ${answer.text}`);
  return answer.body.data;
}

function error(answer: Answer<unknown>): ApiError {
  if (answer.body === null || answer.body.ok) throw new Error(`${answer.status} ${answer.text}`);
  return answer.body.error;
}

beforeAll(async () => {
  server = await startNextServer({ env: { DEMO_CALLS: '0' } });
  cookies.admin = await server.login();
  data(await call('admin', 'POST', '/api/admin/users', { username: 'sup-1', password: PASSWORD, role: 'supervisor', teamIds: [] }));
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sup-1', password: PASSWORD }) });
  await login.text();
  cookies.supervisor = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 600_000);

afterAll(async () => {
  await server?.close();
});

describe('the directory API', () => {
  let seattle: Team;

  it('is for admins: supervisors get 403 and anonymous callers 401 on every route', async () => {
    const routes: [string, string, unknown?, string?][] = [
      ['GET', '/api/admin/directory'],
      ['PUT', entryPath(CALLER), { displayName: 'X', kind: 'customer' }],
      ['DELETE', entryPath(CALLER)],
      ['POST', '/api/admin/directory/import', 'raw_id,display_name,kind,teams\n', 'text/csv'],
      ['GET', '/api/admin/directory/export'],
    ];
    for (const [method, pathname, body, type] of routes) {
      expect((await call('supervisor', method, pathname, body, type)).status, `${method} ${pathname} as a supervisor`).toBe(403);
      expect((await call('anonymous', method, pathname, body, type)).status, `${method} ${pathname} anonymously`).toBe(401);
    }
    expect(data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory'))).toEqual({ entries: [], nextCursor: null });
  });

  it('creates, replaces and deletes an entry by its URL-encoded raw id, and names what is wrong', async () => {
    seattle = data(await call<Team>('admin', 'POST', '/api/admin/teams', { name: 'Seattle', match: [] }));
    const created = await call<DirectoryEntry>('admin', 'PUT', entryPath(CALLER), { displayName: '  Jane Smith ', kind: 'customer', teamIds: [seattle.id] });
    expect(created).toMatchObject({ status: 201, body: { ok: true, data: { rawId: CALLER, displayName: 'Jane Smith', kind: 'customer', teamIds: [seattle.id] } } });
    expect((await call('admin', 'PUT', entryPath(CALLER), { displayName: 'Jane', kind: 'customer' })).status).toBe(200);
    expect(data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory')).entries).toMatchObject([{ rawId: CALLER, displayName: 'Jane', teamIds: [] }]);

    const invalid = await call('admin', 'PUT', entryPath('8:acs:x'), { displayName: '', kind: 'boss', teamIds: ['t', 't'], extra: 1 });
    expect(invalid.status).toBe(400);
    expect(error(invalid).fields?.map((field) => field.path).sort()).toEqual(['', 'displayName', 'kind', 'teamIds']);
    expect(error(await call('admin', 'PUT', entryPath('8:acs:\u0001'), { displayName: 'X', kind: 'agent' }))).toMatchObject({ code: 'invalid_request', message: 'rawId: A raw id has no control characters.' });
    expect((await call('admin', 'PUT', entryPath('8:acs:x'), { displayName: 'X', kind: 'agent', teamIds: ['no-such-team'] })).status).toBe(400);
    expect((await call('admin', 'PUT', entryPath('8:acs:x'), '{not json')).status).toBe(400);

    expect(data(await call('admin', 'DELETE', entryPath(CALLER)))).toEqual({ rawId: CALLER });
    expect((await call('admin', 'DELETE', entryPath(CALLER))).status).toBe(404);
  });

  it('imports all rows or none, listing each bad row with its line', async () => {
    const bad = ['raw_id,display_name,kind,teams', '8:acs:res_derek,Derek,agent,Seattle', '8:acs:res_ava,Ava,robot,', '4:+14255550117,Jane,customer,Nowhere'].join('\n');
    const refused = await importCsv('admin', bad);
    expect(refused.status).toBe(400);
    expect(error(refused).rows).toEqual([
      { line: 3, message: 'kind: A kind is one of agent, bot, customer.' },
      { line: 4, message: 'teams: there is no team called “Nowhere”.' },
    ]);
    expect(data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory')).entries).toEqual([]);

    const good = ['raw_id,display_name,kind,teams', '8:acs:res_derek,Derek,agent,Seattle', '8:acs:res_ava,Ava,bot,', '4:+14255550117,"=Smith, Jane",customer,Seattle'].join('\r\n');
    expect(data(await importCsv('admin', good))).toEqual({ created: 3, updated: 0 });
    expect(data(await importCsv('admin', good, 'text/plain; charset=utf-8'))).toEqual({ created: 0, updated: 3 });
    expect((await importCsv('admin', good, 'application/json')).status).toBe(415);
    expect((await importCsv('admin', `raw_id,display_name,kind,teams\n${'8:acs:a,A,agent,\n'.repeat(70_000)}`)).status).toBe(413);
  });

  it('exports CSV that imports back unchanged', async () => {
    const before = data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory')).entries;
    const exported = await call('admin', 'GET', '/api/admin/directory/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="earshot-directory-\d{4}-\d{2}-\d{2}\.csv"$/);
    // fetch's text() drops the BOM; the formula in the name is guarded.
    expect(exported.text).toContain(`4:+14255550117,"'=Smith, Jane",customer,Seattle\r\n`);
    expect(data(await importCsv('admin', exported.text))).toEqual({ created: 0, updated: 3 });
    const after = data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory')).entries;
    const withoutTimes = (entries: DirectoryEntry[]) => entries.map(({ updatedAt: _updatedAt, ...rest }) => rest);
    expect(withoutTimes(after)).toEqual(withoutTimes(before));
    expect(after.find((entry) => entry.rawId === CALLER)).toMatchObject({ displayName: '=Smith, Jane', teamIds: [seattle.id] });
  });

  it('pages by raw id and searches by name or raw id', async () => {
    const rows = Array.from({ length: 150 }, (_, index) => `8:acs:page-${String(index).padStart(3, '0')},Agent ${index},agent,`);
    expect(data(await importCsv('admin', ['raw_id,display_name,kind,teams', ...rows].join('\n')))).toEqual({ created: 150, updated: 0 });
    const first = data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory'));
    expect(first.entries).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    const second = data(await call<DirectoryPage>('admin', 'GET', `/api/admin/directory?cursor=${encodeURIComponent(first.nextCursor ?? '')}`));
    expect(second.entries).toHaveLength(53);
    expect(second.nextCursor).toBeNull();
    expect(data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory?q=DEREK')).entries.map((entry) => entry.rawId)).toEqual(['8:acs:res_derek']);
    expect(data(await call<DirectoryPage>('admin', 'GET', '/api/admin/directory?q=%2B1425')).entries.map((entry) => entry.rawId)).toEqual([CALLER]);
    expect((await call('admin', 'GET', '/api/admin/directory?unknown=1')).status).toBe(400);
  });
});
