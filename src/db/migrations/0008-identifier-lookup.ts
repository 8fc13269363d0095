/**
 * The identifier check reads warning ids by hash among a million or more
 * hashes. An index on (hash, warning_id) answers it from the index alone;
 * the index on hash alone needed a second B-tree lookup in the table for
 * each warning id, twice the pages to keep in memory or read.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('warning_identifiers_hash_warning').on('warning_identifiers').columns(['hash', 'warning_id']).execute();
    await db.schema.dropIndex('warning_identifiers_hash').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.createIndex('warning_identifiers_hash').on('warning_identifiers').column('hash').execute();
    await db.schema.dropIndex('warning_identifiers_hash_warning').execute();
  },
};
