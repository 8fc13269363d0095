/**
 * Warnings: a caseworker drafts one from a report (pre-filled from the
 * decrypted report, then edited), a second caseworker approves it, and it is
 * published for a limited time (renewable). Published warnings can be
 * amended or withdrawn. Every step is audit-logged in its own transaction.
 *
 * What a warning says (what happened, how to recognise the person or car,
 * the modus operandi) is encrypted under a server subkey; the routing fields
 * (place, month, categories, visibility, dates) are in clear for lists and
 * filters. Identifiers are stored only as keyed hashes that feed checks.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { randomId, type KeyedHash } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit, type AuditAction } from '../audit/audit.service.js';
import type { CaseView } from '../cases/cases.service.js';
import { IdentifierServiceUnavailable, identifierHash, identifierHashes, normaliseIdentifier } from '../reports/identifiers.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { isCategory, isIdentifierKind, type Category, type IdentifierKind } from '../taxonomy/taxonomy.js';
import { openServer, sealServer } from './server-keys.js';
import { addMonths, isVisibility, safetySettings, type Visibility } from './settings.js';
import { identifierInText } from './text-guard.js';
import { consentingLinks, warningsOnWithdrawnReports } from './warnings.repository.js';
import { isTextLanguage, isWarningModus, isWarningSign, NO_PARTS, partsOf, type WarningParts } from './parts.js';
import { isPerpetratorType } from '../taxonomy/taxonomy.js';
import { errorCode } from '../shared/error-codes.js';
import { asWarningId, type OrganisationId, type ReportId, type UserId, type WarningId } from '../shared/ids.js';

export const WARNING_STATUSES = ['draft', 'pending', 'published', 'withdrawn'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const WITHDRAW_REASONS = ['wrong', 'resolved', 'duplicate', 'other'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

export const TEXT_LIMITS = { what: 3000, recognise: 2000, modus: 2000 } as const;

/** The encrypted texts of a warning (version 1 of their JSON). */
export interface WarningTexts {
  readonly what: string;
  readonly recognise: string;
  readonly modus: string;
}

/**
 * The sealed body: version 1 holds the free texts only; version 2 adds the
 * structured parts (kind of person, signs, modus operandi) and the language
 * the texts are written in.
 */
type WarningBody = WarningTexts & { v: 1 | 2; people?: unknown; signs?: unknown; modusCodes?: unknown; lang?: unknown };

function sealBody(deps: Pick<CoreDeps, 'secrets'>, id: WarningId, texts: WarningTexts, parts: WarningParts): Buffer {
  const body = { v: 2, what: texts.what, recognise: texts.recognise, modus: texts.modus, people: [...parts.people], signs: [...parts.signs], modusCodes: [...parts.modus], lang: parts.lang };
  return sealServer(deps.secrets, 'warning', body, bodyContext(id));
}

function openBody(deps: Pick<CoreDeps, 'secrets'>, row: { id: WarningId; body: Buffer }): { texts: WarningTexts; parts: WarningParts } {
  const b = openServer<WarningBody>(deps.secrets, 'warning', row.body, bodyContext(row.id));
  return { texts: { what: b.what, recognise: b.recognise, modus: b.modus }, parts: b.v === 2 ? partsOf(b) : NO_PARTS };
}

export interface Warning {
  readonly id: WarningId;
  readonly organisationId: OrganisationId;
  readonly sourceReportId: ReportId | null;
  readonly status: WarningStatus;
  readonly visibility: Visibility;
  readonly countryCode: string;
  readonly areaId: string | null;
  readonly incidentMonth: string | null;
  readonly categories: readonly Category[];
  readonly texts: WarningTexts;
  /** Parts from translated lists, shown in each reader's language; none on warnings written before them. */
  readonly parts: WarningParts;
  readonly version: number;
  readonly draftedBy: UserId;
  readonly lastEditedBy: UserId;
  readonly approvedBy: UserId | null;
  readonly publishedDay: string | null;
  readonly updatedDay: string;
  readonly expiresOn: string | null;
  readonly withdrawnDay: string | null;
  readonly withdrawnReason: string | null;
  /**
   * The count readers are shown, fixed at the last approval (null before
   * the first): later reports, here or elsewhere, never move it.
   */
  readonly reportsCount: number | null;
  /** On a pending amendment: the published warning it would change. */
  readonly amendsId: WarningId | null;
  /** Published and not expired: what members see. */
  readonly active: boolean;
  readonly identifierKinds: readonly IdentifierKind[];
}

/** A warning as stored (every column but the creation time, which nothing here reads). */
type WarningRow = Omit<Selectable<Database['warnings']>, 'created_at'>;

export const bodyContext = (warningId: WarningId) => `warning:${warningId}:body`;

/** Decrypts and maps a warning row. */
export function toWarning(deps: Pick<CoreDeps, 'secrets'>, row: WarningRow, today: string, kinds: readonly IdentifierKind[] = []): Warning {
  const { texts, parts } = openBody(deps, row);
  const status = (WARNING_STATUSES as readonly string[]).includes(row.status) ? (row.status as WarningStatus) : 'withdrawn';
  return {
    id: row.id,
    organisationId: row.organisation_id,
    sourceReportId: row.source_report_id,
    status,
    visibility: isVisibility(row.visibility) ? row.visibility : 'organisation',
    countryCode: row.country_code,
    areaId: row.area_id,
    incidentMonth: row.incident_month,
    categories: row.categories.split(' ').filter(isCategory),
    texts,
    parts,
    version: Number(row.version),
    draftedBy: row.drafted_by,
    lastEditedBy: row.last_edited_by,
    approvedBy: row.approved_by,
    publishedDay: row.published_day,
    updatedDay: row.updated_day,
    expiresOn: row.expires_on,
    withdrawnDay: row.withdrawn_day,
    withdrawnReason: row.withdrawn_reason,
    reportsCount: row.reports_count === null ? null : Number(row.reports_count),
    amendsId: row.amends_id,
    active: status === 'published' && row.expires_on !== null && row.expires_on >= today,
    identifierKinds: kinds,
  };
}

// ---------------------------------------------------------------- input and validation

/** A warning's fields as a caseworker submits them. */
export interface WarningInput {
  /** An area id, or 'country:XX' for elsewhere in a country. */
  readonly place: string;
  /** 'YYYY-MM' or ''. */
  readonly month: string;
  readonly categories: readonly string[];
  readonly texts: WarningTexts;
  /** Structured parts as posted (codes from the translated lists, the texts' language or ''); absent: none. */
  readonly parts?: { readonly people: readonly string[]; readonly signs: readonly string[]; readonly modus: readonly string[]; readonly lang: string };
  readonly visibility: string;
  /** Identifiers kept, as 'kind:hash' (offered from the report or already on the warning). */
  readonly identifiers: readonly string[];
  /** One more identifier typed by the caseworker (never stored in clear), or null. */
  readonly extra: { readonly kind: string; readonly value: string } | null;
  /** A report of the organisation to link (its id or the start of it), or '': it counts from the next approval. */
  readonly link?: string;
}

export type WarningField = 'place' | 'month' | 'categories' | 'people' | 'signs' | 'modusList' | 'textLang' | 'what' | 'recognise' | 'modus' | 'visibility' | 'extra' | 'link';
export type WarningProblem =
  | { readonly id: 'required' | 'unknownChoice' | 'month' | 'futureMonth' | 'chooseCategory' | 'invalidIdentifier' | 'identifierKind' | 'reportRef' | 'noConsent' }
  | { readonly id: 'tooLong'; readonly max: number; readonly length: number }
  | { readonly id: 'identifierInText'; readonly kind: IdentifierKind }
  | { readonly id: 'identifierServiceDown' };

export type Problems = Partial<Record<WarningField, WarningProblem>>;

interface Validated {
  readonly areaId: string | null;
  readonly countryCode: string;
  readonly month: string | null;
  readonly categories: Category[];
  readonly texts: WarningTexts;
  readonly parts: WarningParts;
  readonly visibility: Visibility;
  readonly identifiers: Array<{ kind: IdentifierKind; hash: KeyedHash }>;
  /** A report to link, of the organisation and with the reporter's consent to warn. */
  readonly linkReportId: ReportId | null;
}

/** Hashes a caseworker may keep on the warning: the source report's and those already on it (or on the warning it amends). */
async function allowedHashes(db: Db, sourceReportId: ReportId | null, ...warningIds: Array<WarningId | null>): Promise<Map<string, IdentifierKind>> {
  const out = new Map<string, IdentifierKind>();
  if (sourceReportId) {
    for (const r of await db.selectFrom('report_identifiers').select(['kind', 'hash']).where('report_id', '=', sourceReportId).execute()) if (isIdentifierKind(r.kind)) out.set(r.hash, r.kind);
  }
  for (const warningId of warningIds) {
    if (!warningId) continue;
    for (const r of await db.selectFrom('warning_identifiers').select(['kind', 'hash']).where('warning_id', '=', warningId).execute()) if (isIdentifierKind(r.kind)) out.set(r.hash, r.kind);
  }
  return out;
}

/** The organisation's report a caseworker typed (id or its start), if exactly one matches. */
async function linkableReport(db: Db, organisationId: OrganisationId, ref: string): Promise<{ ok: true; id: ReportId } | { ok: false; problem: WarningProblem }> {
  const typed = ref.trim().toLowerCase();
  if (!/^[0-9a-f]{6,32}$/.test(typed)) return { ok: false, problem: { id: 'reportRef' } };
  // The pattern is text, not a report id: the id column is compared as text.
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'warn_others'])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb(eb.ref('id').$castTo<string>(), 'like', `${typed}%`))
    .limit(2)
    .execute();
  if (rows.length !== 1) return { ok: false, problem: { id: 'reportRef' } };
  if (Number(rows[0]!.warn_others) !== 1) return { ok: false, problem: { id: 'noConsent' } };
  return { ok: true, id: rows[0]!.id };
}

async function validate(
  deps: CoreDeps,
  organisationId: OrganisationId,
  input: WarningInput,
  allowed: Map<string, IdentifierKind>,
): Promise<{ ok: true; value: Validated } | { ok: false; problems: Problems }> {
  const problems: Problems = {};
  let linkReportId: ReportId | null = null;
  if (input.link?.trim()) {
    const found = await linkableReport(deps.db, organisationId, input.link);
    if (found.ok) linkReportId = found.id;
    else problems.link = found.problem;
  }
  let areaId: string | null = null;
  let countryCode = '';
  if (input.place.startsWith('country:')) {
    countryCode = input.place.slice(8);
    const known = await deps.db.selectFrom('areas').select('id').where('country_code', '=', countryCode).executeTakeFirst();
    if (!/^[A-Z]{2}$/.test(countryCode) || !known) problems.place = { id: 'unknownChoice' };
  } else if (input.place) {
    const area = await deps.db.selectFrom('areas').selectAll().where('id', '=', input.place).executeTakeFirst();
    if (!area) problems.place = { id: 'unknownChoice' };
    else {
      areaId = area.id;
      countryCode = area.country_code;
    }
  } else problems.place = { id: 'required' };

  let month: string | null = null;
  if (input.month.trim()) {
    const m = /^(\d{4})-(\d{2})$/.exec(input.month.trim());
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) problems.month = { id: 'month' };
    else if (m[0] > dayOf(deps.clock).slice(0, 7)) problems.month = { id: 'futureMonth' };
    else month = m[0];
  }
  const categories = [...new Set(input.categories)].filter(isCategory);
  if (categories.length === 0 || categories.length !== new Set(input.categories).size) problems.categories = { id: 'chooseCategory' };
  if (!isVisibility(input.visibility)) problems.visibility = { id: 'unknownChoice' };
  // Parts come from translated lists: anything else is refused, not dropped, so the caseworker sees what went wrong.
  const posted = input.parts ?? { people: [], signs: [], modus: [], lang: '' };
  const people = [...new Set(posted.people)];
  const signs = [...new Set(posted.signs)];
  const modusCodes = [...new Set(posted.modus)];
  if (!people.every(isPerpetratorType)) problems.people = { id: 'unknownChoice' };
  if (!signs.every(isWarningSign)) problems.signs = { id: 'unknownChoice' };
  if (!modusCodes.every(isWarningModus)) problems.modusList = { id: 'unknownChoice' };
  if (posted.lang && !isTextLanguage(posted.lang)) problems.textLang = { id: 'unknownChoice' };
  const parts: WarningParts = {
    people: people.filter(isPerpetratorType),
    signs: signs.filter(isWarningSign),
    modus: modusCodes.filter(isWarningModus),
    lang: posted.lang && isTextLanguage(posted.lang) ? posted.lang : null,
  };

  const identifiers: Array<{ kind: IdentifierKind; hash: KeyedHash }> = [];
  for (const v of new Set(input.identifiers)) {
    const hash = v.slice(v.indexOf(':') + 1);
    const kind = allowed.get(hash);
    if (kind) identifiers.push({ kind, hash: hash as KeyedHash });
  }
  if (input.extra && input.extra.value.trim()) {
    if (!isIdentifierKind(input.extra.kind)) problems.extra = { id: 'identifierKind' };
    else if ([...input.extra.value].length > 200) problems.extra = { id: 'tooLong', max: 200, length: [...input.extra.value].length };
    else {
      const norm = normaliseIdentifier(input.extra.kind, input.extra.value, countryCode || undefined);
      if (!norm.ok) problems.extra = { id: 'invalidIdentifier' };
      else {
        try {
          const hash = await identifierHash(deps, input.extra.kind, norm.value);
          if (!identifiers.some((i) => i.hash === hash)) identifiers.push({ kind: input.extra.kind, hash });
        } catch (err) {
          if (!(err instanceof IdentifierServiceUnavailable)) throw err;
          problems.extra = { id: 'identifierServiceDown' };
        }
      }
    }
  }

  const known = new Set<string>([...allowed.keys(), ...identifiers.map((i) => i.hash)]);
  const texts = { what: input.texts.what.trim(), recognise: input.texts.recognise.trim(), modus: input.texts.modus.trim() };
  for (const field of ['what', 'recognise', 'modus'] as const) {
    const text = texts[field];
    const length = [...text].length;
    if (field === 'what' && !text) problems.what = { id: 'required' };
    else if (length > TEXT_LIMITS[field]) problems[field] = { id: 'tooLong', max: TEXT_LIMITS[field], length };
    else {
      try {
        const kind = await identifierInText(text, countryCode || 'GB', (items) => identifierHashes(deps, items), known);
        if (kind) problems[field] = { id: 'identifierInText', kind };
      } catch (err) {
        if (!(err instanceof IdentifierServiceUnavailable)) throw err;
        problems[field] = { id: 'identifierServiceDown' };
      }
    }
  }
  if (Object.keys(problems).length) return { ok: false, problems };
  return { ok: true, value: { areaId, countryCode, month, categories, texts, parts, visibility: input.visibility as Visibility, identifiers, linkReportId } };
}

/** What a draft form starts with: the report's place, month, categories and description, its identifiers offered for checks. */
export interface DraftPrefill {
  readonly input: WarningInput;
  /** Identifiers of the report, in clear for the caseworker's eyes only, with the value the form posts. */
  readonly offered: ReadonlyArray<{ readonly kind: IdentifierKind; readonly label: string; readonly value: string }>;
}

/** Builds the pre-filled draft from a decrypted case (the caseworker then edits it). */
export async function prefillFromCase(deps: CoreDeps, user: StaffUser, view: CaseView): Promise<DraftPrefill> {
  const settings = await safetySettings(deps.db, user.organisationId);
  const r = view.report;
  const offered = await offeredIdentifiers(deps, view);
  return {
    input: {
      place: r.area_id ?? `country:${r.country_code}`,
      month: r.incident_month ?? '',
      categories: r.categories.split(' ').filter(Boolean),
      texts: { what: view.content.description, recognise: '', modus: '' },
      // The reporter's kinds of person (the perpetrator) to start from. The texts' language starts unsaid: it is
      // shown to members and in notices, and the reporter's language there would tell an abuser who reported.
      // The caseworker chooses it for the text they write.
      parts: { people: r.perpetrator_types.split(' ').filter(Boolean), signs: [], modus: [], lang: '' },
      visibility: settings.defaultVisibility,
      identifiers: offered.map((o) => o.value),
      extra: null,
    },
    offered,
  };
}

/**
 * The report's identifiers as the draft form offers them: the clear value as label, 'kind:hash' as value.
 * None while the identifier service is down (nothing falls back to another hash).
 */
export async function offeredIdentifiers(deps: Pick<CoreDeps, 'secrets' | 'identifierKeys'>, view: CaseView): Promise<Array<{ kind: IdentifierKind; label: string; value: string }>> {
  const readable: Array<{ kind: IdentifierKind; label: string; normalised: string }> = [];
  for (const i of view.content.identifiers) {
    const norm = normaliseIdentifier(i.kind, i.value, view.report.country_code);
    if (norm.ok) readable.push({ kind: i.kind, label: i.value, normalised: norm.value });
  }
  let hashes: KeyedHash[];
  try {
    hashes = await identifierHashes(deps, readable);
  } catch (err) {
    if (err instanceof IdentifierServiceUnavailable) return [];
    throw err;
  }
  const out: Array<{ kind: IdentifierKind; label: string; value: string }> = [];
  readable.forEach((r, i) => {
    const value = `${r.kind}:${hashes[i]!}`;
    if (!out.some((o) => o.value === value)) out.push({ kind: r.kind, label: r.label, value });
  });
  return out;
}

// ---------------------------------------------------------------- the workflow

export type SaveResult =
  { readonly ok: true; readonly id: WarningId } | { readonly ok: false; readonly problems: Problems } | { readonly ok: false; readonly refused: 'noConsent' | 'notFound' | 'state' | 'noSecondPerson' };

async function audit(deps: CoreDeps, db: Db, user: StaffUser, action: AuditAction, warningId: WarningId, detail?: Record<string, string | number | boolean | null>) {
  await appendAudit(db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action, subjectType: 'warning', subjectId: warningId, ...(detail ? { detail } : {}) });
}

async function writeIdentifiers(db: Db, warningId: WarningId, ids: ReadonlyArray<{ kind: IdentifierKind; hash: string }>): Promise<void> {
  await db.deleteFrom('warning_identifiers').where('warning_id', '=', warningId).execute();
  if (ids.length)
    await db
      .insertInto('warning_identifiers')
      .values(ids.map((i) => ({ warning_id: warningId, kind: i.kind, hash: i.hash })))
      .execute();
}

async function linkReports(db: Db, warningId: WarningId, reportIds: readonly ReportId[]): Promise<void> {
  for (const reportId of new Set(reportIds)) {
    await db
      .insertInto('warning_reports')
      .values({ warning_id: warningId, report_id: reportId })
      .onConflict((oc) => oc.columns(['warning_id', 'report_id']).doNothing())
      .execute();
  }
}

/** Roles that may approve a colleague's warning. */
const APPROVER_ROLES = ['admin', 'caseworker', 'custodian'] as const;

/**
 * True when the organisation has at least two people who can log in and take
 * part in warnings: every warning and amendment needs a second one, and there
 * is no one-person bypass. With fewer, the action is unavailable and the page
 * says so.
 */
export async function hasSecondPerson(db: Db, organisationId: OrganisationId): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .where('username', 'is not', null)
    .where('role', 'in', [...APPROVER_ROLES])
    .executeTakeFirst();
  return Number(row?.n ?? 0) >= 2;
}

/** The amendment of a published warning still waiting for approval, if any. */
export async function openAmendment(db: Db, warningId: WarningId): Promise<WarningId | null> {
  const row = await db.selectFrom('warnings').select('id').where('amends_id', '=', warningId).where('status', 'in', ['draft', 'pending']).orderBy('id').executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Saves a new draft from a report the caseworker can read. Refused when the
 * reporter did not agree that others may be warned.
 */
export async function createDraft(deps: CoreDeps, user: StaffUser, report: { id: ReportId; organisation_id: OrganisationId; warn_others: number }, input: WarningInput): Promise<SaveResult> {
  if (report.organisation_id !== user.organisationId) return { ok: false, refused: 'notFound' };
  if (Number(report.warn_others) !== 1) return { ok: false, refused: 'noConsent' };
  const checked = await validate(deps, user.organisationId, input, await allowedHashes(deps.db, report.id));
  if (!checked.ok) return checked;
  const v = checked.value;
  const id = asWarningId(randomId());
  const day = dayOf(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('warnings')
      .values({
        id,
        organisation_id: user.organisationId,
        source_report_id: report.id,
        status: 'draft',
        visibility: v.visibility,
        country_code: v.countryCode,
        area_id: v.areaId,
        incident_month: v.month,
        categories: v.categories.join(' '),
        body: sealBody(deps, id, v.texts, v.parts),
        version: 1,
        drafted_by: user.id,
        last_edited_by: user.id,
        approved_by: null,
        created_at: deps.clock.now().toISOString(),
        published_day: null,
        updated_day: day,
        expires_on: null,
        withdrawn_day: null,
        withdrawn_reason: null,
        reports_count: null,
        amends_id: null,
      })
      .execute();
    await writeIdentifiers(trx, id, v.identifiers);
    await linkReports(trx, id, [report.id, ...(v.linkReportId ? [v.linkReportId] : [])]);
    await audit(deps, trx, user, 'warning_drafted', id, { report: report.id, identifiers: v.identifiers.length });
  });
  return { ok: true, id };
}

async function ownRow(db: Db, user: StaffUser, id: WarningId) {
  return db.selectFrom('warnings').selectAll().where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
}

/**
 * Saves edits. A draft or pending warning (or a pending amendment) is edited,
 * and whoever edits it cannot then approve it. A published warning is not
 * changed: the edit becomes a pending amendment (or updates the one already
 * waiting) that a second caseworker approves; until then members see the
 * published version as it was. The result's id is the row that was saved.
 */
export async function saveWarning(deps: CoreDeps, user: StaffUser, id: WarningId, input: WarningInput): Promise<SaveResult> {
  const row = await ownRow(deps.db, user, id);
  if (!row) return { ok: false, refused: 'notFound' };
  if (row.status === 'withdrawn') return { ok: false, refused: 'state' };
  if (row.status === 'published') {
    if (!(await hasSecondPerson(deps.db, user.organisationId))) return { ok: false, refused: 'noSecondPerson' };
    const waiting = await openAmendment(deps.db, id);
    return waiting ? saveWarning(deps, user, waiting, input) : proposeAmendment(deps, user, row, input);
  }
  const checked = await validate(deps, user.organisationId, input, await allowedHashes(deps.db, row.source_report_id, id, row.amends_id));
  if (!checked.ok) return checked;
  const v = checked.value;
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('warnings')
      .set({
        visibility: v.visibility,
        country_code: v.countryCode,
        area_id: v.areaId,
        incident_month: v.month,
        categories: v.categories.join(' '),
        body: sealBody(deps, id, v.texts, v.parts),
        version: Number(row.version) + 1,
        last_edited_by: user.id,
        updated_day: dayOf(deps.clock),
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConcurrentEdit();
    await writeIdentifiers(trx, id, v.identifiers);
    if (v.linkReportId) await linkReports(trx, id, [v.linkReportId]);
    await audit(deps, trx, user, 'warning_edited', id, { version: Number(row.version) + 1, identifiers: v.identifiers.length });
  });
  return { ok: true, id };
}

/** Makes the pending amendment of a published warning: a row of its own, with the reports and identifiers it would carry. */
async function proposeAmendment(deps: CoreDeps, user: StaffUser, published: WarningRow & { created_at: string }, input: WarningInput): Promise<SaveResult> {
  const checked = await validate(deps, user.organisationId, input, await allowedHashes(deps.db, published.source_report_id, published.id));
  if (!checked.ok) return checked;
  const v = checked.value;
  const id = asWarningId(randomId());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('warnings')
      .values({
        id,
        organisation_id: user.organisationId,
        source_report_id: published.source_report_id,
        status: 'pending',
        visibility: v.visibility,
        country_code: v.countryCode,
        area_id: v.areaId,
        incident_month: v.month,
        categories: v.categories.join(' '),
        body: sealBody(deps, id, v.texts, v.parts),
        version: Number(published.version) + 1,
        drafted_by: user.id,
        last_edited_by: user.id,
        approved_by: null,
        created_at: deps.clock.now().toISOString(),
        published_day: null,
        updated_day: dayOf(deps.clock),
        expires_on: null,
        withdrawn_day: null,
        withdrawn_reason: null,
        reports_count: null,
        amends_id: published.id,
      })
      .execute();
    await writeIdentifiers(trx, id, v.identifiers);
    // A report whose reporter asked that no one be warned from it is not carried over: once approved, it no longer counts.
    const links = await consentingLinks(trx, published.id);
    await linkReports(trx, id, [...links, ...(v.linkReportId ? [v.linkReportId] : [])]);
    await audit(deps, trx, user, 'warning_amended', published.id, { amendment: id, identifiers: v.identifiers.length });
  });
  return { ok: true, id };
}

/** Two caseworkers saved the same version at once; the second is asked to look again. */
export class ConcurrentEdit extends Error {
  readonly code = errorCode('PSL_ERR_WARNING_CHANGED');
}

export type StepResult =
  | { readonly ok: true; /** The warning the step ended on, when not the one it was asked of (an approved amendment). */ readonly id?: WarningId }
  | { readonly ok: false; readonly refused: 'notFound' | 'state' | 'ownDraft' | 'noSecondPerson' };

/** Asks a colleague to approve a draft; unavailable while the organisation has no second person to approve it. */
export async function submitForApproval(deps: CoreDeps, user: StaffUser, id: WarningId): Promise<StepResult> {
  if (!(await hasSecondPerson(deps.db, user.organisationId))) return { ok: false, refused: 'noSecondPerson' };
  return step(deps, user, id, ['draft'], { status: 'pending' }, 'warning_submitted');
}

/** Sends a pending warning back to draft. */
export async function returnToDraft(deps: CoreDeps, user: StaffUser, id: WarningId): Promise<StepResult> {
  return step(deps, user, id, ['pending'], { status: 'draft' }, 'warning_returned');
}

async function step(deps: CoreDeps, user: StaffUser, id: WarningId, from: WarningStatus[], set: { status: WarningStatus }, action: AuditAction): Promise<StepResult> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('warnings').set(set).where('id', '=', id).where('organisation_id', '=', user.organisationId).where('status', 'in', from).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, refused: (await ownRow(trx, user, id)) ? 'state' : 'notFound' } as const;
    await audit(deps, trx, user, action, id);
    return { ok: true } as const;
  });
}

/** True when the caseworker may approve: not the one who drafted it, nor the last to edit it. */
export function mayApprove(user: StaffUser, w: Pick<Warning, 'draftedBy' | 'lastEditedBy' | 'organisationId'>): boolean {
  return w.organisationId === user.organisationId && user.id !== w.draftedBy && user.id !== w.lastEditedBy;
}

/**
 * A second caseworker approves a pending warning: it is published until the
 * organisation's expiry (six months by default), with its count of reports
 * fixed, and delivery to members who asked for it is queued in the same
 * transaction. A pending amendment is approved the same way and then
 * replaces what the published warning says.
 */
export async function approve(deps: CoreDeps, user: StaffUser, id: WarningId, seenVersion?: number): Promise<StepResult> {
  const row = await ownRow(deps.db, user, id);
  if (!row) return { ok: false, refused: 'notFound' };
  // The approver approves the version they read: if someone saved another since, they must read it first.
  if (seenVersion !== undefined && Number(row.version) !== seenVersion) return { ok: false, refused: 'state' };
  if (!mayApprove(user, { draftedBy: row.drafted_by, lastEditedBy: row.last_edited_by, organisationId: row.organisation_id })) return { ok: false, refused: 'ownDraft' };
  if (row.amends_id) return approveAmendment(deps, user, row as WarningRow & { amends_id: WarningId });
  const settings = await safetySettings(deps.db, user.organisationId);
  const day = dayOf(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const reportsCount = await linkedConsentingReports(trx, id);
    const r = await trx
      .updateTable('warnings')
      .set({ status: 'published', approved_by: user.id, published_day: day, updated_day: day, expires_on: addMonths(day, settings.expiryMonths), reports_count: reportsCount })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('version', '=', row.version)
      .where('drafted_by', '!=', user.id)
      .where('last_edited_by', '!=', user.id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, refused: 'state' } as const;
    const queued = await enqueueDeliveries(trx, deps, { id, organisation_id: row.organisation_id, visibility: row.visibility, area_id: row.area_id, country_code: row.country_code });
    await audit(deps, trx, user, 'warning_approved', id, { version: Number(row.version), queued });
    return { ok: true } as const;
  });
}

/**
 * Applies an approved amendment to the published warning it amends: texts,
 * place, categories, visibility, identifiers and linked reports, and the
 * count fixed anew. The amendment row is consumed; the warning keeps its id,
 * publication day and expiry. Members who may see it only now (a wider
 * visibility or another area) are queued for delivery.
 */
async function approveAmendment(deps: CoreDeps, user: StaffUser, row: WarningRow & { amends_id: WarningId }): Promise<StepResult> {
  const day = dayOf(deps.clock);
  return deps.db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom('warnings').selectAll().where('id', '=', row.amends_id).where('organisation_id', '=', user.organisationId).where('status', '=', 'published').executeTakeFirst();
    if (!target) return { ok: false, refused: 'state' } as const;
    const identifiers = (await trx.selectFrom('warning_identifiers').select(['kind', 'hash']).where('warning_id', '=', row.id).execute()).filter((i): i is { kind: IdentifierKind; hash: string } =>
      isIdentifierKind(i.kind),
    );
    const links = (await trx.selectFrom('warning_reports').select('report_id').where('warning_id', '=', row.id).execute()).map((r) => r.report_id);
    const reportsCount = await linkedConsentingReports(trx, row.id);
    // Claim the amendment as read: the version approved, and never by its author or last editor.
    const claimed = await trx
      .deleteFrom('warnings')
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('version', '=', row.version)
      .where('drafted_by', '!=', user.id)
      .where('last_edited_by', '!=', user.id)
      .executeTakeFirst();
    if (Number(claimed.numDeletedRows) !== 1) return { ok: false, refused: 'state' } as const;
    const { texts, parts } = openBody(deps, row);
    const version = Number(target.version) + 1;
    const r = await trx
      .updateTable('warnings')
      .set({
        visibility: row.visibility,
        country_code: row.country_code,
        area_id: row.area_id,
        incident_month: row.incident_month,
        categories: row.categories,
        body: sealBody(deps, target.id, texts, parts),
        version,
        last_edited_by: row.last_edited_by,
        approved_by: user.id,
        updated_day: day,
        reports_count: reportsCount,
      })
      .where('id', '=', target.id)
      .where('status', '=', 'published')
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ConcurrentEdit();
    await writeIdentifiers(trx, target.id, identifiers);
    await trx.deleteFrom('warning_reports').where('warning_id', '=', target.id).execute();
    await linkReports(trx, target.id, links);
    const queued = await enqueueDeliveries(trx, deps, { id: target.id, organisation_id: target.organisation_id, visibility: row.visibility, area_id: row.area_id, country_code: row.country_code });
    await audit(deps, trx, user, 'warning_approved', target.id, { version, amendment: row.id, queued });
    return { ok: true, id: target.id } as const;
  });
}

/** Withdraws a warning: gone at once from lists, checks and feeds; queued deliveries are cancelled, a waiting amendment dropped. */
export async function withdraw(deps: CoreDeps, user: StaffUser, id: WarningId, reason: WithdrawReason): Promise<StepResult> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('warnings')
      .set({ status: 'withdrawn', withdrawn_day: dayOf(deps.clock), withdrawn_reason: reason, updated_day: dayOf(deps.clock) })
      .where('id', '=', id)
      .where('organisation_id', '=', user.organisationId)
      .where('status', '!=', 'withdrawn')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, refused: (await ownRow(trx, user, id)) ? 'state' : 'notFound' } as const;
    await trx.updateTable('warning_deliveries').set({ status: 'cancelled', lease_owner: null, lease_until: null }).where('warning_id', '=', id).where('status', '=', 'pending').execute();
    await trx.deleteFrom('warnings').where('amends_id', '=', id).where('status', 'in', ['draft', 'pending']).execute();
    await audit(deps, trx, user, 'warning_withdrawn', id, { reason });
    return { ok: true } as const;
  });
}

/** Extends a published warning (also one that has just expired) by the organisation's expiry period from today. */
export async function renew(deps: CoreDeps, user: StaffUser, id: WarningId): Promise<StepResult> {
  const settings = await safetySettings(deps.db, user.organisationId);
  const day = dayOf(deps.clock);
  const expires = addMonths(day, settings.expiryMonths);
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('warnings')
      .set({ expires_on: expires })
      .where('id', '=', id)
      .where('organisation_id', '=', user.organisationId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, refused: (await ownRow(trx, user, id)) ? 'state' : 'notFound' } as const;
    await audit(deps, trx, user, 'warning_renewed', id, { until: expires });
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------- reading (staff)

async function kindsOf(db: Db, ids: readonly WarningId[]): Promise<Map<WarningId, IdentifierKind[]>> {
  const out = new Map<WarningId, IdentifierKind[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('warning_identifiers')
    .select(['warning_id', 'kind'])
    .where('warning_id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    if (!isIdentifierKind(r.kind)) continue;
    const list = out.get(r.warning_id) ?? [];
    list.push(r.kind);
    out.set(r.warning_id, list);
  }
  return out;
}

/** One of the organisation's warnings, for its staff. */
export async function staffWarning(deps: CoreDeps, user: StaffUser, id: WarningId): Promise<Warning | null> {
  const row = await ownRow(deps.db, user, id);
  if (!row) return null;
  return toWarning(deps, row, dayOf(deps.clock), (await kindsOf(deps.db, [id])).get(id) ?? []);
}

/** The hashes on a warning with their kinds (for the edit form: they are kept unless unticked). */
export async function warningIdentifierValues(db: Db, id: WarningId): Promise<string[]> {
  const rows = await db.selectFrom('warning_identifiers').select(['kind', 'hash']).where('warning_id', '=', id).orderBy('kind').orderBy('hash').execute();
  return rows.map((r) => `${r.kind}:${r.hash}`);
}

/** The organisation's warnings, newest first, at most `limit` per status. */
export async function staffWarnings(deps: CoreDeps, user: StaffUser, limit = 100): Promise<Warning[]> {
  const rows = await deps.db
    .selectFrom('warnings')
    .selectAll()
    .where('organisation_id', '=', user.organisationId)
    .orderBy('updated_day', 'desc')
    .orderBy('id')
    .limit(limit * 4)
    .execute();
  const kinds = await kindsOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const today = dayOf(deps.clock);
  return rows.map((r) => toWarning(deps, r, today, kinds.get(r.id) ?? []));
}

/**
 * How many reports a warning rests on: the reports a caseworker linked to it,
 * of its own organisation, whose reporters agreed that others may be
 * warned, not merged into another and not spam. Only approval reads this
 * (and staff, for what approval would fix): readers are shown the count
 * fixed then, never a live count that a later report could move.
 */
export async function linkedConsentingReports(db: Db, warningId: WarningId): Promise<number> {
  const row = await db
    .selectFrom('warning_reports')
    .innerJoin('warnings', 'warnings.id', 'warning_reports.warning_id')
    .innerJoin('reports', 'reports.id', 'warning_reports.report_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('warning_reports.warning_id', '=', warningId)
    .whereRef('reports.organisation_id', '=', 'warnings.organisation_id')
    .where('reports.warn_others', '=', 1)
    .where('reports.merged_into', 'is', null)
    .where((eb) => eb.or([eb('reports.is_spam', 'is', null), eb('reports.is_spam', '=', 0)]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------- delivery queue

/**
 * Queues one delivery per member and channel (and per device for Web Push)
 * for the members who follow the warning's area (or, for a warning without
 * an area, any area of its country), may see it, and asked to be told. The
 * unique key on (warning, member, channel, device) makes a second queueing a
 * no-op, so a warning is never delivered twice to the same place.
 */
export async function enqueueDeliveries(
  db: Db,
  deps: Pick<CoreDeps, 'clock'>,
  w: { id: WarningId; organisation_id: OrganisationId; visibility: string; area_id: string | null; country_code: string },
): Promise<number> {
  let members = db
    .selectFrom('members')
    .select(['members.id', 'members.notify_email', 'members.email'])
    .where('members.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('member_areas')
          .innerJoin('areas', 'areas.id', 'member_areas.area_id')
          .select('member_areas.area_id')
          .whereRef('member_areas.member_id', '=', 'members.id')
          .$if(w.area_id !== null, (q) => q.where('member_areas.area_id', '=', w.area_id!))
          .$if(w.area_id === null, (q) => q.where('areas.country_code', '=', w.country_code)),
      ),
    );
  if (w.visibility === 'organisation') members = members.where('members.organisation_id', '=', w.organisation_id);
  const rows = await members.execute();
  if (rows.length === 0) return 0;
  const now = deps.clock.now().toISOString();
  const values: Array<Insertable<Database['warning_deliveries']>> = [];
  const base = { warning_id: w.id, status: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null, last_error: null, sent_at: null, created_at: now };
  for (const m of rows) if (Number(m.notify_email) === 1 && m.email) values.push({ ...base, id: randomId(), member_id: m.id, channel: 'email', target_id: '' });
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const subs = await db
      .selectFrom('push_subscriptions')
      .select(['id', 'member_id'])
      .where('member_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const s of subs) values.push({ ...base, id: randomId(), member_id: s.member_id, channel: 'push', target_id: s.id });
  }
  for (let i = 0; i < values.length; i += 200) {
    await db
      .insertInto('warning_deliveries')
      .values(values.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['warning_id', 'member_id', 'channel', 'target_id']).doNothing())
      .execute();
  }
  return values.length;
}

/** The SQL condition "published and not expired" (today's day as text: days compare as strings). */
export function activeOn(today: string) {
  return sql<boolean>`status = 'published' and expires_on >= ${today}`;
}

/**
 * The warnings among `ids` flagged for review: they rest on a report whose
 * reporter later asked that no one be warned from it. A published one keeps
 * its count until an amendment (which leaves that report out) is approved.
 */
export async function flaggedForReview(db: Db, ids: readonly WarningId[]): Promise<ReadonlySet<WarningId>> {
  return warningsOnWithdrawnReports(db, ids);
}
