/**
 * The SQLite statement cache: a statement kept from before a schema change
 * still answers with the schema as it is now, and the cache stays bounded.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from './connect.js';

describe('SQLite prepared statements kept by connect()', () => {
  it('a kept statement follows a schema change (new column, table replaced)', async () => {
    const h = connect({ sqliteFile: ':memory:' });
    try {
      const db = h.db as unknown as import('kysely').Kysely<{ t: Record<string, unknown> }>;
      await sql`create table t (a integer)`.execute(h.db);
      await sql`insert into t values (1)`.execute(h.db);
      const all = () => db.selectFrom('t').selectAll().execute();
      expect(await all()).toEqual([{ a: 1 }]);
      await sql`alter table t add column b text default 'x'`.execute(h.db);
      expect(await all()).toEqual([{ a: 1, b: 'x' }]);
      await sql`drop table t`.execute(h.db);
      await sql`create table t (c integer)`.execute(h.db);
      await sql`insert into t values (3)`.execute(h.db);
      expect(await all()).toEqual([{ c: 3 }]);
    } finally {
      await h.close();
    }
  });

  it('more distinct queries than the cache holds still all answer correctly', async () => {
    const h = connect({ sqliteFile: ':memory:' });
    try {
      for (let i = 0; i < 1200; i++) {
        const row = await sql<{ v: number }>`select ${sql.lit(i)} + 1 as v`.execute(h.db);
        expect(row.rows[0]?.v).toBe(i + 1);
      }
      // The first queries, long dropped from the cache, are prepared again.
      expect((await sql<{ v: number }>`select ${sql.lit(0)} + 1 as v`.execute(h.db)).rows[0]?.v).toBe(1);
    } finally {
      await h.close();
    }
  });
});
