/**
 * Retention (guarantee 10). Closed reports are deleted once their
 * organisation's retention period has passed since closure; a reporter can
 * delete their own report at any time. Deletion removes the report, its
 * seals, contact, messages, attachments, notes, identifiers and shred key, keeping only an
 * anonymous statistics record where the reporter agreed to statistics.
 *
 * Backups made before a deletion still hold the report's wrapped shred key,
 * so the vault then rotates: remaining shred keys are re-wrapped under a new
 * generation, and the old generation is destroyed once the grace period has
 * passed. From then on those backups cannot be read, with any password.
 * Only the retention job rotates (one instance at a time, under its lease);
 * a reporter's deletion marks the vault for rotation and changes no key.
 */
import { randomId } from '../../crypto/index.js';
import { appendAudit } from '../audit/audit.service.js';
import { rewrapAll } from '../reports/shred.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { OrganisationId, ReportId } from '../shared/ids.js';

export const DEFAULT_RETENTION_DAYS = 180;

function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The tables that hold a report's parts, children first (each has an index on report_id). */
const REPORT_PARTS = [
  'report_key_seals',
  'contact_key_seals',
  'contact_key_shares',
  'custody_handoffs',
  'report_contacts',
  'attachments',
  'messages',
  'report_identifiers',
  'report_identifiers_pending',
  'case_notes',
  'case_reads',
  'report_vault',
  'identity_releases',
  'disclosures',
] as const;

/**
 * Deletes reports and everything of them, a statement per table for all of
 * them (a retention batch costs some twenty round trips to the database, not
 * twenty a report). With `keepStatistics`, a report whose reporter agreed to
 * statistics leaves an anonymous record (retention); a reporter deleting
 * their own report leaves nothing. Returns the reports this call deleted, in
 * id order: a report already gone (another instance's run, a reporter's own
 * deletion) is not among them and counts nothing. With `closedOnOrBefore`
 * (retention), only reports still closed on or before that day are deleted:
 * one reopened since the run chose it (its reporter wrote again, a
 * caseworker reopened it) stays, with what was added to it.
 */
export async function deleteReports(db: Db, reportIds: readonly ReportId[], keepStatistics: boolean, closedOnOrBefore?: string): Promise<ReportId[]> {
  if (reportIds.length === 0) return [];
  // Claim the rows first: on PostgreSQL a second transaction deleting the same reports waits here and then
  // finds nothing, so a deletion is counted (statistics, audit) once however many instances try at once. The
  // condition is checked again on the row as it is once claimed (PostgreSQL re-reads it after the wait).
  let claim = db
    .updateTable('reports')
    .set((eb) => ({ merged_into: eb.ref('merged_into') }))
    .where('id', 'in', [...reportIds]);
  if (closedOnOrBefore !== undefined) claim = claim.where('status', '=', 'closed').where('closed_day', 'is not', null).where('closed_day', '<=', closedOnOrBefore);
  const claimed = await claim.returning('id').execute();
  const ids = claimed.map((r) => r.id).sort();
  if (ids.length === 0) return [];
  const reports = await db.selectFrom('reports').selectAll().where('id', 'in', ids).execute();
  // Only what statistics count leaves a record: triaged, not spam, not a duplicate merged into another report.
  const records = keepStatistics ? reports.filter((r) => r.statistics_consent === 1 && r.is_spam !== 1 && r.status !== 'new' && r.merged_into === null) : [];
  if (records.length > 0) {
    await db
      .insertInto('statistics_records')
      .values(
        records.map((report) => ({
          id: randomId(),
          organisation_id: report.organisation_id,
          country_code: report.country_code,
          area_id: report.area_id,
          incident_month: report.incident_month,
          received_month: report.created_day.slice(0, 7),
          categories: report.categories,
          perpetrator_types: report.perpetrator_types,
          police_consent: report.police_consent,
        })),
      )
      .execute();
  }
  // Children first: not every dialect cascades in the same order, and SQLite needs foreign keys on to cascade at all.
  await db
    .deleteFrom('identity_release_shares')
    .where('release_id', 'in', db.selectFrom('identity_releases').select('id').where('report_id', 'in', ids))
    .execute();
  for (const table of REPORT_PARTS) await db.deleteFrom(table).where('report_id', 'in', ids).execute();
  // A duplicate merged into one of these keeps its link (to an id that no longer opens): it stays a duplicate, so
  // statistics and matching never count it as an incident of its own once the report it joined is gone.
  await db.deleteFrom('reports').where('id', 'in', ids).execute();
  return ids;
}

/** Deletes one report and everything of it (see deleteReports); false when it was already gone. */
export async function deleteReport(db: Db, reportId: ReportId, keepStatistics: boolean): Promise<boolean> {
  return (await deleteReports(db, [reportId], keepStatistics)).length === 1;
}

export interface RetentionOptions {
  /** How long a retired vault generation is kept, so that recent backups stay restorable. */
  readonly graceMs: number;
  /** Told after each deleted report, with how many are due in all (progress of a long run). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RetentionResult {
  readonly deleted: number;
  readonly rewrapped: number;
  readonly destroyedGenerations: readonly number[];
}

/**
 * Rotates the vault after deletions (this run's, or a reporter's since the
 * last run), re-wraps what remains, and destroys generations whose grace has
 * passed. Called by the retention job and command only.
 */
export async function settleVault(deps: CoreDeps, deletedSomething: boolean, opts: RetentionOptions): Promise<Omit<RetentionResult, 'deleted'>> {
  const now = deps.clock.now();
  if (deletedSomething || (await deps.vault.rotationRequested(deps.db))) await deps.vault.rotate(deps.db, new Date(now.getTime() + opts.graceMs));
  // Always re-wrap before destroying, and never destroy a generation a row still uses: a report stored
  // while the vault rotated may still be wrapped under the old one (it is re-wrapped on the next run).
  const rewrapped = await rewrapAll(deps.db, deps.vault);
  const inUse = (await deps.db.selectFrom('report_vault').select('generation').distinct().execute()).map((r) => Number(r.generation));
  const destroyedGenerations = await deps.vault.destroyRetired(deps.db, now, inUse);
  // This instance's vault file follows at once (the others at their next sync): a destroyed generation leaves it.
  await deps.vault.syncMirror(deps.db);
  return { rewrapped, destroyedGenerations };
}

/** Reports deleted in one transaction by a retention run (a killed run loses at most one batch's work, which the next run redoes). */
export const RETENTION_BATCH = 100;

/** The daily retention run over every organisation. */
export async function runRetention(deps: CoreDeps, opts: RetentionOptions): Promise<RetentionResult> {
  const today = dayOf(deps.clock);
  const orgs = await deps.db.selectFrom('organisations').select(['id', 'retention_days']).execute();
  let deleted = 0;
  const due: Array<{ org: (typeof orgs)[number]; cutoff: string; expired: Array<{ id: ReportId }> }> = [];
  for (const org of orgs) {
    const days = org.retention_days ?? DEFAULT_RETENTION_DAYS;
    const cutoff = daysBefore(today, days);
    const expired = await deps.db
      .selectFrom('reports')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('status', '=', 'closed')
      .where('closed_day', 'is not', null)
      .where('closed_day', '<=', cutoff)
      .execute();
    due.push({ org, cutoff, expired });
  }
  const total = due.reduce((n, d) => n + d.expired.length, 0);
  let seen = 0;
  for (const { org, cutoff, expired } of due) {
    const ids = expired.map((r) => r.id).sort();
    for (let from = 0; from < ids.length; from += RETENTION_BATCH) {
      const batch = ids.slice(from, from + RETENTION_BATCH);
      // Many reports to a transaction (a commit is an fsync: one per report made retention cost a commit
      // per report), and a statement per table for the whole batch. The batch is claimed first (in
      // deleteReports), before the audit log's head is taken, as a reporter's own deletion and a caseworker's
      // change do (their row, then the head): no lock cycle.
      deleted += await deps.db.transaction().execute(async (trx) => {
        // Idempotent: a report another run deleted meanwhile is not returned and counts nothing; nor is one
        // reopened since it was chosen above.
        const gone = await deleteReports(trx, batch, true, cutoff);
        for (const id of gone) {
          await appendAudit(trx, deps.secrets, deps.clock, {
            organisationId: org.id,
            actorUserId: null,
            action: 'report_deleted',
            subjectType: 'report',
            subjectId: id,
            detail: { reason: 'retention' },
          });
        }
        return gone.length;
      });
      // Told once the batch is committed, a report at a time (a progress bar counts reports, not batches).
      for (let i = 0; i < batch.length; i++) opts.onProgress?.(++seen, total);
    }
  }
  return { deleted, ...(await settleVault(deps, deleted > 0, opts)) };
}

/**
 * A reporter deletes their own report from follow-up. The vault is only
 * marked for rotation (no key changes on a web request, on any instance);
 * the retention job rotates on its next run.
 */
export async function deleteOwnReport(deps: CoreDeps, reportId: ReportId): Promise<boolean> {
  let organisationId: OrganisationId | null = null;
  const done = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('reports').select('organisation_id').where('id', '=', reportId).executeTakeFirst();
    if (!row) return false;
    organisationId = row.organisation_id;
    if (!(await deleteReport(trx, reportId, false))) return false;
    await deps.vault.requestRotation(trx);
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId,
      actorUserId: null,
      action: 'report_deleted',
      subjectType: 'report',
      subjectId: reportId,
      detail: { reason: 'reporter' },
      dayOnly: true,
    });
    return true;
  });
  return done;
}
