/** JSON responses for route handlers: the `Result` envelope, never cached. */
import type { Result } from '../../lib/protocol';

export function jsonResult<T>(status: number, body: Result<T>): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
