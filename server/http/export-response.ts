/** An export as an HTTP download: streamed (pulled as the client reads, so a slow client holds back the store reads). */
import contentDisposition from 'content-disposition';
import type { ExportFile } from '../export/call-exports';

/** Text gathered per enqueued chunk: one line per chunk would be thousands of tiny writes. */
const CHUNK_CHARS = 16 * 1024;

export function exportResponse(file: ExportFile): Response {
  const iterator = file.body[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = '';
      while (text.length < CHUNK_CHARS) {
        const next = await iterator.next();
        if (next.done) {
          if (text !== '') controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += next.value;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      'content-type': file.contentType,
      // RFC 6266: the ASCII name as `filename`, the name in the id's own script as `filename*` (RFC 5987) when it differs.
      'content-disposition': contentDisposition(file.fileNameUnicode, { type: 'attachment', fallback: file.fileName }),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
