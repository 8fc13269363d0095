/**
 * An organisation's admin can close open member sign-ups: with
 * signups_invite_only set, only someone with one of its invite codes can
 * join (a flood of sign-ups cannot fill its approval queue). An integer
 * boolean, default 0 (open, as before).
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('safety_settings')
      .addColumn('signups_invite_only', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('safety_settings').dropColumn('signups_invite_only').execute();
  },
};
