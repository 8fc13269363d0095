/** All SQL of service corrections (network content): proposals, their decisions, and the entries editors may correct. */
import type { Insertable, Selectable } from 'kysely';
import type { ServiceChangesTable } from '../../db/tables/services-rights.js';
import type { Db } from '../shared/deps.js';
import type { OrganisationId, ServiceId, UserId } from '../shared/ids.js';

export type ServiceChangeRow = Selectable<ServiceChangesTable>;

export async function insertServiceChange(db: Db, row: Insertable<ServiceChangesTable>): Promise<void> {
  await db.insertInto('service_changes').values(row).execute();
}

export async function findPendingServiceChange(db: Db, id: string): Promise<ServiceChangeRow | undefined> {
  return db.selectFrom('service_changes').selectAll().where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
}

/** Decides a still-pending change; false when someone else decided it first. */
export async function markServiceChange(db: Db, id: string, status: 'approved' | 'refused' | 'stale', decidedBy: UserId, day: string): Promise<boolean> {
  const r = await db.updateTable('service_changes').set({ status, decided_by: decidedBy, decided_day: day }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pending changes with the proposing organisation's name, oldest first. */
export async function pendingServiceChangeRows(db: Db): Promise<Array<ServiceChangeRow & { readonly organisation: string | null }>> {
  return db
    .selectFrom('service_changes')
    .leftJoin('organisations', 'organisations.id', 'service_changes.proposed_organisation')
    .selectAll('service_changes')
    .select('organisations.name as organisation')
    .where('service_changes.status', '=', 'pending')
    .orderBy('service_changes.proposed_day')
    .orderBy('service_changes.id')
    .execute();
}

/** Ids and organisation names of other organisations' active entries, by country and name. */
export async function otherOrganisationsServiceIds(db: Db, organisationId: OrganisationId): Promise<Array<{ readonly id: ServiceId; readonly organisation: string }>> {
  return db
    .selectFrom('services')
    .innerJoin('organisations', 'organisations.id', 'services.organisation_id')
    .select(['services.id', 'organisations.name as organisation'])
    .where('services.status', '=', 'active')
    .where('services.organisation_id', '!=', organisationId)
    .orderBy('services.country_code')
    .orderBy('services.name')
    .orderBy('services.id')
    .execute();
}
