/**
 * Which webhook URLs Earshot may post to (SSRF guard). A webhook URL is user input that makes the server send a
 * request, so only http(s) URLs without credentials go out, and — unless ALERT_WEBHOOK_ALLOW_PRIVATE=true — only to
 * public unicast addresses: loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, multicast,
 * reserved, unique-local IPv6, and IPv4 addresses dressed as IPv6 are refused. The host is resolved once, every
 * address it resolves to is checked, and the request connects to the checked address (`lookup` below), so a DNS
 * answer that changes between the check and the connect (DNS rebinding) cannot send it elsewhere.
 * ipaddr.js classifies addresses; anything it does not call `unicast` is refused (an allowlist, not a blocklist).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export interface WebhookUrlPolicy {
  /** ALERT_WEBHOOK_ALLOW_PRIVATE: private and loopback addresses allowed (tests, on-premises receivers). */
  allowPrivate: boolean;
}

/** Why an IP address may not be posted to, or null when it is a public unicast address. */
export function forbiddenAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      parsed = v6.toIPv4Address();
    } else {
      const parts = v6.parts;
      // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls it unicast, but it only ever wraps an IPv4 address.
      if (parts.slice(0, 6).every((part) => part === 0) && v6.range() !== 'unspecified' && v6.range() !== 'loopback') return 'IPv4-compatible IPv6 address';
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${RANGE_NAMES[range] ?? range} address`;
}

/** ipaddr.js's range names, as an operator reads them in an error. */
const RANGE_NAMES: Record<string, string> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  uniqueLocal: 'unique-local IPv6',
  unspecified: 'unspecified',
  rfc6052: 'NAT64 (IPv4-embedding)',
  rfc6145: 'IPv4-translated',
  '6to4': '6to4 (IPv4-embedding)',
  teredo: 'Teredo (IPv4-embedding)',
  deprecatedSiteLocal: 'site-local IPv6',
};

/**
 * What can be checked without DNS: scheme, credentials, a literal address, `localhost`. The rules API calls this
 * when a rule is saved; the dispatcher checks the resolved addresses again before every attempt.
 */
export function checkWebhookUrl(value: string, policy: WebhookUrlPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'only http and https webhooks are allowed' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials in a webhook URL are not allowed' };
  if (policy.allowPrivate) return { ok: true, url };
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: 'loopback address refused (set ALERT_WEBHOOK_ALLOW_PRIVATE=true to allow)' };
  if (isIP(host) !== 0) {
    const reason = forbiddenAddressReason(host);
    if (reason !== null) return { ok: false, reason: `${reason} refused (set ALERT_WEBHOOK_ALLOW_PRIVATE=true to allow)` };
  }
  return { ok: true, url };
}

/** The URL's host without IPv6 brackets and without a trailing dot. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

export class RefusedTargetError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedTargetError';
  }
}

/**
 * Resolves the URL's host and vets every address it has; returns the address to connect to. Throws
 * RefusedTargetError when the URL or an address is not allowed (do not retry), and the resolver's error when DNS
 * fails (retry later).
 */
export async function vetWebhookTarget(url: URL, policy: WebhookUrlPolicy, resolve: Resolver = systemResolver): Promise<ResolvedAddress> {
  const check = checkWebhookUrl(url.href, policy);
  if (!check.ok) throw new RefusedTargetError(check.reason);
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal !== 0 ? [{ address: host, family: literal as 4 | 6 }] : await resolve(host);
  const first = addresses[0];
  if (first === undefined) throw new Error('the host has no address');
  if (!policy.allowPrivate) {
    // Every address, not only the first: a name that resolves to a public and a private address is refused.
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason !== null) throw new RefusedTargetError(`the host resolves to a ${reason}, refused (set ALERT_WEBHOOK_ALLOW_PRIVATE=true to allow)`);
    }
  }
  return first;
}

/** A `lookup` for http.request that answers with the vetted address only (no second DNS query, no rebinding). */
export function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: vetted.address, family: vetted.family }]);
    else callback(null, vetted.address, vetted.family);
  }) as LookupFunction;
}
