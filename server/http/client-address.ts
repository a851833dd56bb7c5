/**
 * Who is on the other end of a request. Without trusted proxies it is the TCP peer: any header can be forged by
 * the client. Behind `trustProxy` reverse proxies, each proxy appends the address it saw to X-Forwarded-For, so
 * the entry `trustProxy` places from the right was written by the outermost trusted proxy; everything left of it
 * came from the client and proves nothing.
 */
import { isIP, isIPv4 } from 'node:net';

export interface ClientAddressInput {
  /** `req.socket.remoteAddress`; undefined once the socket is gone. */
  peerAddress: string | undefined;
  /** The X-Forwarded-For header(s) as Node parsed them. */
  forwardedFor: string | string[] | undefined;
  /** Number of reverse proxies in front of this server (TRUST_PROXY). */
  trustProxy: number;
}

const UNKNOWN = 'unknown';

export function resolveClientAddress({ peerAddress, forwardedFor, trustProxy }: ClientAddressInput): string {
  const peer = normalizeAddress(peerAddress ?? '') ?? UNKNOWN;
  if (trustProxy <= 0) return peer;
  const hops = headerList(forwardedFor);
  if (hops.length < trustProxy) return peer;
  return normalizeAddress(hops[hops.length - trustProxy] ?? '') ?? peer;
}

/** Comma-separated entries of one or several header lines, trimmed, empty ones dropped. */
export function headerList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * An IP address in canonical text, or undefined when the text is not one. Accepts what proxies really write:
 * `1.2.3.4:5678` (Azure App Service adds the port), `[2001:db8::1]:443`, IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * how a dual-stack Node socket reports IPv4 peers) and zone ids.
 */
export function normalizeAddress(raw: string): string | undefined {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1] !== undefined) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped?.[1] !== undefined) text = mapped[1];
  if (isIPv4(text)) return text;
  if (isIP(text) === 6) return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  return undefined;
}

/**
 * The unit that rate limits count: an IPv4 address, or the /64 an IPv6 address is in (one subscriber usually
 * gets a whole /64, so counting single IPv6 addresses would give an attacker billions of fresh budgets).
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const toGroups = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          // An embedded IPv4 address fills the last two groups.
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
