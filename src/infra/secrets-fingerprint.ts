/**
 * Which secrets file belongs to which database: a keyed fingerprint of the
 * secrets file (HMAC under its own pepper, over its installation salt) is
 * stored at `init`, or on the first start of an installation from before it
 * existed. An instance started with another secrets file would serve
 * receipts that never match, keyed hashes that never match, and an audit
 * chain `audit verify` would call tampered: it refuses to start instead.
 * The fingerprint tells a copy of the database nothing: it cannot be
 * computed without the pepper.
 */
import type { Kysely } from 'kysely';
import { keyedHash, timingSafeEqual } from '../crypto/index.js';
import type { Database } from '../db/schema.js';
import type { Secrets } from './secrets.js';

export class SecretsMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsMismatchError';
  }
}

const FACT = 'secrets_fingerprint';

export function secretsFingerprint(secrets: Secrets): string {
  return keyedHash(secrets.pepper, 'secrets-fingerprint', secrets.installationSalt);
}

/** The fingerprint stored at init or first start, or null when none is stored yet; only reads. */
export async function storedSecretsFingerprint(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('installation_facts').select('value').where('name', '=', FACT).executeTakeFirst();
  return row?.value ?? null;
}

/** Stores the fingerprint when there is none yet; throws SecretsMismatchError when the stored one is another file's. */
export async function checkSecretsFingerprint(db: Kysely<Database>, secrets: Secrets, secretsFile: string): Promise<void> {
  const mine = secretsFingerprint(secrets);
  await db
    .insertInto('installation_facts')
    .values({ name: FACT, value: mine })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await db.selectFrom('installation_facts').select('value').where('name', '=', FACT).executeTakeFirstOrThrow();
  if (!timingSafeEqual(stored.value, mine)) {
    throw new SecretsMismatchError(
      `the secrets file ${secretsFile} does not belong to this database (it was set up with another secrets file): give every instance the same secrets file as the others; nothing was started`,
    );
  }
}
