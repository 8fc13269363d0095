/**
 * What domain functions need from the composition root: the database, the
 * secrets, the KDF pool and a clock. Passed explicitly; there are no singletons.
 */
import type { Kysely, Transaction } from 'kysely';
import type { KdfParams, KdfPool } from '../../crypto/index.js';
import type { Database } from '../../db/schema.js';
import type { Secrets } from '../../infra/secrets.js';
import type { Vault } from '../../infra/vault.js';
import type { AttemptMemory } from '../accounts/attempt-memory.js';
import type { IdentifierKeys } from '../reports/identifiers.js';

/** A database handle or an open transaction: repository functions take either. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface Clock {
  /** Now, as a Date (only ever reduced to a day before it is stored). */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today as 'YYYY-MM-DD' in UTC: the finest time Parasol keeps of a reporter (guarantee 3). */
export function dayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

export interface CoreDeps {
  readonly db: Kysely<Database>;
  readonly secrets: Secrets;
  readonly kdf: KdfPool;
  readonly receiptKdf: KdfParams;
  readonly clock: Clock;
  /** Generation keys that wrap each report's shred key (shared by every instance, sealed under a key from the secrets file). */
  readonly vault: Vault;
  /** Login windows and locks, kept in this instance's memory only (never a precise time in the database). */
  readonly attempts: AttemptMemory;
  /** The identifier key service (OPRF): the only way to compute an identifier's stored hash. */
  readonly identifierKeys: IdentifierKeys;
}
