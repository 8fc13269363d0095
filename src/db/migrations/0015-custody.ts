/**
 * Custody of contact keys, 2 of n: each custodian's share of a report's
 * contact key, the shares custodians re-seal to a requester when they approve
 * a release, the shares one custodian hands to another so that a second
 * custodian can re-split (after someone joins or leaves), and the proposals
 * to make someone a custodian that a second coordinator must approve.
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('contact_key_shares')
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('custodian_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('sealed_share', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('contact_key_shares_pk', ['report_id', 'custodian_id'])
      .execute();
    await db.schema.createIndex('contact_key_shares_custodian').on('contact_key_shares').column('custodian_id').execute();
    await db.schema
      .createTable('identity_release_shares')
      .addColumn('release_id', 'text', (c) => c.notNull().references('identity_releases.id').onDelete('cascade'))
      .addColumn('custodian_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('sealed_share', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_release_shares_pk', ['release_id', 'custodian_id'])
      .execute();
    await db.schema
      .createTable('custody_handoffs')
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('from_custodian', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('to_custodian', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('sealed_share', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('custody_handoffs_pk', ['report_id', 'from_custodian', 'to_custodian'])
      .execute();
    await db.schema
      .createTable('custodian_proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('target_user_id', 'text', (c) => c.references('users.id'))
      .addColumn('proposed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('proposed_day', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.references('users.id'))
      .addColumn('decided_day', 'text')
      .execute();
    await db.schema.createIndex('custodian_proposals_organisation').on('custodian_proposals').columns(['organisation_id', 'status']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['custodian_proposals', 'custody_handoffs', 'identity_release_shares', 'contact_key_shares']) await db.schema.dropTable(t).execute();
  },
};
