import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { isLoopback, metricsAccess, metricsToken } from '../../server/metrics/metrics-access';

const TOKEN = 'a-metrics-token-of-32-characters';

describe('who may read /metrics', () => {
  it('counts only loopback peers as local, in every form a Node socket reports them', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2', '0:0:0:0:0:0:0:1']) expect(isLoopback(address), address).toBe(true);
    for (const address of [undefined, '', '10.0.0.7', '192.168.1.20', '172.17.0.3', '::ffff:10.0.0.7', 'fd00::2', 'fe80::1%eth0', '::', '0.0.0.0', '128.0.0.1', '1.127.0.0', 'localhost', '::2']) {
      expect(isLoopback(address), String(address)).toBe(false);
    }
  });

  it('without a token: a loopback peer is allowed unless a proxy forwarded the request; anyone else is forbidden', () => {
    expect(metricsAccess({ peerAddress: '127.0.0.1', headers: {} }, null)).toBe('allowed');
    expect(metricsAccess({ peerAddress: '::ffff:127.0.0.1', headers: {} }, null)).toBe('allowed');
    expect(metricsAccess({ peerAddress: '172.18.0.5', headers: {} }, null)).toBe('forbidden');
    // A client cannot talk its way in: the peer address decides, not what the headers claim.
    expect(metricsAccess({ peerAddress: '203.0.113.7', headers: { 'x-forwarded-for': '127.0.0.1' } }, null)).toBe('forbidden');
    // A proxy on the same host connects from loopback; the headers it adds give it away.
    expect(metricsAccess({ peerAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } }, null)).toBe('forbidden');
    expect(metricsAccess({ peerAddress: '127.0.0.1', headers: { forwarded: 'for=203.0.113.7' } }, null)).toBe('forbidden');
    expect(metricsAccess({ peerAddress: '127.0.0.1', headers: { 'x-real-ip': '203.0.113.7' } }, null)).toBe('forbidden');
  });

  it('with a token: exactly that Bearer token, from any address; anything else is unauthorized, even from loopback', () => {
    const token = metricsToken(TOKEN);
    expect(metricsAccess({ peerAddress: '172.18.0.5', headers: { authorization: `Bearer ${TOKEN}` } }, token)).toBe('allowed');
    expect(metricsAccess({ peerAddress: '172.18.0.5', headers: { authorization: `bearer  ${TOKEN} ` } }, token)).toBe('allowed');
    for (const authorization of [undefined, '', 'Bearer', 'Bearer ', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN.slice(1)}`, `Bearer ${TOKEN}0`, `Bearer ${TOKEN.toUpperCase()}`, `Bearer ${TOKEN} ${TOKEN}`]) {
      expect(metricsAccess({ peerAddress: '127.0.0.1', headers: authorization === undefined ? {} : { authorization } }, token), String(authorization)).toBe('unauthorized');
    }
  });

  it('reads METRICS_TOKEN: unset by default, at least 16 printable characters without spaces', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in the middle of it' })).toThrow(/METRICS_TOKEN/);
  });
});
