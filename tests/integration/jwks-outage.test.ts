/**
 * ACS's key endpoint goes down. Keys fetched before keep verifying for the configured time (streams and
 * callbacks go on); a token with a key id that is not among them is refused; past that time the outage is ours
 * (503, ACS retries); rotated keys are picked up.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcsJwtVerifier } from '../../server/ingress/jwt-verifier';
import { openAcsStream, startEarshot, tempDatabasePath, TEST_AUDIENCE, TEST_ISSUER, UpgradeRefused } from '../helpers/earshot-harness';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function sign(key: SigningKey) {
  return new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: key.kid }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(key.privateKey);
}

/** A JWKS endpoint that can go down and can rotate its keys. */
class KeyEndpoint {
  up = true;
  published: SigningKey[] = [];
  requests = 0;
  private server: Server | undefined;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      this.requests += 1;
      if (!this.up) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.published.map((key) => key.jwk) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/calling/keys`;
  }

  close() {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let endpoint: KeyEndpoint;
let current: SigningKey;
let rotated: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  endpoint = new KeyEndpoint();
  await endpoint.start();
  [current, rotated, stranger] = await Promise.all([signingKey('acs-1'), signingKey('acs-2'), signingKey('not-acs')]);
  endpoint.published = [current];
});

afterAll(async () => endpoint?.close());

describe('when ACS’s key endpoint is down', () => {
  it('keeps verifying with known keys for the configured time, refuses unknown key ids, then reports the outage', async () => {
    let clock = 1_000_000;
    const verify = createAcsJwtVerifier({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      jwksUrl: endpoint.url,
      jwks: { now: () => clock, refreshAfterMs: 60_000, maxStaleMs: 3_600_000, cooldownMs: 10_000 },
    });
    const bearer = async (key: SigningKey) => `Bearer ${await sign(key)}`;

    expect(await verify(await bearer(current))).toMatchObject({ ok: true });
    endpoint.up = false;
    clock += 5 * 60_000;
    // Due for a refresh, the refresh fails, the known key still verifies.
    expect(await verify(await bearer(current))).toMatchObject({ ok: true });
    expect(await verify(await bearer(stranger))).toEqual({ ok: false, status: 401, reason: 'unknown_key' });
    const requestsDuringCooldown = endpoint.requests;
    for (let attempt = 0; attempt < 5; attempt += 1) await verify(await bearer(current));
    expect(endpoint.requests).toBe(requestsDuringCooldown);

    clock += 3_600_000;
    expect(await verify(await bearer(current))).toEqual({ ok: false, status: 503, reason: 'jwks_unreachable' });

    // Back, and ACS has rotated: the new key id is fetched on first sight.
    endpoint.up = true;
    endpoint.published = [current, rotated];
    clock += 60_000;
    expect(await verify(await bearer(rotated))).toMatchObject({ ok: true });
    expect(await verify(await bearer(current))).toMatchObject({ ok: true });
    expect(await verify(await bearer(stranger))).toMatchObject({ ok: false, status: 401 });
  });

  it('lets ACS open transcript streams through the server during the outage', async () => {
    endpoint.up = true;
    endpoint.published = [current];
    let offset = 0;
    const server = await startEarshot({ databasePath: tempDatabasePath(), jwksUrl: endpoint.url, now: () => Date.now() + offset });
    try {
      const first = await openAcsStream(server, await sign(current));
      await first.close();
      endpoint.up = false;
      // Well past the refresh age (10 minutes), within the stale allowance (ACS_JWKS_MAX_STALE_HOURS, 24 h).
      offset = 60 * 60_000;
      const before = endpoint.requests;
      const during = await openAcsStream(server, await sign(current));
      await during.close();
      expect(endpoint.requests).toBeGreaterThan(before);
      await expect(openAcsStream(server, await sign(stranger))).rejects.toMatchObject({ status: 401 });
      await expect(openAcsStream(server, await sign(stranger))).rejects.toBeInstanceOf(UpgradeRefused);
    } finally {
      endpoint.up = true;
      await server.close();
    }
  });
});
