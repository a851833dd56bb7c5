/**
 * A path with a malformed percent escape (`/calls/x%E0%A4%A`, `/api/calls/%zz/hang-up`) makes Next fail with a bare
 * 500 before any route or page runs. No link Earshot builds has one (lib/call-path.ts encodes every `%`), so it is a
 * mistyped or truncated URL: answer 400 here, in front of Next — JSON for the API, a short page for browsers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** True when the request was answered because its path cannot be decoded. */
export function answerMalformedPath(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = new URL(req.url ?? '/', 'http://placeholder').pathname;
  if (decodes(pathname)) return false;
  if (pathname.startsWith('/api/')) {
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: false, error: { code: 'invalid_request', message: 'The path has a malformed percent escape.' } }));
    return true;
  }
  res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(MALFORMED_PAGE);
  return true;
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

const MALFORMED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad address · Earshot</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #334155">
<h1 style="font-size: 1rem; color: #0f172a">This address is not valid</h1>
<p>It has a broken percent escape (a <code>%</code> not followed by a valid encoded character), so it names no call or page. It may have been cut short when it was copied.</p>
<p><a href="/" style="color: #075985">← Back to all calls</a></p>
</body></html>
`;
