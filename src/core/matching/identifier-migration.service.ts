/**
 * Moving an installation from the pepper-only identifier hashes (HMAC-SHA-256,
 * 64 hex digits) to the identifier service's OPRF (128 hex digits), without
 * any identifier in clear: the stored HMAC is the OPRF's input, so each row
 * becomes OPRF(HMAC) in place, which is exactly what new lookups compute.
 * Batches of rows still holding 64 digits are converted one transaction at a
 * time; run it again after an interruption and it goes on where it stopped.
 * While it runs, unconverted rows simply do not match (never a fallback).
 */
import { sql } from 'kysely';
import { oprfHashHex } from '../reports/identifiers.js';
import type { CoreDeps } from '../shared/deps.js';

const TABLES = [
  { table: 'report_identifiers', key: 'id' },
  { table: 'warning_identifiers', key: null },
  { table: 'match_notices', key: 'id' },
] as const;

/** Rows still holding a pepper-only hash, per table. */
export async function identifierHashesToMigrate(deps: Pick<CoreDeps, 'db'>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const { table } of TABLES) {
    const row = await deps.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql`length(hash)`, '=', 64)
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** Converts every remaining pepper-only hash; `progress` is told after each batch. Throws IdentifierServiceUnavailable when the service stops answering (run again to resume). */
export async function migrateIdentifierHashes(
  deps: Pick<CoreDeps, 'db' | 'identifierKeys'>,
  opts: { batch?: number; progress?: (table: string, done: number, total: number) => void } = {},
): Promise<number> {
  const batch = opts.batch ?? 200;
  const remaining = await identifierHashesToMigrate(deps);
  let converted = 0;
  for (const { table } of TABLES) {
    const total = remaining[table] ?? 0;
    let done = 0;
    for (;;) {
      const rows = await deps.db
        .selectFrom(table)
        .select('hash')
        .distinct()
        .where(sql`length(hash)`, '=', 64)
        .limit(batch)
        .execute();
      if (rows.length === 0) break;
      const outputs = await deps.identifierKeys.evaluate(rows.map((r) => Buffer.from(r.hash, 'hex')));
      await deps.db.transaction().execute(async (trx) => {
        for (const [i, r] of rows.entries()) {
          const res = await trx
            .updateTable(table)
            .set({ hash: oprfHashHex(outputs[i]!) })
            .where('hash', '=', r.hash)
            .executeTakeFirst();
          done += Number(res.numUpdatedRows);
        }
      });
      converted += rows.length;
      opts.progress?.(table, Math.min(done, total), total);
    }
  }
  return converted;
}
