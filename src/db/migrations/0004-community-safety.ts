/** Members, warnings, identifier checks, match notices and delivery. */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(_db: Kysely<any>) {},
  async down(_db: Kysely<any>) {},
};
