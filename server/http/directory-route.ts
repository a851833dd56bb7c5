/**
 * The shared body of the `/api/admin/directory*` route handlers: the permission check (`manageTeams`: the directory
 * puts identities into teams), the body, the answer.
 */
import { MAX_IMPORT_BYTES } from '../../lib/directory';
import { authorize } from '../auth/authorization';
import type { AdminAnswer } from '../auth/user-admin';
import type { DirectoryAdmin } from '../directory/directory-admin';
import { getRuntime } from '../runtime';
import { readJsonBody } from './control-route';
import { jsonResult } from './json-result';
import { readRequestText, tooLargeError } from './read-body';

/** What Next passes `app/api/admin/directory/[rawId]` (decoded once, like every route's segment). */
export interface DirectoryEntryContext {
  params: Promise<{ rawId: string }>;
}

type Work<T> = (admin: DirectoryAdmin, actor: string, body: unknown) => Promise<AdminAnswer<T>>;

export async function runDirectory<T>(request: Request, work: Work<T>, options: { body?: 'json' | 'csv' } = {}): Promise<Response> {
  const runtime = getRuntime();
  const who = await authorize(request, runtime.users.store, 'manageTeams');
  if (!who.ok) return who.response;
  let body: unknown = undefined;
  if (options.body === 'json') {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    body = read.body;
  } else if (options.body === 'csv') {
    const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== undefined && type !== 'text/csv' && type !== 'text/plain') {
      return jsonResult(415, { ok: false, error: { code: 'unsupported_media_type', message: 'Send the file as text/csv.' } });
    }
    const read = await readRequestText(request, MAX_IMPORT_BYTES);
    if (!read.ok) return jsonResult(413, { ok: false, error: tooLargeError(read.limitBytes) });
    body = read.text;
  }
  const answer = await work(runtime.directoryAdmin, who.actor.username, body);
  return jsonResult(answer.status, answer.result);
}

/** `GET /api/admin/directory/export`: the directory as a CSV download. */
export async function directoryExport(request: Request, today: Date): Promise<Response> {
  const runtime = getRuntime();
  const who = await authorize(request, runtime.users.store, 'manageTeams');
  if (!who.ok) return who.response;
  const csv = await runtime.directoryAdmin.exportCsv(who.actor.username);
  return new Response(csv, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="earshot-directory-${today.toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
