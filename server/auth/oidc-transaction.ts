/**
 * The single sign-on transaction between `/api/auth/oidc/start` and the provider's redirect back: state, nonce, PKCE
 * verifier and where to go afterwards. It travels in a short-lived HttpOnly cookie, encrypted (JWE, dir + A256GCM,
 * with jose) under a key kept in the database's key-value table. Why a cookie and this key: several instances
 * behind a load balancer share the database, so whichever instance gets the callback can open it, with no sticky
 * sessions, no new secret to configure and no server-side row per started (often abandoned) sign-in. Encrypted, not
 * only signed, so the PKCE verifier is not readable even by the browser it sits in.
 */
import { randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';

export const OIDC_TRANSACTION_COOKIE = 'earshot_oidc';
/** Time to sign in at the provider (including typing a password and MFA). */
export const TRANSACTION_TTL_SECONDS = 10 * 60;
const COOKIE_PATH = '/api/auth/oidc';
export const TRANSACTION_KEY_NAME = 'oidc-transaction-key';

const TransactionSchema = z.object({
  id: z.string().min(16).max(64),
  state: z.string().min(16).max(128),
  nonce: z.string().min(16).max(128),
  codeVerifier: z.string().min(43).max(128),
  next: z.string().min(1).max(2048),
});
export type OidcTransaction = z.infer<typeof TransactionSchema>;

/** A fresh random key for the key-value table (32 bytes, base64url). */
export function newTransactionKey(): string {
  return randomBytes(32).toString('base64url');
}

export function transactionKeyBytes(stored: string): Uint8Array {
  const key = Buffer.from(stored, 'base64url');
  if (key.length !== 32) throw new Error(`${TRANSACTION_KEY_NAME} in the key-value table is not 32 bytes`);
  return new Uint8Array(key);
}

export async function sealTransaction(transaction: OidcTransaction, key: Uint8Array, nowMs: number): Promise<string> {
  const issuedAt = Math.floor(nowMs / 1000);
  return new EncryptJWT({ ...transaction })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TRANSACTION_TTL_SECONDS)
    .encrypt(key);
}

/** The transaction, or null when the cookie is missing, tampered with, from another key or expired. */
export async function openTransaction(sealed: string | undefined, key: Uint8Array, nowMs: number): Promise<OidcTransaction | null> {
  if (sealed === undefined || sealed.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, key, { currentDate: new Date(nowMs), keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    const parsed = TransactionSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** SameSite=Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies. */
export function transactionCookie(sealed: string, secure: boolean): string {
  return [`${OIDC_TRANSACTION_COOKIE}=${sealed}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${TRANSACTION_TTL_SECONDS}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedTransactionCookie(secure: boolean): string {
  return [`${OIDC_TRANSACTION_COOKIE}=`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
