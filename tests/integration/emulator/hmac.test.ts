/**
 * Every request must carry a valid HMAC-SHA256 signature made with the connection string's access key: tampering
 * with the body, the path or the date, or leaving the signature out, gets 401 with an ACS error body.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAcsEmulator, type AcsEmulator } from '../../../server/acs-emulator/emulator';
import { signedRequest, tamper } from './signed-requests';
import { testScenarios } from './test-scenarios';

let emulator: AcsEmulator;
const UNKNOWN_CALL = '/calling/callConnections/11111111-2222-3333-4444-555555555555';

beforeAll(async () => {
  emulator = await startAcsEmulator({ scenarios: testScenarios, speedFactor: 25 });
});

afterAll(async () => {
  await emulator?.close();
});

function expectUnauthorized(response: { status: number; json: unknown }, reason: string): void {
  expect(response.status).toBe(401);
  expect(response.json).toEqual({ error: { code: '7509', message: `HMAC-SHA256 validation failed: ${reason}` } });
}

describe('HMAC verification', () => {
  it('accepts a correctly signed request (the unknown call then gives 404, not 401)', async () => {
    const response = await signedRequest(emulator.connectionString, 'GET', UNKNOWN_CALL);
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: { code: '8522' } });
  });

  it('rejects a body altered after signing', async () => {
    const response = await signedRequest(
      emulator.connectionString,
      'POST',
      `${UNKNOWN_CALL}:startTranscription`,
      { locale: 'en-US' },
      { afterSigning: [tamper('alter-body', (request) => (request.body = JSON.stringify({ locale: 'es-ES' })))] },
    );
    expectUnauthorized(response, 'content hash mismatch');
  });

  it('rejects a body altered together with its content hash (the signature covers the hash)', async () => {
    const { createHash } = await import('node:crypto');
    const forged = JSON.stringify({ locale: 'es-ES' });
    const response = await signedRequest(emulator.connectionString, 'POST', `${UNKNOWN_CALL}:startTranscription`, { locale: 'en-US' }, {
      afterSigning: [
        tamper('alter-body-and-hash', (request) => {
          request.body = forged;
          request.headers.set('x-ms-content-sha256', createHash('sha256').update(forged).digest('base64'));
        }),
      ],
    });
    expectUnauthorized(response, 'signature mismatch');
  });

  it('rejects a path altered after signing', async () => {
    const response = await signedRequest(emulator.connectionString, 'GET', UNKNOWN_CALL, undefined, {
      afterSigning: [tamper('alter-path', (request) => (request.url = request.url.replace('555555555555', '666666666666')))],
    });
    expectUnauthorized(response, 'signature mismatch');
  });

  it('rejects an altered query string (api-version is signed too)', async () => {
    const response = await signedRequest(emulator.connectionString, 'GET', UNKNOWN_CALL, undefined, {
      afterSigning: [tamper('alter-query', (request) => (request.url = request.url.replace('2025-08-15-preview', '2026-03-12')))],
    });
    expectUnauthorized(response, 'signature mismatch');
  });

  it('rejects a stale x-ms-date even when the signature over it is valid', async () => {
    const response = await signedRequest(emulator.connectionString, 'GET', UNKNOWN_CALL, undefined, {
      // Sign with the clock 20 minutes back (Azure tolerates 15), then send with the real clock.
      signing: (signer) => ({
        name: 'sign-in-the-past',
        async sendRequest(request, next) {
          vi.useFakeTimers({ toFake: ['Date'] });
          vi.setSystemTime(Date.now() - 20 * 60_000);
          try {
            return await signer.sendRequest(request, (signed) => {
              vi.useRealTimers();
              return next(signed);
            });
          } finally {
            vi.useRealTimers();
          }
        },
      }),
    });
    expectUnauthorized(response, 'stale date');
  });

  it('rejects a request without Authorization', async () => {
    const response = await signedRequest(emulator.connectionString, 'GET', UNKNOWN_CALL, undefined, {
      afterSigning: [tamper('strip-auth', (request) => request.headers.delete('authorization'))],
    });
    expectUnauthorized(response, 'missing authorization');
    const bare = await fetch(`${emulator.url}${UNKNOWN_CALL}?api-version=2026-03-12`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { code: '7509' } });
  });

  it('rejects a request signed with another access key', async () => {
    const other = emulator.connectionString.replace(/accesskey=.*$/, `accesskey=${Buffer.from('not the key').toString('base64')}`);
    expectUnauthorized(await signedRequest(other, 'GET', UNKNOWN_CALL), 'signature mismatch');
  });

  it('protects the /emulator control routes as well', async () => {
    const unsigned = await fetch(`${emulator.url}/emulator/faults`, { method: 'POST', body: JSON.stringify({ operation: 'createCall' }) });
    expect(unsigned.status).toBe(401);
    const signed = await signedRequest(emulator.connectionString, 'GET', '/emulator/faults');
    expect(signed.status).toBe(200);
  });

  it('serves the JWKS and the OpenID configuration without authentication', async () => {
    const jwks = (await (await fetch(emulator.jwksUrl)).json()) as { keys: { kty: string; alg: string; kid: string; d?: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
    const config = (await (await fetch(emulator.openIdConfigUrl)).json()) as { issuer: string; jwks_uri: string };
    expect(config).toMatchObject({ issuer: emulator.issuer, jwks_uri: emulator.jwksUrl });
  });
});
