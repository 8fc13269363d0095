/**
 * Retention between choosing and deleting: a report reopened (its reporter
 * writes again, and "its retention clock stops") after the run chose it but
 * before its batch is deleted stays, with the message; and a duplicate whose
 * report was deleted first never counts as an incident of its own.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/core/retention/retention.service.js';
import type { Database } from '../../src/db/schema.js';
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

const statistics = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('statistics_records')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('retention, and what changes while it runs', () => {
  it('does not delete a report that was reopened after the run chose it', async () => {
    const db = s.t.ctx.core.db;
    const a = await submitReport(s, { description: 'REVIEW-A' });
    const b = await submitReport(s, { description: 'REVIEW-B' });
    await db.updateTable('reports').set({ status: 'closed', closed_day: '2000-01-01' }).execute();
    // The run reads the expired reports first, then deletes batch by batch; the reporter writes in between.
    let reopened = false;
    const racing = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction')
          return () => ({
            execute: async (cb: never) => {
              if (!reopened) {
                reopened = true;
                // As addMessage does when the reporter writes again: status in_progress, closed_day null.
                await target.updateTable('reports').set({ status: 'in_progress', closed_day: null }).where('id', '=', b.reportId).execute();
              }
              return target.transaction().execute(cb);
            },
          });
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await runRetention({ ...s.t.ctx.core, db: racing }, { graceMs: DAY_MS });
    expect(reopened).toBe(true);
    expect(await db.selectFrom('reports').select('id').where('id', '=', a.reportId).executeTakeFirst()).toBeUndefined();
    // Reopened by its reporter before it was deleted: it must stay.
    expect(await db.selectFrom('reports').select(['id', 'status']).where('id', '=', b.reportId).executeTakeFirst()).toEqual({ id: b.reportId, status: 'in_progress' });
  });

  it('counts a merged duplicate never, even when the report it was merged into is deleted first', async () => {
    const db = s.t.ctx.core.db;
    const target = await submitReport(s, { description: 'REVIEW-TARGET' });
    const duplicate = await submitReport(s, { description: 'REVIEW-DUP' });
    await db.updateTable('reports').set({ merged_into: target.reportId }).where('id', '=', duplicate.reportId).execute();
    await db.updateTable('reports').set({ status: 'closed', closed_day: '2000-01-01' }).where('id', '=', target.reportId).execute();
    await db.updateTable('reports').set({ status: 'closed', closed_day: '2999-01-01' }).where('id', '=', duplicate.reportId).execute();
    const before = await statistics(db);
    await runRetention(s.t.ctx.core, { graceMs: DAY_MS });
    expect(await statistics(db)).toBe(before + 1);
    await db.updateTable('reports').set({ closed_day: '2000-01-01' }).where('id', '=', duplicate.reportId).execute();
    await runRetention(s.t.ctx.core, { graceMs: DAY_MS });
    expect(await db.selectFrom('reports').select('id').where('id', '=', duplicate.reportId).executeTakeFirst()).toBeUndefined();
    // One incident, one record.
    expect(await statistics(db)).toBe(before + 1);
  });
});
