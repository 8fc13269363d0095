/** Consent changes, police disclosures, identity escrow, retention and key shredding. */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(_db: Kysely<any>) {},
  async down(_db: Kysely<any>) {},
};
