/**
 * Login-throttle rows used to be keyed by what people typed in the username
 * box (sometimes their password or their real name), in clear, next to
 * millisecond times. The new rows are keyed by a keyed hash and hold only
 * the day. The old rows are deleted, not converted: they are a few minutes'
 * worth of counts, and keeping them would keep the names. (SQLite overwrites
 * freed pages: secure_delete is on.)
 */
import type { Kysely, Migration } from 'kysely';

export const migration: Migration = {
  async up(db: Kysely<any>) {
    await db.deleteFrom('login_throttle').execute();
  },
  async down() {
    // Nothing to restore: the rows were deleted on purpose.
  },
};
