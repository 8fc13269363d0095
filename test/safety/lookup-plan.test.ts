/**
 * The identifier check reads warning ids by hash among a million or more
 * hashes: the query must be answered from the (hash, warning_id) index
 * alone, on both dialects, never by walking the table.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warningIdsWithHash } from '../../src/core/safety/reading.service.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`the hash lookup on ${name}`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await testContext(name, { demo: false });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is answered from the (hash, warning_id) index alone', async () => {
      const db = t.ctx.core.db;
      const compiled = warningIdsWithHash(db, 'ab'.repeat(32)).compile();
      if (name === 'sqlite') {
        const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
        expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING COVERING INDEX warning_identifiers_hash_warning \(hash=\?\)/);
      } else {
        // An empty table would be scanned whatever the indexes; forbid that, and see which index the planner uses.
        const plan = await db.connection().execute(async (conn) => {
          await sql`set enable_seqscan = off`.execute(conn);
          await sql`set enable_bitmapscan = off`.execute(conn);
          try {
            return await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
          } finally {
            await sql`reset enable_seqscan`.execute(conn);
            await sql`reset enable_bitmapscan`.execute(conn);
          }
        });
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Only Scan using warning_identifiers_hash_warning/);
      }
    });
  });
}
