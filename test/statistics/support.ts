/**
 * Shared set-up for the statistics tests: reports written straight into the
 * database with chosen routing fields (the statistics read only those), and
 * a fixed clock so that the release's cut-off day is known.
 */
import { randomBytes, randomId } from '../../src/crypto/index.js';
import type { Db } from '../../src/core/shared/deps.js';
import { asReportId, type OrganisationId } from '../../src/core/shared/ids.js';

export interface ReportSpec {
  readonly country: string;
  readonly area?: string | null;
  readonly month?: string | null;
  readonly categories?: readonly string[];
  readonly perpetrators?: readonly string[];
  readonly police?: 'none' | 'anonymous' | 'identified';
  readonly statistics?: boolean;
  /** Day of submission; before the cut-off unless a test says otherwise. */
  readonly day?: string;
  readonly spam?: boolean;
  /** Whether a caseworker has triaged it (status moved on from "new"); true unless a test says otherwise. */
  readonly triaged?: boolean;
}

/** Inserts reports (content is random bytes: statistics never read it). */
export async function insertReports(db: Db, organisationId: OrganisationId, specs: readonly ReportSpec[], count = 1): Promise<void> {
  const rows = specs.flatMap((s) =>
    Array.from({ length: count }, () => ({
      id: asReportId(randomId()),
      organisation_id: organisationId,
      receipt_lookup: randomId(),
      country_code: s.country,
      area_id: s.area ?? null,
      incident_month: s.month === undefined ? '2025-03' : s.month,
      categories: (s.categories ?? ['robbery']).join(' '),
      perpetrator_types: (s.perpetrators ?? ['client']).join(' '),
      wants_support: 1,
      warn_others: 0,
      statistics_consent: s.statistics === false ? 0 : 1,
      police_consent: s.police ?? 'none',
      has_contact: 0,
      status: s.triaged === false ? 'new' : 'in_progress',
      created_day: s.day ?? '2025-04-02',
      last_activity_day: s.day ?? '2025-04-02',
      body: randomBytes(40),
      reporter_public_key: randomBytes(32),
      is_spam: s.spam ? 1 : 0,
    })),
  );
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('reports')
      .values(rows.slice(i, i + 200))
      .execute();
}
