/**
 * The operations log: police and immigration operations and what came of
 * them, recorded by monitors. The structured record is the organisation's
 * evidence and may be published; the notes are encrypted under the
 * organisation's monitoring key (context: the operation id, so a note moved
 * to another row does not decrypt). Every change, every read of notes and
 * every export is audit-logged in the same transaction.
 */
import { ciphertextFromBytes, decryptJson, encryptJson, randomId, type ContentKey } from '../../crypto/index.js';
import type { OperationsTable } from '../../db/tables/monitoring.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { markStatisticsStale } from '../statistics/release-state.js';
import type { MonitoringKey } from './monitoring-key.js';
import {
  AGENCIES,
  dateParts,
  FIGURES,
  HARMS,
  PURPOSES,
  SOURCE_TYPES,
  type Agency,
  type Figure,
  type Harm,
  type Operation,
  type OperationInput,
  type Purpose,
  type Source,
} from './operations.types.js';
import type { OrganisationId } from '../shared/ids.js';

const notesContext = (id: string) => `operation:${id}:notes`;

function parseSources(json: string): Source[] {
  try {
    const raw = JSON.parse(json) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
      .filter((s) => (SOURCE_TYPES as readonly string[]).includes(String(s.type)))
      .map((s) => ({ type: s.type as Source['type'], title: String(s.title ?? ''), url: /^https:\/\//i.test(String(s.url ?? '')) ? String(s.url) : '' }));
  } catch {
    return [];
  }
}

const codes = <T extends string>(list: readonly T[], raw: string): T[] => raw.split(' ').filter((x): x is T => (list as readonly string[]).includes(x));

export function toOperation(r: Pick<OperationsTable, Exclude<keyof OperationsTable, 'notes_key_id'>> & { notes?: Buffer | null }): Operation {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    date: r.op_date,
    year: Number(r.year),
    month: r.month,
    countryCode: r.country_code,
    city: r.city ?? '',
    agencies: codes<Agency>(AGENCIES, r.agencies),
    purpose: ((PURPOSES as readonly string[]).includes(r.purpose) ? r.purpose : 'other') as Purpose,
    figures: Object.fromEntries(FIGURES.map((f) => [f, r[f] === null || r[f] === undefined ? null : Number(r[f])])) as Record<Figure, number | null>,
    harms: codes<Harm>(HARMS, r.harms),
    sources: parseSources(r.sources),
    published: r.published === 1,
    hasNotes: r.notes !== null && r.notes !== undefined,
    createdDay: r.created_day,
    updatedDay: r.updated_day,
  };
}

function columns(input: OperationInput) {
  const { year, month } = dateParts(input.date);
  return {
    op_date: input.date,
    year,
    month,
    country_code: input.countryCode,
    city: input.city || null,
    agencies: input.agencies.join(' '),
    purpose: input.purpose,
    ...input.figures,
    harms: input.harms.join(' '),
    sources: JSON.stringify(input.sources),
    published: input.published ? 1 : 0,
  };
}

function sealNotes(key: MonitoringKey, id: string, notes: string): { notes: Buffer | null; notes_key_id: string | null } {
  if (!notes) return { notes: null, notes_key_id: null };
  if (key.kind !== 'ok') throw new Error('notes need the monitoring key');
  return { notes: encryptJson(key.key, { text: notes }, notesContext(id)), notes_key_id: key.id };
}

/** The stored row of a new operation (notes sealed under the monitoring key). */
export function operationRow(id: string, organisationId: OrganisationId, key: MonitoringKey, input: OperationInput, day: string) {
  return { id, organisation_id: organisationId, ...columns(input), ...sealNotes(key, id, input.notes), created_day: day, updated_day: day };
}

/** Records an operation; returns its id. */
export async function createOperation(deps: CoreDeps, user: StaffUser, key: MonitoringKey, input: OperationInput, db: Db = deps.db): Promise<string> {
  const id = randomId();
  const day = dayOf(deps.clock);
  const run = async (trx: Db) => {
    await trx
      .insertInto('operations')
      .values(operationRow(id, user.organisationId, key, input, day))
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'operation_created', subjectType: 'operation', subjectId: id });
    if (input.published) await markStatisticsStale(trx);
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
  return id;
}

/**
 * Changes an operation. `keepNotes`: the editor could not open the notes
 * (no monitoring key yet), so the stored notes stay as they are.
 */
export async function updateOperation(deps: CoreDeps, user: StaffUser, key: MonitoringKey, id: string, input: OperationInput, keepNotes: boolean): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('operations').select(['id', 'published']).where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    if (!existing) return false;
    await trx
      .updateTable('operations')
      .set({ ...columns(input), ...(keepNotes ? {} : sealNotes(key, id, input.notes)), updated_day: dayOf(deps.clock) })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'operation_updated', subjectType: 'operation', subjectId: id });
    if (input.published || existing.published === 1) await markStatisticsStale(trx);
    return true;
  });
}

export async function deleteOperation(deps: CoreDeps, user: StaffUser, id: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('operations').select(['id', 'published']).where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
    if (!existing) return false;
    await trx.deleteFrom('operations').where('id', '=', id).execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'operation_deleted', subjectType: 'operation', subjectId: id });
    if (existing.published === 1) await markStatisticsStale(trx);
    return true;
  });
}

/** One operation of the organisation, without its notes. */
export async function findOperation(db: Db, user: StaffUser, id: string): Promise<Operation | undefined> {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const r = await db.selectFrom('operations').selectAll().where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
  return r ? toOperation(r) : undefined;
}

export type NotesRead = { readonly kind: 'none' } | { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'no-access' };

/** Decrypts an operation's notes for a staff member and logs the read. */
export async function readNotes(deps: CoreDeps, user: StaffUser, key: MonitoringKey, id: string): Promise<NotesRead> {
  const r = await deps.db.selectFrom('operations').select(['notes']).where('id', '=', id).where('organisation_id', '=', user.organisationId).executeTakeFirst();
  if (!r || r.notes === null) return { kind: 'none' };
  if (key.kind !== 'ok') return { kind: 'no-access' };
  const text = decryptJson<{ text: string }>(key.key, ciphertextFromBytes(Buffer.from(r.notes)), notesContext(id)).text;
  await appendAudit(deps.db, deps.secrets, deps.clock, { organisationId: user.organisationId, actorUserId: user.id, action: 'operation_read', subjectType: 'operation', subjectId: id });
  return { kind: 'ok', text };
}

export interface OperationFilter {
  readonly country?: string;
  readonly year?: number;
  readonly fromYear?: number;
  readonly toYear?: number;
  readonly page?: number;
  readonly pageSize?: number;
}

export const OPERATIONS_PAGE_SIZE = 50;

export interface OperationList {
  readonly rows: readonly Operation[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

async function listWhere(db: Db, scope: { organisationId?: OrganisationId; publishedOnly?: boolean }, filter: OperationFilter): Promise<OperationList> {
  let q = db.selectFrom('operations');
  if (scope.organisationId) q = q.where('organisation_id', '=', scope.organisationId);
  if (scope.publishedOnly) q = q.where('published', '=', 1);
  if (filter.country) q = q.where('country_code', '=', filter.country);
  if (filter.year) q = q.where('year', '=', filter.year);
  if (filter.fromYear) q = q.where('year', '>=', filter.fromYear);
  if (filter.toYear) q = q.where('year', '<=', filter.toYear);
  const size = filter.pageSize ?? OPERATIONS_PAGE_SIZE;
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = await q
    .select(['id', 'organisation_id', 'op_date', 'year', 'month', 'country_code', 'city', 'agencies', 'purpose', ...FIGURES, 'harms', 'sources', 'published', 'created_day', 'updated_day'])
    .select((eb) => eb.case().when('notes', 'is', null).then(0).else(1).end().as('has_notes'))
    .orderBy('op_date', 'desc')
    .orderBy('id')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  return { rows: rows.map((r) => ({ ...toOperation({ ...r, notes: null }), hasNotes: Number(r.has_notes) === 1 })), total, page, pages };
}

/** The organisation's operations, newest first, a page at a time. */
export function listOperations(db: Db, user: StaffUser, filter: OperationFilter): Promise<OperationList> {
  return listWhere(db, { organisationId: user.organisationId }, filter);
}

/** Operations published by any organisation (public pages and open data), newest first. */
export function listPublishedOperations(db: Db, filter: OperationFilter): Promise<OperationList> {
  return listWhere(db, { publishedOnly: true }, filter);
}

/** Every published operation (open data), newest first. */
export async function allPublishedOperations(db: Db): Promise<Operation[]> {
  const rows = await db
    .selectFrom('operations')
    .select(['id', 'organisation_id', 'op_date', 'year', 'month', 'country_code', 'city', 'agencies', 'purpose', ...FIGURES, 'harms', 'sources', 'published', 'created_day', 'updated_day'])
    .where('published', '=', 1)
    .orderBy('op_date', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => toOperation({ ...r, notes: null }));
}

/** Sums of published operations by country and year: the figures and the ratios people ask about. */
export interface OperationTotals {
  readonly country: string;
  readonly year: number;
  readonly operations: number;
  /** Sum of each figure over operations where it is known, and how many operations that is. */
  readonly sums: Readonly<Record<Figure, { readonly sum: number; readonly known: number }>>;
  /** Victims of trafficking identified and people arrested, over operations where both are known. */
  readonly victimsPerArrested: { readonly victims: number; readonly arrested: number; readonly operations: number };
}

export async function operationTotals(db: Db, filter: { country?: string; year?: number; fromYear?: number; toYear?: number } = {}): Promise<OperationTotals[]> {
  let q = db.selectFrom('operations').where('published', '=', 1);
  if (filter.country) q = q.where('country_code', '=', filter.country);
  if (filter.year) q = q.where('year', '=', filter.year);
  if (filter.fromYear) q = q.where('year', '>=', filter.fromYear);
  if (filter.toYear) q = q.where('year', '<=', filter.toYear);
  const rows = await q
    .select((eb) => [
      'country_code',
      'year',
      eb.fn.countAll<number>().as('operations'),
      ...FIGURES.flatMap((f) => [eb.fn.sum<number>(f).as(`sum_${f}`), eb.fn.count<number>(f).as(`known_${f}`)]),
      eb.fn.sum<number>(eb.case().when('victims_identified', 'is not', null).then(eb.ref('arrested')).else(null).end()).as('pair_arrested'),
      eb.fn.sum<number>(eb.case().when('arrested', 'is not', null).then(eb.ref('victims_identified')).else(null).end()).as('pair_victims'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('arrested', 'is not', null), eb('victims_identified', 'is not', null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('pair_ops'),
    ])
    .groupBy(['country_code', 'year'])
    .orderBy('country_code')
    .orderBy('year')
    .execute();
  return rows.map((r) => {
    const rec = r as unknown as Record<string, unknown>;
    return {
      country: r.country_code,
      year: Number(r.year),
      operations: Number(r.operations),
      sums: Object.fromEntries(FIGURES.map((f) => [f, { sum: Number(rec[`sum_${f}`] ?? 0), known: Number(rec[`known_${f}`] ?? 0) }])) as Record<Figure, { sum: number; known: number }>,
      victimsPerArrested: { victims: Number(rec.pair_victims ?? 0), arrested: Number(rec.pair_arrested ?? 0), operations: Number(rec.pair_ops ?? 0) },
    };
  });
}

/** Notes of many operations at once (export), decrypted under the monitoring key. */
export function decryptNotes(key: ContentKey, id: string, notes: Buffer): string {
  return decryptJson<{ text: string }>(key, ciphertextFromBytes(Buffer.from(notes)), notesContext(id)).text;
}

/** Countries and years that have published operations (for the filters). */
export async function publishedOperationFacets(db: Db): Promise<{ countries: string[]; years: number[] }> {
  const countries = await db.selectFrom('operations').select('country_code').where('published', '=', 1).groupBy('country_code').orderBy('country_code').execute();
  const years = await db.selectFrom('operations').select('year').where('published', '=', 1).groupBy('year').orderBy('year').execute();
  return { countries: countries.map((c) => c.country_code), years: years.map((y) => Number(y.year)) };
}
