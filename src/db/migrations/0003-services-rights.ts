/** Services directory, referrals and country profiles (know your rights). */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(_db: Kysely<any>) {},
  async down(_db: Kysely<any>) {},
};
