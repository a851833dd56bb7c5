/**
 * One webhook attempt: vet the target (webhook-url-guard.ts), POST the body to the vetted address, and say what
 * happened in terms the queue acts on — delivered, retry (maybe after Retry-After), or give up. Redirects are not
 * followed (a 3xx could point anywhere, including inside the network). One deadline covers DNS, connect, the
 * request and the response; the response body is read and thrown away, at most MAX_RESPONSE_BYTES of it.
 * Errors are short and made here: never the URL (Slack and Teams keep their secret in it), never the body.
 * Connections are kept alive per origin and vetted address (webhook-agents.ts); a kept connection that the receiver
 * closed just as it was reused fails before any answer, and the post is then sent once more on a new connection.
 */
import http from 'node:http';
import https from 'node:https';
import { AttemptDeadline } from './attempt-deadline';
import type { WebhookAgents } from './webhook-agents';
import { RefusedTargetError, pinnedLookup, vetWebhookTarget, type ResolvedAddress, type Resolver, type WebhookUrlPolicy } from './webhook-url-guard';

const MAX_RESPONSE_BYTES = 16 * 1024;

export type AttemptOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string; retryAfter: string | undefined }
  | { kind: 'give-up'; status: number | null; error: string };

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: WebhookUrlPolicy;
  resolve: Resolver;
  timeoutMs: number;
  /** Where kept-alive connections live (one per dispatcher). */
  agents: WebhookAgents;
  /** Aborts the attempt (shutdown); it then ends as a retry. */
  signal: AbortSignal;
  /** Called once the request body has been handed to the socket. */
  onSent?: () => void;
}

export async function postWebhook(request: WebhookRequest): Promise<AttemptOutcome> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { kind: 'give-up', status: null, error: 'not a valid URL' };
  }
  const deadline = new AttemptDeadline(request.signal, request.timeoutMs);
  try {
    return await attempt(request, url, deadline);
  } finally {
    deadline.dispose();
  }
}

async function attempt(request: WebhookRequest, url: URL, deadline: AttemptDeadline): Promise<AttemptOutcome> {
  let vetted;
  try {
    vetted = await deadline.race(vetWebhookTarget(url, request.policy, request.resolve));
  } catch (error) {
    if (error instanceof RefusedTargetError) return { kind: 'give-up', status: null, error: error.message };
    if (deadline.passed) return abortedOutcome(request, null);
    return { kind: 'retry', status: null, error: `DNS lookup failed (${errorCode(error)})`, retryAfter: undefined };
  }

  let sentReported = false;
  const reportSent = () => {
    if (sentReported) return;
    sentReported = true;
    request.onSent?.();
  };
  const once = { ...request, onSent: reportSent };
  const first = await sendOnce(once, url, vetted, request.agents.agentFor(url, vetted), deadline);
  if (!first.staleConnection) return first.outcome;
  // The receiver closed a kept connection as it was reused: nothing was answered, so send again on a new one (a
  // receiver that did get the first copy sees the same delivery id twice, as with any retry).
  return (await sendOnce(once, url, vetted, false, deadline)).outcome;
}

interface SendResult {
  outcome: AttemptOutcome;
  /** Failed on a reused connection before any answer: worth sending again at once on a new one. */
  staleConnection: boolean;
}

function sendOnce(request: WebhookRequest, url: URL, vetted: ResolvedAddress, agent: http.Agent | false, deadline: AttemptDeadline): Promise<SendResult> {
  return new Promise<SendResult>((resolve) => {
    let status: number | null = null;
    let retryAfter: string | undefined;
    let settled = false;
    let cancelAbort: () => void = () => undefined;
    const finish = (outcome: AttemptOutcome, staleConnection = false) => {
      if (settled) return;
      settled = true;
      cancelAbort();
      resolve({ outcome, staleConnection });
    };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(request.body)) },
      lookup: pinnedLookup(vetted),
      agent,
    });
    const onAbort = () => {
      req.destroy();
      finish(status === null ? abortedOutcome(request, null) : outcomeForStatus(status, retryAfter));
    };
    req.on('finish', () => request.onSent?.());
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      retryAfter = headerValue(res.headers['retry-after']);
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) {
          res.destroy();
          finish(outcomeForStatus(status ?? 0, retryAfter));
        }
      });
      res.on('end', () => finish(outcomeForStatus(status ?? 0, retryAfter)));
      // A body cut off after the status line still tells the outcome.
      res.on('error', () => finish(outcomeForStatus(status ?? 0, retryAfter)));
      res.on('close', () => finish(outcomeForStatus(status ?? 0, retryAfter)));
    });
    req.on('error', (error) => {
      if (status !== null) finish(outcomeForStatus(status, retryAfter));
      else if (deadline.passed) finish(abortedOutcome(request, null));
      else {
        const outcome: AttemptOutcome = { kind: 'retry', status: null, error: `network error (${errorCode(error)})`, retryAfter: undefined };
        finish(outcome, req.reusedSocket && STALE_CONNECTION_CODES.has(errorCode(error)));
      }
    });
    // Last, with every listener in place: a deadline already passed destroys the request at once.
    cancelAbort = deadline.onPass(onAbort);
    if (!settled) req.end(request.body);
  });
}

/** How a kept connection that the other end already closed fails when it is written to. */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** 2xx delivered; 408, 429 and 5xx retried; anything else (other 4xx, a redirect) will not get better. */
export function outcomeForStatus(status: number, retryAfter: string | undefined): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', status, error: `HTTP ${status}`, retryAfter: status === 429 || status === 503 ? retryAfter : undefined };
  if (status >= 300 && status < 400) return { kind: 'give-up', status, error: `HTTP ${status}: redirects are not followed` };
  return { kind: 'give-up', status, error: `HTTP ${status}` };
}

function abortedOutcome(request: WebhookRequest, status: number | null): AttemptOutcome {
  const limit = request.timeoutMs < 1000 ? `${request.timeoutMs} ms` : `${Math.round(request.timeoutMs / 1000)} s`;
  const error = request.signal.aborted ? 'interrupted: the server stopped' : `timed out after ${limit}`;
  return { kind: 'retry', status, error, retryAfter: undefined };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A system error's code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…), never its message (which can name the host). */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'unknown';
}
