/**
 * What members (and, for public warnings, anyone) may read: active warnings
 * only, that is published and not past their expiry day. Withdrawn and
 * expired warnings disappear from every list, check and feed at once,
 * because every query here carries that condition; no job has to run first.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { isCategory, isIdentifierKind, type IdentifierKind } from '../taxonomy/taxonomy.js';
import { toWarning, type Warning } from './warnings.service.js';
import type { MemberId, OrganisationId, WarningId } from '../shared/ids.js';

/** Who is reading: a logged-in member, or null for an anonymous visitor (public warnings only). */
export interface Viewer {
  readonly memberId: MemberId;
  readonly organisationId: OrganisationId;
}

export const LIST_PAGE_SIZE = 20;

type WarningQuery = SelectQueryBuilder<Database, 'warnings', object>;

/**
 * Restricts a query on warnings to those active today and visible to the viewer. `byKey`: the query already
 * names its warnings by primary key, and the status is compared as an expression (`status || ''`), which no
 * index serves, so that the planner reads those warnings by key instead of walking the (status, expiry) index
 * over every active warning; SQLite, without statistics, prefers that index otherwise.
 */
export function visible(q: WarningQuery, viewer: Viewer | null, today: string, opts: { byKey?: boolean } = {}): WarningQuery {
  const status = opts.byKey ? sql<string>`warnings.status || ''` : sql.ref<string>('warnings.status');
  let out = q.where(status, '=', 'published').where('warnings.expires_on', '>=', today);
  if (!viewer) return out.where('warnings.visibility', '=', 'public');
  out = out.where((eb) =>
    eb.or([eb('warnings.visibility', 'in', ['public', 'network']), eb.and([eb('warnings.visibility', '=', 'organisation'), eb('warnings.organisation_id', '=', viewer.organisationId)])]),
  );
  return out;
}

export interface ListFilter {
  /** One area; absent: the member's own areas (anonymous visitors: everywhere). */
  readonly areaId?: string | undefined;
  readonly category?: string | undefined;
  readonly page?: number | undefined;
}

export interface WarningList {
  readonly warnings: readonly Warning[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

/** Active warnings the viewer may see, newest first, for their areas or the chosen one, filtered by category. */
export async function listWarnings(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, viewer: Viewer | null, filter: ListFilter, pageSize = LIST_PAGE_SIZE): Promise<WarningList> {
  const db = deps.db;
  const today = dayOf(deps.clock);
  let q = visible(db.selectFrom('warnings'), viewer, today);
  if (filter.areaId) q = q.where('warnings.area_id', '=', filter.areaId);
  else if (viewer) {
    const mine = db.selectFrom('member_areas').select('area_id').where('member_id', '=', viewer.memberId);
    const countries = db.selectFrom('member_areas').innerJoin('areas', 'areas.id', 'member_areas.area_id').select('areas.country_code').where('member_areas.member_id', '=', viewer.memberId);
    // A warning for "elsewhere in a country" reaches everyone who follows an area of that country.
    q = q.where((eb) => eb.or([eb('warnings.area_id', 'in', mine), eb.and([eb('warnings.area_id', 'is', null), eb('warnings.country_code', 'in', countries)])]));
  }
  if (filter.category && isCategory(filter.category)) q = q.where(sql<string>`' ' || warnings.categories || ' '`, 'like', `% ${filter.category} %`);
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = await q
    .selectAll('warnings')
    .orderBy('warnings.published_day', 'desc')
    .orderBy('warnings.updated_day', 'desc')
    .orderBy('warnings.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const kinds = await kindsFor(
    db,
    rows.map((r) => r.id),
  );
  return { warnings: rows.map((r) => toWarning(deps, r, today, kinds.get(r.id) ?? [])), total, page, pages };
}

async function kindsFor(db: Db, ids: readonly WarningId[]): Promise<Map<WarningId, IdentifierKind[]>> {
  const out = new Map<WarningId, IdentifierKind[]>();
  if (ids.length === 0) return out;
  for (const r of await db
    .selectFrom('warning_identifiers')
    .select(['warning_id', 'kind'])
    .where('warning_id', 'in', [...ids])
    .execute()) {
    if (!isIdentifierKind(r.kind)) continue;
    out.set(r.warning_id, [...(out.get(r.warning_id) ?? []), r.kind]);
  }
  return out;
}

/** One warning, if it is active and the viewer may see it. */
export async function readWarning(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, viewer: Viewer | null, id: WarningId): Promise<Warning | null> {
  const today = dayOf(deps.clock);
  const row = await visible(deps.db.selectFrom('warnings'), viewer, today).selectAll('warnings').where('warnings.id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toWarning(deps, row, today, (await kindsFor(deps.db, [id])).get(id) ?? []);
}

/** Warning ids looked up per check: the lookup always asks for this many, padded with ids that match nothing. */
export const CHECK_SLOTS = 32;

/** The ids of warnings carrying a hash: answered from the (hash, warning_id) index alone, without reading the table. */
export function warningIdsWithHash(db: Pick<CoreDeps, 'db'>['db'], hash: string) {
  return db.selectFrom('warning_identifiers').select('warning_id').where('hash', '=', hash).limit(200);
}

/** An id no warning has (warning ids are 32 hex digits): pads a lookup to its fixed size. Typed as a warning id only to fill a slot of one. */
const NO_WARNING = 'none' as WarningId;

/**
 * Active warnings visible to the viewer that carry the identifier hash,
 * newest first. Two steps: the hash's own index finds the warnings that
 * carry it, and those are then checked for visibility by primary key (see
 * `visible`'s `byKey`: otherwise SQLite's planner prefers the status index
 * and walks every published warning).
 *
 * The second step always runs, with exactly CHECK_SLOTS ids (padded with an
 * id that matches nothing), whether the hash is on no warning, on a draft, a
 * withdrawn warning or another organisation's, or on one the viewer may see:
 * stopping early when the hash is on no warning would tell, by the time the
 * answer takes, that someone is writing a warning about it or that a warning
 * the checker cannot see carries it. Only a hash on more than CHECK_SLOTS
 * warnings takes a further lookup.
 */
export async function warningsWithHash(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, viewer: Viewer, hash: string): Promise<Warning[]> {
  const ids = (await warningIdsWithHash(deps.db, hash).execute()).map((r) => r.warning_id);
  const today = dayOf(deps.clock);
  const rows = [];
  for (let i = 0; i === 0 || i < ids.length; i += CHECK_SLOTS) {
    const slots = ids.slice(i, i + CHECK_SLOTS);
    while (slots.length < CHECK_SLOTS) slots.push(NO_WARNING);
    // By primary key (a derived table did the same at twice the cost a check). Same rows, same statements
    // whatever the hash is on.
    rows.push(
      ...(await visible(deps.db.selectFrom('warnings').where('warnings.id', 'in', slots), viewer, today, { byKey: true })
        .selectAll('warnings')
        .execute()),
    );
  }
  rows.sort((a, b) => (a.published_day === b.published_day ? (a.id < b.id ? -1 : 1) : (a.published_day ?? '') < (b.published_day ?? '') ? 1 : -1));
  return rows.slice(0, 20).map((r) => toWarning(deps, r, today));
}
