/** Organisations, the areas they cover, and their caseworkers' public keys. */
import { publicKeyFromBytes, type PublicKey } from '../../crypto/index.js';
import type { Insertable } from 'kysely';
import type { Area, Organisation, OrganisationsTable } from '../../db/schema.js';
import type { Db } from '../shared/deps.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

/** The row types surfaces render. */
export type { Area, Organisation };

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute();
}

export async function findOrganisation(db: Db, id: OrganisationId): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDefaultOrganisation(db: Db): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('is_default', '=', 1).orderBy('id').executeTakeFirst();
}

/** Every area that at least one organisation covers, by country then name. */
export async function listCoveredAreas(db: Db): Promise<Area[]> {
  return db.selectFrom('areas').selectAll().where('id', 'in', db.selectFrom('organisation_areas').select('area_id')).orderBy('country_code').orderBy('name').execute();
}

const COVERED_TTL_MS = 10_000;
let coverageVersion = 0;
const coveredCache = new WeakMap<object, { readonly version: number; readonly until: number; readonly areas: Promise<Area[]> }>();

/**
 * The covered areas as the reporter and member pages show them: kept for up
 * to ten seconds per database handle, since every report form needs them and
 * coverage changes a few times a year. A change made through this instance
 * (`coverageChanged`) shows at once; one made through another instance,
 * within ten seconds. Submission itself always routes against the database.
 */
export function coveredAreas(db: Db): Promise<Area[]> {
  const hit = coveredCache.get(db);
  if (hit && hit.version === coverageVersion && hit.until > Date.now()) return hit.areas;
  const areas = listCoveredAreas(db);
  coveredCache.set(db, { version: coverageVersion, until: Date.now() + COVERED_TTL_MS, areas });
  areas.catch(() => coveredCache.delete(db));
  return areas;
}

/** Call once a change to coverage is committed, so that this instance's pages show it at once. */
export function coverageChanged(): void {
  coverageVersion++;
}

/** The areas one organisation covers. */
export async function organisationAreas(db: Db, organisationId: OrganisationId): Promise<Area[]> {
  return db
    .selectFrom('areas')
    .innerJoin('organisation_areas', 'organisation_areas.area_id', 'areas.id')
    .selectAll('areas')
    .where('organisation_areas.organisation_id', '=', organisationId)
    .orderBy('areas.country_code')
    .orderBy('areas.name')
    .execute();
}

export async function findArea(db: Db, id: string): Promise<Area | undefined> {
  return db.selectFrom('areas').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every known area, by country then name. */
export async function listAllAreas(db: Db): Promise<Area[]> {
  return db.selectFrom('areas').selectAll().orderBy('country_code').orderBy('name').execute();
}

/** The display names of an organisation's staff, by user id. */
export async function staffNames(db: Db, organisationId: OrganisationId): Promise<Map<UserId, string>> {
  const users = await db.selectFrom('users').select(['id', 'display_name']).where('organisation_id', '=', organisationId).execute();
  return new Map(users.map((u) => [u.id, u.display_name]));
}

/** The organisations whose coverage includes the area. */
export async function organisationsCoveringArea(db: Db, areaId: string): Promise<Organisation[]> {
  return db
    .selectFrom('organisations')
    .innerJoin('organisation_areas', 'organisation_areas.organisation_id', 'organisations.id')
    .selectAll('organisations')
    .where('organisation_areas.area_id', '=', areaId)
    .orderBy('organisations.name')
    .execute();
}

export interface Recipient {
  readonly id: UserId;
  readonly role: string;
  readonly publicKey: PublicKey;
}

/** The active caseworkers of an organisation who receive newly sealed content keys. */
export async function recipientsOf(db: Db, organisationId: OrganisationId): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role', 'public_key'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', 1)
    .where('role', 'in', ['caseworker', 'admin', 'custodian'])
    .execute();
  return rows.map((r) => ({ id: r.id, role: r.role, publicKey: publicKeyFromBytes(Buffer.from(r.public_key)) }));
}

export async function insertOrganisation(db: Db, org: Insertable<OrganisationsTable>): Promise<void> {
  await db.insertInto('organisations').values(org).execute();
}

export async function upsertArea(db: Db, area: Area): Promise<void> {
  const existing = await findArea(db, area.id);
  if (!existing) await db.insertInto('areas').values(area).execute();
}

export async function addCoverage(db: Db, organisationId: OrganisationId, areaId: string): Promise<void> {
  const existing = await db.selectFrom('organisation_areas').select('area_id').where('organisation_id', '=', organisationId).where('area_id', '=', areaId).executeTakeFirst();
  if (!existing) await db.insertInto('organisation_areas').values({ organisation_id: organisationId, area_id: areaId }).execute();
}

export async function removeCoverage(db: Db, organisationId: OrganisationId, areaId: string): Promise<void> {
  await db.deleteFrom('organisation_areas').where('organisation_id', '=', organisationId).where('area_id', '=', areaId).execute();
}

export async function setRetentionDays(db: Db, organisationId: OrganisationId, days: number): Promise<void> {
  await db.updateTable('organisations').set({ retention_days: days }).where('id', '=', organisationId).execute();
}

/** The names of the organisations made by `parasol demo` (none on a real installation). */
export async function demoOrganisationNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('name').where('demo', '=', 1).orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** Every area, by country then name. */
export async function listAreas(db: Db): Promise<Area[]> {
  return db.selectFrom('areas').selectAll().orderBy('country_code').orderBy('name').execute();
}

/** The names of the areas asked for (every area when no ids are given), by id. */
export async function areaNames(db: Db, ids?: readonly string[]): Promise<Map<string, string>> {
  if (ids && !ids.length) return new Map();
  let q = db.selectFrom('areas').select(['id', 'name']);
  if (ids) q = q.where('id', 'in', ids);
  return new Map((await q.execute()).map((a) => [a.id, a.name]));
}
