/**
 * Request bodies with a size cap, for every route that reads one (route handlers and the test-only webhook path).
 * `request.text()` would buffer whatever a client sends; this streams the body and stops at the cap, or refuses at
 * once when `Content-Length` already says it is too large.
 *
 * Hand-written because the libraries that do this (raw-body and friends) read Node streams, while route handlers get
 * a WHATWG `Request`; both kinds go through the one loop below.
 */
import type { IncomingMessage } from 'node:http';

/** ACS callbacks and Event Grid deliveries (a CloudEvents batch). */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
/** A supervisor's JSON: login and call-control requests are a few hundred bytes. */
export const SUPERVISOR_BODY_LIMIT_BYTES = 64 * 1024;
/**
 * After refusing, up to this much more is read and thrown away in the background, so a client that is still sending
 * gets its 413 instead of a reset connection; past it the request stream is destroyed, which drops the connection.
 */
const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

export type BodyText = { ok: true; text: string } | { ok: false; limitBytes: number };

/** Where the bytes come from: the next chunk (undefined at the end), and a way to stop for good. */
interface ChunkSource {
  read(): Promise<Uint8Array | undefined>;
  destroy(): void;
}

/** The body of a route handler's request, as UTF-8 text (a BOM dropped, like `request.text()`). */
export function readRequestText(request: Request, limitBytes: number): Promise<BodyText> {
  const reader = request.body?.getReader();
  if (reader === undefined) return Promise.resolve({ ok: true, text: '' });
  return readText(request.headers.get('content-length'), limitBytes, {
    read: async () => {
      const next = await reader.read();
      return next.done ? undefined : next.value;
    },
    destroy: () => void reader.cancel().catch(() => undefined),
  });
}

/** The same for a bare Node request (the server without Next, in tests). */
export function readIncomingText(req: IncomingMessage, limitBytes: number): Promise<BodyText> {
  // Leaving the loop early must not destroy the request: that would take the socket, and the 413 with it.
  const chunks: AsyncIterator<unknown> = req.iterator({ destroyOnReturn: false });
  return readText(req.headers['content-length'] ?? null, limitBytes, {
    read: async () => {
      const next = await chunks.next();
      if (next.done === true) return undefined;
      return Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
    },
    destroy: () => req.destroy(),
  });
}

/** The answer for a refused body, in the words every route uses. */
export function tooLargeError(limitBytes: number) {
  return { code: 'too_large', message: `The request body is larger than ${formatBytes(limitBytes)}.` } as const;
}

async function readText(contentLength: string | null, limitBytes: number, source: ChunkSource): Promise<BodyText> {
  const declared = contentLength === null ? Number.NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > limitBytes) {
    discardRest(source);
    return { ok: false, limitBytes };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await source.read(); chunk !== undefined; chunk = await source.read()) {
    size += chunk.byteLength;
    if (size > limitBytes) {
      discardRest(source);
      return { ok: false, limitBytes };
    }
    chunks.push(chunk);
  }
  return { ok: true, text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) };
}

/** Reads and drops what the client still sends, without holding up the answer. */
function discardRest(source: ChunkSource) {
  void (async () => {
    let discarded = 0;
    for (let chunk = await source.read(); chunk !== undefined; chunk = await source.read()) {
      discarded += chunk.byteLength;
      if (discarded > DISCARD_LIMIT_BYTES) {
        source.destroy();
        return;
      }
    }
  })().catch(() => undefined);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
