/**
 * Paths of the ACS webhooks, and a way to serve them without Next (integration tests run the server alone).
 * In the app they are Next route handlers under app/api/acs/ that call the same AcsWebhooks methods.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AcsWebhooks, WebhookResponse } from './acs-webhooks';

export const CALLBACK_PATH = '/api/acs/callbacks';
export const EVENT_GRID_PATH = '/api/acs/incoming-call';
const MAX_BODY_BYTES = 1024 * 1024;

export async function serveWebhookWithoutNext(req: IncomingMessage, res: ServerResponse, webhooks: AcsWebhooks): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (req.method !== 'POST' || (url.pathname !== CALLBACK_PATH && url.pathname !== EVENT_GRID_PATH)) return false;
  const body = await readBody(req);
  const result: WebhookResponse =
    body === null
      ? { status: 413, body: { error: { code: 'too_large', message: 'Body too large.' } } }
      : url.pathname === CALLBACK_PATH
        ? await webhooks.handleCallback(req.headers.authorization, body)
        : await webhooks.handleEventGrid(url.searchParams.get('secret'), body);
  res.writeHead(result.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result.body));
  return true;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
