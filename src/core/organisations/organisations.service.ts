/** What a coordinator changes of their organisation (the areas it covers, how long it keeps reports), each with its audit entry. */
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import type { CoreDeps } from '../shared/deps.js';
import { addCoverage, coverageChanged, removeCoverage, setRetentionDays, upsertArea } from './organisations.repository.js';

/** Adds an area (by country and name; made if new) to what the organisation covers. */
export async function addArea(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, country: string, name: string): Promise<void> {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'area';
  const areaId = `${country.toLowerCase()}-${slug}`.slice(0, 60);
  await deps.db.transaction().execute(async (trx) => {
    await upsertArea(trx, { id: areaId, country_code: country, name });
    await addCoverage(trx, me.organisationId, areaId);
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: me.organisationId,
      actorUserId: me.id,
      action: 'coverage_changed',
      subjectType: 'area',
      subjectId: areaId,
      detail: { added: true },
    });
  });
  coverageChanged();
}

/** Takes an area off what the organisation covers. */
export async function removeArea(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, areaId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await removeCoverage(trx, me.organisationId, areaId);
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: me.organisationId,
      actorUserId: me.id,
      action: 'coverage_changed',
      subjectType: 'area',
      subjectId: areaId,
      detail: { added: false },
    });
  });
  coverageChanged();
}

/** Sets how many days the organisation keeps closed reports. */
export async function changeRetention(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, me: StaffUser, days: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await setRetentionDays(trx, me.organisationId, days);
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: me.organisationId, actorUserId: me.id, action: 'retention_changed', detail: { days } });
  });
}
