/**
 * Verifies the Bearer JWT that ACS puts on every transcript WebSocket and callback (RS256, issuer, audience, key
 * from a JWKS). Trusted keys: the configured JWKS URL (ACS's, or the embedded emulator's), kept through outages of
 * that endpoint (jwks-cache.ts), and, in development, the local development key.
 */
import { createLocalJWKSet, errors, jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import { createCachedJwks, JwksUnavailableError, type CachedJwksOptions } from './jwks-cache';

export type TokenCheck = { ok: true; subject: string | null } | { ok: false; status: 401 | 503; reason: string };

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  devPublicJwk?: JWK;
  jwksTimeoutMs?: number;
  /** Refresh and outage behaviour of the JWKS cache (see jwks-cache.ts). */
  jwks?: Omit<CachedJwksOptions, 'url' | 'timeoutMs'>;
}

export function createAcsJwtVerifier(options: JwtVerifierOptions) {
  const remote = options.jwksUrl ? createCachedJwks({ ...options.jwks, url: new URL(options.jwksUrl), timeoutMs: options.jwksTimeoutMs ?? 5_000 }) : null;
  const local = options.devPublicJwk ? createLocalJWKSet({ keys: [options.devPublicJwk] }) : null;
  const devKid = options.devPublicJwk?.kid;

  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (local && header.kid !== undefined && header.kid === devKid) return local(header, token);
    if (remote) return remote(header, token);
    if (local) return local(header, token);
    throw new errors.JWKSNoMatchingKey();
  };

  return async function verifyAuthorizationHeader(authorization: string | undefined): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, status: 401, reason: 'missing_token' };
    try {
      const { payload } = await jwtVerify(match[1], getKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        clockTolerance: 60,
      });
      return { ok: true, subject: payload.sub ?? null };
    } catch (error) {
      // A JWKS we cannot reach (and no keys fetched recently enough) is our outage, not a bad token: 503, so ACS retries.
      if (error instanceof JwksUnavailableError) return { ok: false, status: 503, reason: error.reason };
      // A key id that is not among ACS's keys, even after looking again: refused.
      if (error instanceof errors.JWKSNoMatchingKey) return { ok: false, status: 401, reason: 'unknown_key' };
      if (error instanceof errors.JWTExpired) return { ok: false, status: 401, reason: 'token_expired' };
      if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, status: 401, reason: `bad_claim_${error.claim}` };
      return { ok: false, status: 401, reason: 'invalid_token' };
    }
  };
}

export type AcsJwtVerifier = ReturnType<typeof createAcsJwtVerifier>;
