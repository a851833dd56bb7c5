/**
 * The ACS webhooks' HTTP side, shared by the Next route handlers under app/api/acs/ and by the server without Next
 * (integration tests run it alone): the body is read with the 1 MiB cap, then handed to AcsWebhooks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { assertNever } from '../../lib/speaker-label';
import { readIncomingText, readRequestText, tooLargeError, WEBHOOK_BODY_LIMIT_BYTES, type BodyText } from '../http/read-body';
import type { AcsWebhooks, WebhookResponse } from './acs-webhooks';

export const CALLBACK_PATH = '/api/acs/callbacks';
export const EVENT_GRID_PATH = '/api/acs/incoming-call';

export type WebhookKind = 'callback' | 'event-grid';

/** One delivery as a route handler receives it. */
export async function answerWebhookRequest(webhooks: AcsWebhooks, kind: WebhookKind, request: Request): Promise<Response> {
  const body = await readRequestText(request, WEBHOOK_BODY_LIMIT_BYTES);
  const result = await answerWebhook(webhooks, kind, body, request.headers.get('authorization') ?? undefined, new URL(request.url).searchParams.get('secret'));
  return Response.json(result.body, { status: result.status, headers: { 'cache-control': 'no-store' } });
}

/** The same without Next; false when the request is not for a webhook. */
export async function serveWebhookWithoutNext(req: IncomingMessage, res: ServerResponse, webhooks: AcsWebhooks): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (req.method !== 'POST' || (url.pathname !== CALLBACK_PATH && url.pathname !== EVENT_GRID_PATH)) return false;
  const body = await readIncomingText(req, WEBHOOK_BODY_LIMIT_BYTES);
  const kind: WebhookKind = url.pathname === CALLBACK_PATH ? 'callback' : 'event-grid';
  const result = await answerWebhook(webhooks, kind, body, req.headers.authorization, url.searchParams.get('secret'));
  res.writeHead(result.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(result.body));
  return true;
}

async function answerWebhook(webhooks: AcsWebhooks, kind: WebhookKind, body: BodyText, authorization: string | undefined, secret: string | null): Promise<WebhookResponse> {
  if (!body.ok) return { status: 413, body: { error: tooLargeError(body.limitBytes) } };
  switch (kind) {
    case 'callback':
      return webhooks.handleCallback(authorization, body.text);
    case 'event-grid':
      return webhooks.handleEventGrid(secret, body.text);
    default:
      return assertNever(kind);
  }
}
