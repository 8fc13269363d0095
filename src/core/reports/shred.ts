/** Each report's shred key: made at intake, wrapped in the vault, and needed (with the content key) to read anything of the report. */
import { newShredKey, reportDataKey, type ContentKey } from '../../crypto/index.js';
import type { Vault } from '../../infra/vault.js';
import type { Db } from '../shared/deps.js';
import { errorCode } from '../shared/error-codes.js';
import type { ReportId } from '../shared/ids.js';

/** Raised when a report's vault generation has been destroyed: its content is gone for good. */
export class ShreddedError extends Error {
  readonly code = errorCode('PSL_ERR_SHREDDED');
  constructor() {
    super('the report has been crypto-shredded');
  }
}

/** Makes a shred key for a new report and stores it wrapped; returns it for immediate use. */
export async function createShredKey(db: Db, vault: Vault, reportId: ReportId): Promise<Buffer> {
  const key = newShredKey();
  const { generation, wrapped } = await vault.wrap(db, reportId, key);
  await db.insertInto('report_vault').values({ report_id: reportId, generation, wrapped_key: wrapped }).execute();
  return key;
}

/** The report's data key from its content key; throws ShreddedError when the vault no longer holds its generation. */
export async function dataKeyFor(db: Db, vault: Vault, reportId: ReportId, contentKey: ContentKey): Promise<ContentKey> {
  const row = await db.selectFrom('report_vault').select(['generation', 'wrapped_key']).where('report_id', '=', reportId).executeTakeFirst();
  if (!row) return reportDataKey(contentKey, null);
  const shred = await vault.unwrap(db, reportId, Number(row.generation), Buffer.from(row.wrapped_key));
  if (!shred) throw new ShreddedError();
  return reportDataKey(contentKey, shred);
}

/** Re-wraps every shred key still held under the vault's current generation (after a rotation). */
export async function rewrapAll(db: Db, vault: Vault): Promise<number> {
  const current = await vault.currentGeneration(db);
  const rows = await db.selectFrom('report_vault').selectAll().where('generation', '!=', current).execute();
  let n = 0;
  for (const row of rows) {
    const key = await vault.unwrap(db, row.report_id, Number(row.generation), Buffer.from(row.wrapped_key));
    if (!key) continue;
    const { generation, wrapped } = await vault.wrap(db, row.report_id, key);
    await db.updateTable('report_vault').set({ generation, wrapped_key: wrapped }).where('report_id', '=', row.report_id).execute();
    n++;
  }
  return n;
}
