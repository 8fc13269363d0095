/**
 * Identifiers of reports made while the identifier key service was down wait
 * sealed to the service's key; when it answers again, it turns each into the
 * stored hash, and the report is compared like any other. Run by a job in
 * every instance: rows are deleted in the transaction that stores the hash,
 * so two instances never store one twice.
 */
import { randomId } from '../../crypto/index.js';
import { oprfHashHex, pendingContext } from '../reports/identifiers.js';
import type { CoreDeps } from '../shared/deps.js';
import { matchReport } from './matching.service.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

/** Hashes up to `limit` waiting identifiers; throws IdentifierServiceUnavailable while the service is down. */
export async function resolvePendingIdentifiers(deps: Pick<CoreDeps, 'db' | 'clock' | 'identifierKeys'>, limit = 256): Promise<{ resolved: number; organisations: OrganisationId[] }> {
  const rows = await deps.db.selectFrom('report_identifiers_pending').selectAll().orderBy('id').limit(limit).execute();
  if (rows.length === 0) return { resolved: 0, organisations: [] };
  const outputs = await deps.identifierKeys.evaluateSealed(rows.map((r) => ({ context: pendingContext(r.report_id, r.kind), sealed: Buffer.from(r.sealed) })));
  const reports = new Set<ReportId>();
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, r] of rows.entries()) {
      const deleted = await trx.deleteFrom('report_identifiers_pending').where('id', '=', r.id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) continue;
      const out = outputs[i];
      // One the service could not open (altered, or sealed to a key it no longer has) is dropped: it stays readable in the encrypted report.
      if (out) {
        const hash = oprfHashHex(out);
        const exists = await trx.selectFrom('report_identifiers').select('id').where('report_id', '=', r.report_id).where('hash', '=', hash).executeTakeFirst();
        if (!exists) await trx.insertInto('report_identifiers').values({ id: randomId(), report_id: r.report_id, kind: r.kind, hash }).execute();
      }
      reports.add(r.report_id);
    }
    // Compared again now that they have hashes.
    if (reports.size)
      await trx
        .deleteFrom('match_scanned')
        .where('report_id', 'in', [...reports])
        .execute();
  });
  const organisations = new Set<OrganisationId>();
  for (const id of reports) for (const o of await matchReport(deps, id)) organisations.add(o);
  return { resolved: reports.size, organisations: [...organisations] };
}
