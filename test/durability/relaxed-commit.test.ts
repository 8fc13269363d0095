/**
 * The daily counts of identifier checks commit without waiting for the disk
 * (src/db/relaxed-commit.ts); nothing else may. On both databases: the
 * relaxed setting holds inside its own transaction only, a query sent while
 * it runs sees full durability, the setting is back after a commit and after
 * a failure, and what was committed is there.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connect.js';
import { relaxedCommitTransaction } from '../../src/db/relaxed-commit.js';
import type { Database } from '../../src/db/schema.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`relaxed commits on ${name}`, () => {
    let tdb: TestDatabase;
    let handle: DatabaseHandle;
    let db: Kysely<Database>;
    beforeAll(async () => {
      tdb = await freshDatabase(name);
      handle = connect({ sqliteFile: tdb.sqliteFile, databaseUrl: tdb.databaseUrl });
      db = handle.db;
      await sql`create table counts (k text primary key, n integer not null)`.execute(db);
    });
    afterAll(async () => {
      await handle.close();
      await tdb.drop();
    });

    /** The durability setting as the next query on the database sees it: 'FULL'/'NORMAL' (SQLite) or 'on'/'off' (PostgreSQL). */
    const durability = async (on: Kysely<Database> = db): Promise<string> => {
      if (name === 'sqlite') {
        const level = Number(Object.values((await sql<Record<string, number>>`pragma synchronous`.execute(on)).rows[0]!)[0]);
        return ({ 1: 'NORMAL', 2: 'FULL' } as Record<number, string>)[level] ?? String(level);
      }
      return (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(on)).rows[0]!.synchronous_commit;
    };
    const full = name === 'sqlite' ? 'FULL' : 'on';
    const relaxed = name === 'sqlite' ? 'NORMAL' : 'off';

    it('relaxes only its own transaction: a query sent meanwhile sees full durability, and it is back afterwards', async () => {
      expect(await durability()).toBe(full);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inside = '';
      const work = relaxedCommitTransaction(db, async (trx) => {
        inside = await durability(trx);
        await trx
          .insertInto('counts' as never)
          .values({ k: 'a', n: 1 } as never)
          .execute();
        await gate;
      });
      // Sent while the relaxed transaction is open (and waiting): on SQLite it waits for the one connection, on
      // PostgreSQL it runs on another; either way it must not run relaxed.
      await new Promise((r) => setTimeout(r, 20));
      const meanwhile = durability();
      release();
      await work;
      expect(inside).toBe(relaxed);
      expect(await meanwhile).toBe(full);
      expect(await durability()).toBe(full);
      expect((await sql<{ n: number }>`select n from counts where k = 'a'`.execute(db)).rows).toEqual([{ n: 1 }]);
    });

    it('rolls back on a failure and leaves full durability', async () => {
      await expect(
        relaxedCommitTransaction(db, async (trx) => {
          await trx
            .insertInto('counts' as never)
            .values({ k: 'b', n: 1 } as never)
            .execute();
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await durability()).toBe(full);
      expect((await sql`select n from counts where k = 'b'`.execute(db)).rows).toEqual([]);
    });
  });
}
