/**
 * Verifies the HMAC-SHA256 signature ACS requires on every Call Automation request (acs-reference.md §5).
 *
 * Why this is hand-written: the SDK packages only contain the *signing* side (communication-common's
 * `createCommunicationAccessKeyCredentialPolicy`); there is no verifier to reuse, because in Azure the service does
 * this. The emulator is that service, so it recomputes the string-to-sign from what actually arrived on the wire.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** `req.url` exactly as received: path plus raw query, still percent-encoded. */
  rawUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type HmacCheck =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing_authorization'
        | 'malformed_authorization'
        | 'unsupported_signed_headers'
        | 'missing_date'
        | 'invalid_date'
        | 'stale_date'
        | 'missing_host'
        | 'content_hash_mismatch'
        | 'signature_mismatch';
    };

export interface HmacVerifierOptions {
  /** The access key of the connection string, base64 (as ACS issues it). */
  accessKey: string;
  /** How far `x-ms-date` may be from now. Azure allows 15 minutes. */
  maxClockSkewMs: number;
  now?: () => number;
}

const AUTHORIZATION_PATTERN = /^HMAC-SHA256\s+SignedHeaders=([^&\s]+)&Signature=(\S+)$/i;
const EXPECTED_SIGNED_HEADERS = 'x-ms-date;host;x-ms-content-sha256';

export function createHmacVerifier(options: HmacVerifierOptions): (request: SignedRequest) => HmacCheck {
  const key = Buffer.from(options.accessKey, 'base64');
  const now = options.now ?? Date.now;

  return function verify(request: SignedRequest): HmacCheck {
    const authorization = single(request.headers['authorization']);
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing_authorization' };
    const match = AUTHORIZATION_PATTERN.exec(authorization.trim());
    if (!match?.[1] || !match[2]) return { ok: false, reason: 'malformed_authorization' };
    if (match[1].toLowerCase() !== EXPECTED_SIGNED_HEADERS) return { ok: false, reason: 'unsupported_signed_headers' };

    const date = single(request.headers['x-ms-date']);
    if (date === undefined) return { ok: false, reason: 'missing_date' };
    const sentAt = Date.parse(date);
    if (Number.isNaN(sentAt)) return { ok: false, reason: 'invalid_date' };
    if (Math.abs(now() - sentAt) > options.maxClockSkewMs) return { ok: false, reason: 'stale_date' };

    const host = single(request.headers['host']);
    if (host === undefined || host === '') return { ok: false, reason: 'missing_host' };

    // The hash covers the raw bytes; the signature covers the hash the client *claims*, so check both.
    const contentHash = createHash('sha256').update(request.body).digest('base64');
    const claimedHash = single(request.headers['x-ms-content-sha256']) ?? '';
    if (!constantTimeEquals(contentHash, claimedHash)) return { ok: false, reason: 'content_hash_mismatch' };

    const stringToSign = `${request.method.toUpperCase()}\n${pathAndQuery(request.rawUrl)}\n${date};${host};${claimedHash}`;
    const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('base64');
    if (!constantTimeEquals(expected, match[2])) return { ok: false, reason: 'signature_mismatch' };
    return { ok: true };
  };
}

/**
 * The client signs `url.pathname + "?" + url.searchParams.toString()`. The path arrives exactly as the client's URL
 * serialised it; the query is re-serialised through URLSearchParams the same way the client did.
 */
function pathAndQuery(rawUrl: string): string {
  const queryStart = rawUrl.indexOf('?');
  if (queryStart === -1) return rawUrl;
  const path = rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(rawUrl.slice(queryStart + 1)).toString();
  return query ? `${path}?${query}` : path;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
