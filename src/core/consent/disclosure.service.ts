/**
 * Police disclosure (guarantee 5): one report at a time, only at the consent
 * level the reporter chose, through this one path. A disclosure holds
 * incident and perpetrator facts and exactly the free text the caseworker
 * reviewed; never the reporter's contact or identity, unless consent is
 * "identified" and a custodian released the identity to this caseworker.
 * Every disclosure is audit-logged with a hash of exactly what left.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, randomId } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { ContactInput, ReportContent } from '../reports/report.types.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { ReportRow } from '../../db/schema.js';
import type { ReportId } from '../shared/ids.js';

export const DISCLOSABLE = ['anonymous', 'identified'] as const;

/** True when the reporter's current consent allows any disclosure. */
export function mayDisclose(report: Pick<ReportRow, 'police_consent' | 'is_spam'>): boolean {
  return (DISCLOSABLE as readonly string[]).includes(report.police_consent) && report.is_spam !== 1;
}

/** What the review screen offers, all pre-filled from the decrypted report. */
export interface DisclosureDraft {
  readonly consent: 'anonymous' | 'identified';
  readonly countryCode: string;
  readonly areaName: string | null;
  readonly incidentDate: string | null;
  readonly categories: readonly string[];
  readonly perpetratorTypes: readonly string[];
  readonly description: string;
  readonly placeDetail: string;
  readonly identifiers: ReadonlyArray<{ kind: string; value: string }>;
  /** Only with "identified" consent and an approved release to this caseworker. */
  readonly contact: ContactInput | null;
}

/** What the caseworker chose on the review screen. Free text is exactly what they reviewed and edited. */
export interface ReviewedDisclosure {
  readonly description: string;
  readonly placeDetail: string;
  /** Indexes into the draft's identifiers. */
  readonly identifiers: readonly number[];
  readonly includeContact: boolean;
}

/** The document that leaves: the same object is printed and downloaded as JSON. */
export interface DisclosureDocument {
  readonly format: 'parasol-police-disclosure/1';
  readonly disclosureId: string;
  readonly organisation: string;
  readonly madeOn: string;
  readonly consent: 'anonymous' | 'identified';
  readonly incident: {
    readonly country: string;
    readonly area: string | null;
    readonly date: string | null;
    readonly categories: readonly string[];
    readonly description: string;
    readonly place: string;
  };
  readonly perpetrator: {
    readonly types: readonly string[];
    readonly identifiers: ReadonlyArray<{ kind: string; value: string }>;
  };
  readonly reporter: ContactInput | null;
}

export function draftFrom(report: ReportRow, content: ReportContent, areaName: string | null, contact: ContactInput | null): DisclosureDraft | null {
  if (!mayDisclose(report)) return null;
  const consent = report.police_consent as 'anonymous' | 'identified';
  return {
    consent,
    countryCode: report.country_code,
    areaName,
    incidentDate: content.incidentDate,
    categories: report.categories.split(' ').filter(Boolean),
    perpetratorTypes: report.perpetrator_types.split(' ').filter(Boolean),
    description: content.description,
    placeDetail: content.placeDetail,
    identifiers: content.identifiers.map((i) => ({ kind: i.kind, value: i.value })),
    contact: consent === 'identified' ? contact : null,
  };
}

export function contentHash(doc: DisclosureDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

export type MakeResult = { ok: true; document: DisclosureDocument; hash: string } | { ok: false; reason: 'no-consent' };

/**
 * Makes the disclosure from the reviewed choices. Consent is read again at
 * this moment, so a withdrawal made while the caseworker was reviewing wins.
 */
export async function makeDisclosure(deps: CoreDeps, user: StaffUser, reportId: ReportId, draft: DisclosureDraft, reviewed: ReviewedDisclosure, organisationName: string): Promise<MakeResult> {
  return deps.db.transaction().execute(async (trx: Db) => {
    const now = await trx.selectFrom('reports').select(['police_consent', 'is_spam']).where('id', '=', reportId).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    if (!now || !mayDisclose(now)) return { ok: false as const, reason: 'no-consent' as const };
    const consent = now.police_consent as 'anonymous' | 'identified';
    const id = randomId();
    const document: DisclosureDocument = {
      format: 'parasol-police-disclosure/1',
      disclosureId: id,
      organisation: organisationName,
      madeOn: dayOf(deps.clock),
      consent,
      incident: {
        country: draft.countryCode,
        area: draft.areaName,
        date: draft.incidentDate,
        categories: draft.categories,
        description: reviewed.description,
        place: reviewed.placeDetail,
      },
      perpetrator: {
        types: draft.perpetratorTypes,
        identifiers: reviewed.identifiers.map((i) => draft.identifiers[i]).filter((x): x is { kind: string; value: string } => Boolean(x)),
      },
      reporter: consent === 'identified' && reviewed.includeContact ? draft.contact : null,
    };
    const hash = contentHash(document);
    await trx.insertInto('disclosures').values({ id, report_id: reportId, made_by: user.id, made_day: document.madeOn, consent_level: consent, content_hash: hash }).execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'disclosure_made',
      subjectType: 'report',
      subjectId: reportId,
      detail: { disclosure: id, consent, sha256: hash },
    });
    return { ok: true as const, document, hash };
  });
}
