import { describe, expect, it } from 'vitest';
import { addressBucket, normalizeAddress, resolveClientAddress } from '../../server/http/client-address';

describe('client address', () => {
  it('with no trusted proxy, is the TCP peer whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress({ peerAddress: '203.0.113.7', forwardedFor: '198.51.100.1', trustProxy: 0 })).toBe('203.0.113.7');
    expect(resolveClientAddress({ peerAddress: '::ffff:203.0.113.7', forwardedFor: ['1.1.1.1', '2.2.2.2'], trustProxy: 0 })).toBe('203.0.113.7');
    expect(resolveClientAddress({ peerAddress: undefined, forwardedFor: '1.1.1.1', trustProxy: 0 })).toBe('unknown');
  });

  it('behind n proxies, takes the n-th entry from the right; what the client wrote on the left is ignored', () => {
    // The client forged "6.6.6.6"; proxy 1 appended the client's real address, proxy 2 appended proxy 1's.
    const forwardedFor = '6.6.6.6, 203.0.113.7, 10.0.0.2';
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor, trustProxy: 1 })).toBe('10.0.0.2');
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor, trustProxy: 2 })).toBe('203.0.113.7');
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor: ['6.6.6.6, 203.0.113.7', '10.0.0.2'], trustProxy: 2 })).toBe('203.0.113.7');
  });

  it('falls back to the peer when the header has fewer entries than trusted proxies, or the entry is no address', () => {
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor: '203.0.113.7', trustProxy: 2 })).toBe('10.0.0.3');
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor: undefined, trustProxy: 1 })).toBe('10.0.0.3');
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor: ' , ', trustProxy: 1 })).toBe('10.0.0.3');
    expect(resolveClientAddress({ peerAddress: '10.0.0.3', forwardedFor: 'unknown', trustProxy: 1 })).toBe('10.0.0.3');
  });

  it('reads the address forms proxies write', () => {
    expect(normalizeAddress('203.0.113.7:54321')).toBe('203.0.113.7');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('2001:db8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('not-an-ip')).toBeUndefined();
    expect(normalizeAddress('1.2.3.4.5')).toBeUndefined();
  });

  it('counts IPv6 clients per /64 and IPv4 clients per address', () => {
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe(addressBucket('2001:db8:1:2:ffff:1:2:3'));
    expect(addressBucket('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(addressBucket('2001:db8:1:2::1'));
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('64:ff9b::1.2.3.4')).toBe('64:ff9b:0:0::/64');
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('unknown')).toBe('unknown');
  });
});
