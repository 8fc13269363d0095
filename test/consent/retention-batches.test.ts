/**
 * A retention run deletes many reports to a transaction: a commit is a
 * synchronous write to disk, and one commit per report made a large run
 * (tens of thousands of reports on a network's first retention day) cost
 * minutes of commits alone. Each batch's parts are deleted a statement per
 * table, not per report (round trips, on a busy machine or over a network,
 * cost more than the deletions). Each report still counts once in the
 * statistics and the audit log, and the audit chain still verifies.
 */
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { RETENTION_BATCH, runRetention } from '../../src/core/retention/retention.service.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { submitReport } from '../staff/support.js';
import { DAY_MS, installation, type Installation } from './support.js';

let s: Installation;
beforeAll(async () => {
  s = await installation(SURFACE_DIALECT, { graceMs: DAY_MS });
});
afterAll(async () => {
  await s?.close();
});

describe('a retention run over many reports', () => {
  it('commits in batches, and counts each deletion once', async () => {
    const db = s.t.ctx.core.db;
    const template = await submitReport(s, { description: 'BATCH-DESC-5e1f' });
    const row = await db.selectFrom('reports').selectAll().where('id', '=', template.reportId).executeTakeFirstOrThrow();
    const copies = 249;
    const rows = Array.from({ length: copies }, (_, i) => ({ ...row, id: `batch-copy-${String(i).padStart(4, '0')}`, receipt_lookup: `batch-copy-lookup-${i}` }));
    for (let i = 0; i < rows.length; i += 50)
      await db
        .insertInto('reports')
        .values(rows.slice(i, i + 50) as never)
        .execute();
    await db.updateTable('reports').set({ status: 'closed', closed_day: '2000-01-01' }).execute();
    const statisticsBefore = Number(
      (
        await db
          .selectFrom('statistics_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    // Every statement the run sends, counted on its way to the database.
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = db.withPlugin(counting);
    const transactions = vi.spyOn(counted, 'transaction');
    let r: Awaited<ReturnType<typeof runRetention>>;
    let transactionCount: number;
    try {
      r = await runRetention({ ...s.t.ctx.core, db: counted }, { graceMs: DAY_MS });
    } finally {
      transactionCount = transactions.mock.calls.length;
      transactions.mockRestore();
    }
    expect(r.deleted).toBe(copies + 1);
    // One transaction per batch of reports (and none per report).
    expect(transactionCount).toBeLessThanOrEqual(Math.ceil((copies + 1) / RETENTION_BATCH) + 1);
    // A statement per table for each batch, and the audit entry of each report: round trips to the database do not
    // grow by twenty a report (deleting each report's parts one report at a time sent 22 statements a report).
    expect(statements / r.deleted).toBeLessThan(5);
    expect(await db.selectFrom('reports').select('id').execute()).toEqual([]);
    const statistics = Number(
      (
        await db
          .selectFrom('statistics_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(statistics - statisticsBefore).toBe(copies + 1);
    const audit = await db.selectFrom('audit_log').select('subject_id').where('action', '=', 'report_deleted').where('detail', 'like', '%retention%').execute();
    expect(audit).toHaveLength(copies + 1);
    expect(new Set(audit.map((a) => a.subject_id)).size).toBe(copies + 1);
    expect((await verifyAudit(db, s.secrets)).ok).toBe(true);
    // A second run finds nothing and counts nothing.
    expect((await runRetention(s.t.ctx.core, { graceMs: DAY_MS })).deleted).toBe(0);
    expect(
      Number(
        (
          await db
            .selectFrom('statistics_records')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ) - statisticsBefore,
    ).toBe(copies + 1);
  });
});
