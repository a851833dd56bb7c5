/**
 * The development signing key: an RS256 key pair kept in a local file. The replay tool signs its streams with
 * it, and a development or test configuration trusts its public half, so recorded calls authenticate exactly
 * as ACS's do without any Azure key.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';

const StoredKeySchema = z.object({
  kid: z.string().min(1),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});

export interface DevSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadOrCreateDevSigningKey(filePath: string): Promise<DevSigningKey> {
  const stored = await readKeyFile(filePath);
  if (stored) return stored;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `earshot-dev-${Date.now().toString(36)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  try {
    // `wx`: when two processes race to create the key, exactly one wins and the other reads its key.
    await fs.writeFile(filePath, JSON.stringify({ kid, privateJwk, publicJwk }, null, 2), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const winner = await readKeyFile(filePath);
      if (winner) return winner;
    }
    throw error;
  }
  return { kid, privateKey: privateKey as CryptoKey, publicJwk };
}

async function readKeyFile(filePath: string): Promise<DevSigningKey | null> {
  let text: string;
  try {
    text = await fs.readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = StoredKeySchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${filePath} is not an Earshot development key; delete it to make a new one`);
  const privateKey = await importJWK(parsed.data.privateJwk as JWK, 'RS256');
  if (!(privateKey instanceof CryptoKey)) throw new Error(`${filePath}: expected an RSA private key`);
  return { kid: parsed.data.kid, privateKey, publicJwk: parsed.data.publicJwk as JWK };
}
