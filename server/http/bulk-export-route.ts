/** The body of `GET /api/export`: who asks, the format and filters; a streamed ZIP or a JSON refusal. */
import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { getRuntime } from '../runtime';
import { jsonResult } from './json-result';
import { authorizeRequest } from './authorize-request';

export async function runBulkExport(request: Request): Promise<Response> {
  const who = await authorizeRequest(request, 'export');
  if (!who.ok) return who.response;
  const actor = who.actor.username;
  const answer = getRuntime().bulkExports.start(actor, new URL(request.url).searchParams, getRuntime().visibility.scopeOf(who.actor));
  if (!answer.ok) return jsonResult(answer.status, { ok: false, error: answer.error });
  // Pulled as the client reads: a slow download holds back the store reads instead of buffering the archive.
  return new Response(Readable.toWeb(answer.file.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'content-type': 'application/zip',
      'content-disposition': contentDisposition(answer.file.fileName, { type: 'attachment' }),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
