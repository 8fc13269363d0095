/** Country profiles: row mappers, reads and writes. */
import type { Selectable } from 'kysely';
import type { CountryProfilesTable } from '../../db/tables/services-rights.js';
import type { Db } from '../shared/deps.js';
import type { CountryProfile } from './legal-models.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

export type ProfileRow = Selectable<CountryProfilesTable>;

export function toProfile(r: ProfileRow): CountryProfile {
  return {
    code: r.code,
    iso2: r.iso2,
    subdivisionCode: r.subdivision_code,
    name: r.name,
    legalModel: r.legal_model as CountryProfile['legalModel'],
    year: r.year_current_model === null ? null : Number(r.year_current_model),
    yearBasis: r.year_basis,
    selling: r.selling_offence as CountryProfile['selling'],
    sellingAdmin: r.selling_admin_offence as CountryProfile['sellingAdmin'],
    buying: r.buying_offence as CountryProfile['buying'],
    thirdParties: r.third_parties as CountryProfile['thirdParties'],
    migrantRule: r.migrant_rule as CountryProfile['migrantRule'],
    migrantNotes: r.migrant_notes,
    notes: r.notes,
    sources: r.sources.split('\n').filter(Boolean),
    confidence: r.confidence as CountryProfile['confidence'],
    confidenceReason: r.confidence_reason,
    latestSourceYear: r.latest_source_year === null ? null : Number(r.latest_source_year),
    safeReporting: r.safe_reporting,
    reviewedDay: r.reviewed_day,
    edited: Number(r.edited) === 1,
    changedByOrganisation: r.changed_by_organisation,
    changedDay: r.changed_day,
  };
}

function columns(p: Omit<CountryProfile, 'code' | 'reviewedDay' | 'edited' | 'changedByOrganisation' | 'changedDay'>) {
  return {
    iso2: p.iso2,
    subdivision_code: p.subdivisionCode,
    name: p.name,
    legal_model: p.legalModel,
    year_current_model: p.year,
    year_basis: p.yearBasis,
    selling_offence: p.selling,
    selling_admin_offence: p.sellingAdmin,
    buying_offence: p.buying,
    third_parties: p.thirdParties,
    migrant_rule: p.migrantRule,
    migrant_notes: p.migrantNotes,
    notes: p.notes,
    sources: p.sources.join('\n'),
    confidence: p.confidence,
    confidence_reason: p.confidenceReason,
    latest_source_year: p.latestSourceYear,
    safe_reporting: p.safeReporting,
  };
}

/** Every profile, by code. */
export async function listProfiles(db: Db): Promise<CountryProfile[]> {
  const rows = await db.selectFrom('country_profiles').selectAll().orderBy('code').execute();
  return rows.map(toProfile);
}

export async function findProfile(db: Db, code: string): Promise<CountryProfile | undefined> {
  const row = await db.selectFrom('country_profiles').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toProfile(row) : undefined;
}

/** Profiles of the parts of a country (GB: England and Wales, Scotland, Northern Ireland). */
export async function profilesOfCountry(db: Db, iso2: string): Promise<CountryProfile[]> {
  const rows = await db.selectFrom('country_profiles').selectAll().where('iso2', '=', iso2).orderBy('code').execute();
  return rows.map(toProfile);
}

export async function countProfiles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('country_profiles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Inserts or replaces a profile from an import (not marked as edited). */
export async function upsertImportedProfile(db: Db, p: Omit<CountryProfile, 'reviewedDay' | 'edited'>, day: string): Promise<'inserted' | 'updated'> {
  const existing = await db.selectFrom('country_profiles').select('code').where('code', '=', p.code).executeTakeFirst();
  if (existing) {
    await db
      .updateTable('country_profiles')
      .set({ ...columns(p), reviewed_day: day, edited: 0, updated_by: null, changed_by_organisation: null, changed_day: null })
      .where('code', '=', p.code)
      .execute();
    return 'updated';
  }
  await db
    .insertInto('country_profiles')
    .values({ code: p.code, ...columns(p), reviewed_day: day, edited: 0, updated_by: null, changed_by_organisation: null, changed_day: null })
    .execute();
  return 'inserted';
}

/**
 * Publishes a change that a second network editor approved (its code does not
 * change): marks it reviewed today and edited, and records the proposing
 * editor's organisation and the day, which every profile page shows.
 */
export async function saveApprovedProfile(
  db: Db,
  code: string,
  p: Omit<CountryProfile, 'code' | 'reviewedDay' | 'edited' | 'changedByOrganisation' | 'changedDay'>,
  day: string,
  userId: UserId,
  organisationId: OrganisationId,
): Promise<boolean> {
  const r = await db
    .updateTable('country_profiles')
    .set({ ...columns(p), reviewed_day: day, edited: 1, updated_by: userId, changed_by_organisation: organisationId, changed_day: day })
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when a country (or a part of it) has a legal profile. */
export async function countryHasProfile(db: Db, iso2: string): Promise<boolean> {
  return Boolean(await db.selectFrom('country_profiles').select('code').where('iso2', '=', iso2).limit(1).executeTakeFirst());
}
