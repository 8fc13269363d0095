/**
 * Referrals: the services a reporter is shown after reporting (ranked by how
 * well they fit), and the referrals caseworkers record in a case. A recorded
 * referral (which service, what came of it) says something about the person,
 * so it is encrypted under the report's content key exactly like a case note,
 * with associated data naming the report and the row.
 */
import { ciphertextFromBytes, decryptJson, encryptJson, randomId } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { CaseAccess } from '../cases/cases.service.js';
import type { CoreDeps, Db } from '../shared/deps.js';
import type { Category } from '../taxonomy/taxonomy.js';
import { areaNames } from '../organisations/organisations.repository.js';
import { countryHasProfile } from '../rights/profiles.repository.js';
import { activeServicesIn } from './services.repository.js';
import type { Service, ServiceCategory } from './services.types.js';
import type { ReportId, ServiceId, UserId } from '../shared/ids.js';

/**
 * For each kind of incident, the kinds of help that fit, best first (tier 1,
 * 2, 3). After sexual violence, health care (emergency contraception, PEP,
 * injuries, a forensic examination) and legal aid come first.
 */
export const NEEDS: Readonly<Record<Category, ReadonlyArray<readonly ServiceCategory[]>>> = (() => {
  const violence = (first: ServiceCategory[], second: ServiceCategory[] = []) => [first, [...second, 'psychosocial', 'shelter'], ['sw_collective']] as ServiceCategory[][];
  const labour: ServiceCategory[][] = [['labour_rights', 'legal_aid'], ['sw_collective'], ['migrant_support']];
  const exploitation: ServiceCategory[][] = [
    ['trafficking_support', 'legal_aid'],
    ['shelter', 'labour_rights', 'migrant_support'],
    ['psychosocial', 'sw_collective'],
  ];
  const policing: ServiceCategory[][] = [['legal_aid'], ['sw_collective', 'migrant_support'], ['psychosocial']];
  const immigration: ServiceCategory[][] = [['legal_aid', 'migrant_support'], ['sw_collective'], ['psychosocial']];
  return {
    physical_assault: violence(['health', 'legal_aid']),
    // HIV services (PEP) follow: a general or sexual health service gives PEP too, with the rest of the care needed.
    sexual_violence: violence(['health', 'legal_aid'], ['hiv_prep']),
    threats: violence(['legal_aid']),
    robbery: [['legal_aid'], ['psychosocial'], ['sw_collective']],
    extortion: [['legal_aid'], ['psychosocial'], ['sw_collective']],
    stalking: violence(['legal_aid']),
    wages_withheld: labour,
    deductions_fines: labour,
    excessive_hours: labour,
    unsafe_conditions: [['labour_rights', 'health'], ['legal_aid', 'harm_reduction'], ['sw_collective']],
    documents_withheld: exploitation,
    debt_bondage: exploitation,
    restricted_movement: exploitation,
    forced_labour: exploitation,
    trafficking: exploitation,
    police_intimidation: policing,
    pressure_to_inform: policing,
    deportation_threats: immigration,
    identity_checks: policing,
    raid: policing,
    eviction_closure: [['legal_aid', 'shelter'], ['sw_collective', 'migrant_support'], ['psychosocial']],
    arrest_detention: policing,
    confiscation: [['legal_aid'], ['sw_collective', 'harm_reduction'], ['migrant_support']],
    police_extortion: policing,
    immigration_detention: immigration,
    removal: immigration,
    refused_entry: immigration,
    refused_services: [['legal_aid', 'migrant_support'], ['health', 'shelter'], ['sw_collective']],
    hate_crime: [['legal_aid'], ['psychosocial'], ['sw_collective']],
  };
})();

export interface ReferralQuery {
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly categories: readonly string[];
  /** The page's language. */
  readonly language: string;
}

export interface RankedService {
  readonly service: Service;
  /** 3: in the report's area; 2: serves the whole country; 1: elsewhere in the country; 0: another country. */
  readonly place: number;
  /** 3, 2 or 1 for a tier-1, 2 or 3 kind of help for one of the report's categories; 0 when none fits. */
  readonly fit: number;
  /** 1 when the service speaks the page's language. */
  readonly language: number;
}

function placeScore(s: Service, q: ReferralQuery): number {
  if (s.countryCode !== q.countryCode) return 0;
  if (q.areaId && s.areaId === q.areaId) return 3;
  if (!s.areaId && !s.city) return 2;
  return 1;
}

function fitScore(s: Service, categories: readonly string[]): number {
  let best = 0;
  for (const c of categories) {
    const tiers = NEEDS[c as Category];
    if (!tiers) continue;
    tiers.forEach((tier, i) => {
      if (tier.some((k) => s.categories.includes(k))) best = Math.max(best, 3 - i);
    });
  }
  return best;
}

const FIREWALL_ORDER = { no: 2, unknown: 1, yes: 0 } as const;

/**
 * Orders services by fit: place first, then the kind of help the incident
 * calls for, then the page's language; a stronger firewall and then the name
 * break ties.
 */
export function rankServices(services: readonly Service[], q: ReferralQuery): RankedService[] {
  const collator = new Intl.Collator(q.language);
  return services
    .map((service) => ({ service, place: placeScore(service, q), fit: fitScore(service, q.categories), language: service.languages.includes(q.language) ? 1 : 0 }))
    .sort(
      (a, b) =>
        b.place - a.place ||
        b.fit - a.fit ||
        b.language - a.language ||
        FIREWALL_ORDER[b.service.firewall.sharesWithImmigration] - FIREWALL_ORDER[a.service.firewall.sharesWithImmigration] ||
        collator.compare(a.service.name, b.service.name) ||
        (a.service.id < b.service.id ? -1 : 1),
    );
}

export const REFERRAL_LIMIT = 6;

/**
 * The services to show a reporter after a report: active, in the report's
 * country, never one that may pass data to immigration authorities, and only
 * kinds of help that fit the incident (all of the country's, when none does).
 */
export async function referralsForReport(db: Db, q: ReferralQuery, limit = REFERRAL_LIMIT): Promise<RankedService[]> {
  const candidates = (await activeServicesIn(db, q.countryCode)).filter((s) => s.firewall.sharesWithImmigration !== 'yes');
  const ranked = rankServices(candidates, q);
  const fitting = ranked.filter((r) => r.fit > 0);
  return (fitting.length ? fitting : ranked).slice(0, limit);
}

/** What came of a referral. */
export const REFERRAL_OUTCOMES = ['suggested', 'contacted', 'accepted', 'declined', 'refused', 'no_response'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export function isReferralOutcome(v: string): v is ReferralOutcome {
  return (REFERRAL_OUTCOMES as readonly string[]).includes(v);
}

export const REFERRAL_NOTE_MAX = 2000;

/** The sealed part of a referral (version 1 of its JSON). */
interface ReferralContent {
  readonly v: 1;
  readonly serviceId: ServiceId;
  /** The service's name when the referral was made, so it still reads right if the entry changes or is retired. */
  readonly serviceName: string;
  readonly outcome: ReferralOutcome;
  readonly note: string;
}

export interface CaseReferral {
  readonly id: string;
  readonly authorUserId: UserId;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly serviceId: ServiceId;
  readonly serviceName: string;
  readonly outcome: ReferralOutcome;
  readonly note: string;
}

/** Associated data: the ciphertext opens only in this report's referral row of this id. */
export const referralAad = (reportId: ReportId, referralId: string) => `report:${reportId}:referral:${referralId}`;

type OpenCase = Extract<CaseAccess, { kind: 'ok' }>;

/** The case's referrals, decrypted, oldest first; the read is logged like any read of case content. */
export async function listReferrals(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, access: OpenCase): Promise<CaseReferral[]> {
  const rows = await deps.db.selectFrom('case_referrals').selectAll().where('report_id', '=', access.report.id).orderBy('created_at').orderBy('id').execute();
  const list = rows.map((r) => {
    const c = decryptJson<ReferralContent>(access.contentKey, ciphertextFromBytes(Buffer.from(r.body)), referralAad(access.report.id, r.id));
    return { id: r.id, authorUserId: r.author_user_id, createdAt: r.created_at, updatedAt: r.updated_at, serviceId: c.serviceId, serviceName: c.serviceName, outcome: c.outcome, note: c.note };
  });
  await appendAudit(deps.db, deps.secrets, deps.clock, {
    organisationId: user.organisationId,
    actorUserId: user.id,
    action: 'report_read',
    subjectType: 'report',
    subjectId: access.report.id,
    detail: { part: 'referrals' },
  });
  return list;
}

export interface NewReferral {
  readonly serviceId: ServiceId;
  readonly outcome: ReferralOutcome;
  readonly note: string;
}

/**
 * Records a referral in the case. The service must be in the directory
 * (active); its name is sealed with the referral. Logged in the same
 * transaction as the write.
 */
export async function recordReferral(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, user: StaffUser, access: OpenCase, input: NewReferral): Promise<string | null> {
  const service = await deps.db.selectFrom('services').select(['id', 'name']).where('id', '=', input.serviceId).where('status', '=', 'active').executeTakeFirst();
  if (!service) return null;
  const id = randomId();
  const now = deps.clock.now().toISOString();
  const content: ReferralContent = { v: 1, serviceId: service.id, serviceName: service.name, outcome: input.outcome, note: input.note };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_referrals')
      .values({ id, report_id: access.report.id, author_user_id: user.id, created_at: now, updated_at: now, body: encryptJson(access.contentKey, content, referralAad(access.report.id, id)) })
      .execute();
    // Logged as a case note of kind "referral" (the audit log's action list has no referral code yet). The detail
    // names rows only: which service and the outcome are case content and stay sealed.
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'note_added',
      subjectType: 'report',
      subjectId: access.report.id,
      detail: { kind: 'referral', referral: id },
    });
  });
  return id;
}

/** Changes the outcome (and note) of one of the case's referrals; false when it is not in this case. */
export async function updateReferral(
  deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>,
  user: StaffUser,
  access: OpenCase,
  referralId: string,
  change: { outcome: ReferralOutcome; note: string },
): Promise<boolean> {
  const row = await deps.db.selectFrom('case_referrals').selectAll().where('id', '=', referralId).where('report_id', '=', access.report.id).executeTakeFirst();
  if (!row) return false;
  const aadText = referralAad(access.report.id, row.id);
  const old = decryptJson<ReferralContent>(access.contentKey, ciphertextFromBytes(Buffer.from(row.body)), aadText);
  const content: ReferralContent = { ...old, outcome: change.outcome, note: change.note };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('case_referrals')
      .set({ body: encryptJson(access.contentKey, content, aadText), updated_at: deps.clock.now().toISOString() })
      .where('id', '=', row.id)
      .where('report_id', '=', access.report.id)
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'note_added',
      subjectType: 'report',
      subjectId: access.report.id,
      detail: { kind: 'referral_outcome', referral: row.id },
    });
  });
  return true;
}

/** What a reporter's referral section shows: the services, the names of their areas, and whether the country has a legal profile. */
export interface ReporterReferrals {
  readonly ranked: RankedService[];
  readonly areaNames: Map<string, string>;
  readonly hasProfile: boolean;
}

/** The referrals for a report's place, categories and the page's language. */
export async function reporterReferrals(db: Db, q: ReferralQuery): Promise<ReporterReferrals> {
  const ranked = await referralsForReport(db, q);
  const areaIds = [...new Set(ranked.map((r) => r.service.areaId).filter((a): a is string => a !== null))];
  return { ranked, areaNames: await areaNames(db, areaIds), hasProfile: await countryHasProfile(db, q.countryCode) };
}
