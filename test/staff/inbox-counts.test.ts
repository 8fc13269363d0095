/**
 * Every inbox page counts the organisation's reports (the total and one count
 * per status). The spam flag those counts filter on sits after the encrypted
 * bodies in the row, so without an index that holds it each count read every
 * report of the organisation whole: 2.4 s a page at 67,000 reports on SQLite
 * (bench/growth.bench.ts). The counts, plain and filtered by status and area,
 * come from an index alone.
 */
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStaffUser } from '../../src/core/accounts/accounts.service.js';
import { inbox } from '../../src/core/cases/cases.service.js';
import { testContext, type TestContext } from '../helpers/context.js';

let t: TestContext;
beforeAll(async () => {
  t = await testContext('sqlite');
});
afterAll(async () => {
  await t?.close();
});

describe('the inbox counts', () => {
  for (const [name, filter] of [
    ['the first page', {}],
    ['a page filtered by status and area', { status: 'in_progress', areaId: 'ro-bucharest' }],
  ] as const) {
    it(`${name}: counted from an index, without reading the reports`, async () => {
      const db = t.ctx.core.db;
      const nodes: RootOperationNode[] = [];
      const capture: KyselyPlugin = {
        transformQuery: (args) => {
          nodes.push(args.node);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const admin = t.demoKeys.find((k) => k.role === 'admin')!;
      const user = toStaffUser(await db.selectFrom('users').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow());
      await inbox(db.withPlugin(capture), user, filter);
      const counts = nodes.map((n) => db.getExecutor().compileQuery(n, createQueryId())).filter((q) => /count\(\*\)/i.test(q.sql));
      expect(counts).toHaveLength(2);
      for (const q of counts) {
        const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]))).rows.map((r) => r.detail).join(' | ');
        expect(plan, q.sql).toMatch(/USING COVERING INDEX reports_org_counts/);
      }
    });
  }
});
