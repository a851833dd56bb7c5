import { describe, expect, it } from 'vitest';
import { checkOrigin, isSafeMethod, originRule, type OriginRequest } from '../../server/http/origin-policy';

const direct = originRule({ trustProxy: 0, publicBaseUrl: undefined, allowedOrigins: [] });

function request(headers: Record<string, string>, encrypted = false): OriginRequest {
  return { headers, encrypted };
}

describe('origin rule', () => {
  it('accepts the request’s own origin (scheme + Host), default ports included', () => {
    expect(checkOrigin(request({ host: 'earshot.local:3000', origin: 'http://earshot.local:3000' }), direct).ok).toBe(true);
    expect(checkOrigin(request({ host: 'earshot.local:80', origin: 'http://earshot.local' }), direct).ok).toBe(true);
    expect(checkOrigin(request({ host: 'earshot.local', origin: 'https://earshot.local' }, true), direct).ok).toBe(true);
    expect(checkOrigin(request({ host: '[::1]:3000', origin: 'http://[::1]:3000' }), direct).ok).toBe(true);
  });

  it('refuses another site, another port, another scheme, `null` and garbage', () => {
    for (const origin of ['https://evil.example', 'http://earshot.local:3001', 'https://earshot.local:3000', 'null', 'not a url', 'file://earshot.local']) {
      expect(checkOrigin(request({ host: 'earshot.local:3000', origin }), direct)).toEqual({ ok: false, origin });
    }
  });

  it('with no Origin, accepts non-browser clients and refuses what the browser marks cross-site', () => {
    expect(checkOrigin(request({ host: 'earshot.local' }), direct).ok).toBe(true);
    expect(checkOrigin(request({ host: 'earshot.local', 'sec-fetch-site': 'same-origin' }), direct).ok).toBe(true);
    expect(checkOrigin(request({ host: 'earshot.local', 'sec-fetch-site': 'cross-site' }), direct)).toEqual({ ok: false, origin: null });
    expect(checkOrigin(request({ host: 'earshot.local', 'sec-fetch-site': 'Cross-Site' }), direct).ok).toBe(false);
  });

  it('accepts PUBLIC_BASE_URL’s origin and ALLOWED_ORIGINS', () => {
    const rule = originRule({ trustProxy: 0, publicBaseUrl: 'https://earshot.example.com/base', allowedOrigins: ['https://wallboard.example.com:8443'] });
    // Behind a TLS-terminating proxy that is not trusted, the request looks like plain http to an internal host.
    const internal = { host: '10.0.0.5:3000' };
    expect(checkOrigin(request({ ...internal, origin: 'https://earshot.example.com' }), rule).ok).toBe(true);
    expect(checkOrigin(request({ ...internal, origin: 'https://wallboard.example.com:8443' }), rule).ok).toBe(true);
    expect(checkOrigin(request({ ...internal, origin: 'https://wallboard.example.com' }), rule).ok).toBe(false);
    expect(checkOrigin(request({ ...internal, origin: 'http://earshot.example.com' }), rule).ok).toBe(false);
  });

  it('honours X-Forwarded-Proto / X-Forwarded-Host only from trusted proxies', () => {
    const headers = { host: '10.0.0.5:3000', origin: 'https://earshot.example.com', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'earshot.example.com' };
    expect(checkOrigin(request(headers), direct).ok).toBe(false);
    const behindOne = originRule({ trustProxy: 1, publicBaseUrl: undefined, allowedOrigins: [] });
    expect(checkOrigin(request(headers), behindOne).ok).toBe(true);
    // A proxy that appends: its entry is the rightmost; whatever the client sent stays on the left and counts for nothing.
    const appended = { ...headers, 'x-forwarded-host': 'earshot.example.com, evil.example', 'x-forwarded-proto': 'https, https' };
    expect(checkOrigin(request({ ...appended, origin: 'https://evil.example' }), behindOne).ok).toBe(true);
    expect(checkOrigin(request({ ...appended, origin: 'https://earshot.example.com' }), behindOne).ok).toBe(false);
    expect(checkOrigin(request({ ...headers, 'x-forwarded-proto': 'gopher' }), behindOne).ok).toBe(false);
  });

  it('checks every method but GET, HEAD and OPTIONS', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', undefined].some(isSafeMethod)).toBe(false);
  });
});
