/** Services directory rows: mappers between rows and entries, the public directory query, and admin writes. */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { randomId } from '../../crypto/index.js';
import type { ServicesTable } from '../../db/tables/services-rights.js';
import type { Db } from '../shared/deps.js';
import { isServiceCategory, type Cost, type Service, type ServiceCategory, type ServiceInput, type ServiceStatus, type Tristate } from './services.types.js';
import type { ServiceFields } from './services.validation.js';
import { asServiceId, type OrganisationId, type ServiceId } from '../shared/ids.js';

export type ServiceRow = Selectable<ServicesTable>;

function codes(s: string): string[] {
  return s.split(' ').filter(Boolean);
}

/** A row as a directory entry. */
export function toService(r: ServiceRow): Service {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    description: r.description,
    descriptionLang: r.description_lang ?? null,
    categories: codes(r.categories).filter(isServiceCategory),
    countryCode: r.country_code,
    areaId: r.area_id,
    city: r.city,
    address: r.address,
    languages: codes(r.languages),
    phone: r.phone,
    email: r.email,
    website: r.website,
    messaging: r.messaging,
    openingHours: r.opening_hours,
    cost: r.cost as Cost,
    firewall: {
      asksForId: r.asks_for_id as Tristate,
      sharesWithImmigration: r.shares_with_immigration as Tristate,
      needsPoliceReport: r.needs_police_report as Tristate,
      sexWorkerLed: r.sex_worker_led as Tristate,
      transInclusive: r.trans_inclusive as Tristate,
      verifiedDay: r.verified_day,
    },
    status: r.status as ServiceStatus,
    createdDay: r.created_day,
    updatedDay: r.updated_day,
  };
}

function columnsOf(input: ServiceInput) {
  return {
    name: input.name,
    description: input.description,
    categories: input.categories.join(' '),
    country_code: input.countryCode,
    area_id: input.areaId,
    city: input.city,
    address: input.address,
    languages: input.languages.join(' '),
    phone: input.phone,
    email: input.email,
    website: input.website,
    messaging: input.messaging,
    opening_hours: input.openingHours,
    cost: input.cost,
    asks_for_id: input.firewall.asksForId,
    shares_with_immigration: input.firewall.sharesWithImmigration,
    needs_police_report: input.firewall.needsPoliceReport,
    sex_worker_led: input.firewall.sexWorkerLed,
    trans_inclusive: input.firewall.transInclusive,
    verified_day: input.firewall.verifiedDay,
  };
}

/** An entry back as the text fields of the form and the CSV (export, editing). */
export function toFields(s: Service): ServiceFields {
  return {
    name: s.name,
    description: s.description,
    categories: s.categories.join(' '),
    country: s.countryCode,
    area: s.areaId ?? '',
    city: s.city,
    address: s.address,
    languages: s.languages.join(' '),
    phone: s.phone,
    email: s.email,
    website: s.website,
    messaging: s.messaging,
    opening_hours: s.openingHours,
    cost: s.cost,
    asks_for_id: s.firewall.asksForId,
    shares_data_with_immigration: s.firewall.sharesWithImmigration,
    requires_police_report: s.firewall.needsPoliceReport,
    sex_worker_led: s.firewall.sexWorkerLed,
    trans_inclusive: s.firewall.transInclusive,
    last_verified: s.firewall.verifiedDay ?? '',
  };
}

export async function insertService(db: Db, organisationId: OrganisationId, input: ServiceInput, day: string): Promise<ServiceId> {
  const id = asServiceId(randomId());
  await db
    .insertInto('services')
    .values({ id, organisation_id: organisationId, ...columnsOf(input), status: 'active', created_day: day, updated_day: day })
    .execute();
  return id;
}

/** Updates one of the organisation's entries; false when it is not theirs. */
export async function updateService(db: Db, organisationId: OrganisationId, id: ServiceId, input: ServiceInput, day: string): Promise<boolean> {
  const r = await db
    .updateTable('services')
    .set({ ...columnsOf(input), updated_day: day })
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Retires (hides from the public) or restores one of the organisation's entries. */
export async function setServiceStatus(db: Db, organisationId: OrganisationId, id: ServiceId, status: ServiceStatus, day: string): Promise<boolean> {
  const r = await db.updateTable('services').set({ status, updated_day: day }).where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findService(db: Db, id: ServiceId): Promise<Service | undefined> {
  const row = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withTranslations(db, [toService(row)]))[0] : undefined;
}

/** Adds each entry's descriptions in further languages (one query for the lot). */
export async function withTranslations(db: Db, services: readonly Service[]): Promise<Service[]> {
  if (services.length === 0) return [];
  const rows = await db
    .selectFrom('service_descriptions')
    .select(['service_id', 'lang', 'description'])
    .where(
      'service_id',
      'in',
      services.map((s) => s.id),
    )
    .execute();
  const by = new Map<string, Record<string, string>>();
  for (const r of rows) by.set(r.service_id, { ...(by.get(r.service_id) ?? {}), [r.lang]: r.description });
  return services.map((s) => ({ ...s, translations: by.get(s.id) ?? {} }));
}

/**
 * Replaces one of the organisation's entries' descriptions in further
 * languages and says which language its own description is in; false when
 * the entry is not theirs.
 */
export async function replaceTranslations(
  db: Db,
  organisationId: OrganisationId,
  serviceId: ServiceId,
  ownLang: string | null,
  texts: Readonly<Record<string, string>>,
  day: string,
): Promise<boolean> {
  const r = await db.updateTable('services').set({ description_lang: ownLang, updated_day: day }).where('id', '=', serviceId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('service_descriptions').where('service_id', '=', serviceId).execute();
  const values = Object.entries(texts).map(([lang, description]) => ({ service_id: serviceId, lang, description, updated_day: day }));
  if (values.length) await db.insertInto('service_descriptions').values(values).execute();
  return true;
}

/** Every entry of an organisation, active first, by country and name. */
export async function organisationServices(db: Db, organisationId: OrganisationId): Promise<Service[]> {
  const rows = await db
    .selectFrom('services')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('status')
    .orderBy('country_code')
    .orderBy('city')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toService);
}

export interface DirectoryFilter {
  /** An alpha-2 country code. */
  readonly country?: string | undefined;
  /** An area id: its services and the services that serve the whole country. */
  readonly areaId?: string | undefined;
  readonly category?: ServiceCategory | undefined;
  /** A language code the service speaks. */
  readonly language?: string | undefined;
  /** Only services rated as not sharing data with immigration authorities ("no": never "unknown" or "yes"). */
  readonly noImmigrationSharing?: boolean | undefined;
  readonly page?: number | undefined;
}

export const DIRECTORY_PAGE_SIZE = 20;

export interface DirectoryPage {
  readonly entries: readonly Service[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

/** Space-separated code lists are padded so that "ro" never matches "rom". */
const padded = (column: 'categories' | 'languages') => sql<string>`' ' || ${sql.ref(column)} || ' '`;

/** The public directory: active entries matching the filter, a page at a time. */
export async function directory(db: Db, filter: DirectoryFilter): Promise<DirectoryPage> {
  let q = db.selectFrom('services').where('status', '=', 'active');
  if (filter.country) q = q.where('country_code', '=', filter.country);
  if (filter.areaId) {
    const areaId = filter.areaId;
    q = q.where((eb) => eb.or([eb('area_id', '=', areaId), eb.and([eb('area_id', 'is', null), eb('city', '=', '')])]));
  }
  if (filter.category) q = q.where(padded('categories'), 'like', `% ${filter.category} %`);
  if (filter.language) q = q.where(padded('languages'), 'like', `% ${filter.language} %`);
  if (filter.noImmigrationSharing) q = q.where('shares_with_immigration', '=', 'no');
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = await q
    .selectAll()
    .orderBy('country_code')
    .orderBy('city')
    .orderBy('name')
    .orderBy('id')
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((page - 1) * DIRECTORY_PAGE_SIZE)
    .execute();
  return { entries: await withTranslations(db, rows.map(toService)), total, page, pages };
}

/** What the directory's filter can offer: places and languages that active entries have. */
export interface DirectoryChoices {
  readonly countries: readonly string[];
  readonly areas: ReadonlyArray<{ id: string; countryCode: string; name: string }>;
  readonly languages: readonly string[];
}

export async function directoryChoices(db: Db): Promise<DirectoryChoices> {
  const rows = await db.selectFrom('services').select(['country_code', 'area_id', 'languages']).where('status', '=', 'active').execute();
  const countries = [...new Set(rows.map((r) => r.country_code))].sort();
  const areaIds = [...new Set(rows.map((r) => r.area_id).filter((a): a is string => a !== null))];
  const areas = areaIds.length ? await db.selectFrom('areas').select(['id', 'country_code', 'name']).where('id', 'in', areaIds).orderBy('name').execute() : [];
  const languages = [...new Set(rows.flatMap((r) => codes(r.languages)))].sort();
  return { countries, areas: areas.map((a) => ({ id: a.id, countryCode: a.country_code, name: a.name })), languages };
}

/** Active entries in a country: the candidates for a report's referrals. */
export async function activeServicesIn(db: Db, countryCode: string): Promise<Service[]> {
  const rows = await db.selectFrom('services').selectAll().where('status', '=', 'active').where('country_code', '=', countryCode).orderBy('name').orderBy('id').execute();
  return withTranslations(db, rows.map(toService));
}

/** True when a country has at least one active service. */
export async function countryHasActiveService(db: Db, iso2: string): Promise<boolean> {
  return Boolean(await db.selectFrom('services').select('id').where('country_code', '=', iso2).where('status', '=', 'active').limit(1).executeTakeFirst());
}

/** Every active entry, by country and name: what a caseworker can refer to. */
export async function activeServices(db: Db): Promise<Service[]> {
  const rows = await db.selectFrom('services').selectAll().where('status', '=', 'active').orderBy('country_code').orderBy('name').execute();
  return rows.map(toService);
}
