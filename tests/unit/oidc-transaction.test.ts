/** The encrypted single sign-on transaction cookie (server/auth/oidc-transaction.ts). */
import { describe, expect, it } from 'vitest';
import { clearedTransactionCookie, newTransactionKey, openTransaction, sealTransaction, transactionCookie, transactionKeyBytes, TRANSACTION_TTL_SECONDS } from '../../server/auth/oidc-transaction';

const transaction = { id: 'a'.repeat(24), state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), next: '/calls/x?y=1' };

describe('single sign-on transaction cookie', () => {
  it('opens what it sealed, until it expires; never under another key or when tampered with', async () => {
    const key = transactionKeyBytes(newTransactionKey());
    const sealed = await sealTransaction(transaction, key, 1_000_000);
    expect(sealed).not.toContain(transaction.codeVerifier);
    expect(await openTransaction(sealed, key, 1_000_000 + 60_000)).toEqual(transaction);
    expect(await openTransaction(sealed, key, 1_000_000 + (TRANSACTION_TTL_SECONDS + 1) * 1000)).toBeNull();
    expect(await openTransaction(sealed, transactionKeyBytes(newTransactionKey()), 1_000_000)).toBeNull();
    expect(await openTransaction(`${sealed.slice(0, -2)}AA`, key, 1_000_000)).toBeNull();
    expect(await openTransaction(undefined, key, 1_000_000)).toBeNull();
    expect(await openTransaction('x'.repeat(5000), key, 1_000_000)).toBeNull();
  });

  it('is HttpOnly, SameSite=Lax, scoped to the sign-in routes and short-lived', () => {
    expect(transactionCookie('v', true)).toBe(`earshot_oidc=v; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${TRANSACTION_TTL_SECONDS}; Secure`);
    expect(clearedTransactionCookie(false)).toBe('earshot_oidc=; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0');
    expect(() => transactionKeyBytes('short')).toThrow(/32 bytes/);
  });
});
