/**
 * A POST whose body streams `bytes` in chunks without Content-Length and then never ends: only a server that stops
 * reading at its cap can answer it. Resolves with the answer; the request is destroyed once it has arrived.
 */
import http from 'node:http';

export interface EndlessPostAnswer {
  status: number;
  text: string;
  body: unknown;
}

export function endlessPost(url: string, headers: Record<string, string>, bytes: number): Promise<EndlessPostAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, 'transfer-encoding': 'chunked' } });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        request.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: response.statusCode ?? 0, text, body });
      });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < bytes; sent += chunk.length) request.write(chunk);
  });
}
