/**
 * The emulator's token signer: one RS256 key pair per emulator process, published as a JWKS at `/calling/keys` with
 * an OpenID configuration at `/calling/.well-known/acsopenidconfiguration`, like ACS's. Callback requests and
 * transcription WebSockets carry `Authorization: Bearer <JWT>` signed with it, so the app verifies emulator traffic
 * with exactly the code it uses against Azure (only the JWKS URL and audience differ).
 */
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** Callback tokens: ACS documents a 5 minute lifetime for webhook JWTs. */
export const CALLBACK_TOKEN_LIFETIME_SECONDS = 5 * 60;
/** WebSocket tokens: ACS documents 24 hours, one token per connection. */
export const WEBSOCKET_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export interface SigningKeys {
  kid: string;
  issuer: string;
  audience: string;
  jwks(): { keys: JWK[] };
  openIdConfiguration(baseUrl: string): Record<string, unknown>;
  /** A fresh RS256 token; `subject` names what it authorises (a call connection id). */
  sign(options: { subject: string; lifetimeSeconds: number; claims?: Record<string, string> }): Promise<string>;
}

export async function createSigningKeys(issuer: string, audience: string): Promise<SigningKeys> {
  // Not extractable: the private half never leaves this process, not even into a log line.
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: false });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const publicJwk: JWK = { ...exported, kid, alg: 'RS256', use: 'sig' };

  return {
    kid,
    issuer,
    audience,
    jwks: () => ({ keys: [publicJwk] }),
    openIdConfiguration: (baseUrl) => ({
      issuer,
      jwks_uri: `${baseUrl}/calling/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      claims_supported: ['iss', 'aud', 'sub', 'iat', 'nbf', 'exp', 'jti'],
    }),
    async sign({ subject, lifetimeSeconds, claims }) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject)
        .setJti(randomUUID())
        .setIssuedAt(nowSeconds)
        // A little slack for a receiver whose clock runs slightly behind.
        .setNotBefore(nowSeconds - 5)
        .setExpirationTime(nowSeconds + lifetimeSeconds)
        .sign(privateKey);
    },
  };
}
