/**
 * Crypto-shredding. A report's data key is BLAKE2b(key = shred key,
 * "parasol/report-data\0" | content key): the content key is sealed to the
 * caseworkers and the reporter (and so lives in every backup), but the shred
 * key lives in the key vault, wrapped under a vault generation key that is
 * kept outside the database and its backups. Destroying a retired vault
 * generation makes every older copy of the deleted reports unreadable, even
 * with every password and recovery key.
 */
import sodium from './sodium.js';
import { randomBytes } from './random.js';
import type { ContentKey } from './types.js';

const DOMAIN = Buffer.from('parasol/report-data\u0000', 'ascii');

/** A fresh 32-byte shred key. */
export function newShredKey(): Buffer {
  return randomBytes(32);
}

/** The key that actually encrypts a report's content. Without a shred key (reports older than the vault) it is the content key itself. */
export function reportDataKey(contentKey: ContentKey, shredKey: Buffer | null): ContentKey {
  if (!shredKey) return contentKey;
  const out = Buffer.alloc(32);
  sodium.crypto_generichash(out, Buffer.concat([DOMAIN, contentKey]), shredKey);
  return out as ContentKey;
}
