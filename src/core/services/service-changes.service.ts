/**
 * Corrections to other organisations' services: network content, like
 * country profiles. Reporters of the whole network are referred to every
 * entry, so no single person corrects another organisation's entry: a
 * network editor proposes the correction and it is applied only when a
 * second editor approves it; the proposer cannot approve their own. With
 * fewer than two editors the action is unavailable (never a one-person
 * bypass). An organisation's admin still edits their own entries directly.
 */
import { randomId } from '../../crypto/index.js';
import { appendAudit } from '../audit/audit.service.js';
import { listAllAreas, organisationAreas } from '../organisations/organisations.repository.js';
import { editorStanding, type EditorActor, type EditorStanding } from '../rights/editors.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import { findPendingServiceChange, insertServiceChange, markServiceChange, otherOrganisationsServiceIds, pendingServiceChangeRows } from './service-changes.repository.js';
import { findService, toFields, updateService } from './services.repository.js';
import type { Service, ServiceInput } from './services.types.js';
import { validateService, type ServiceFields, type ServiceProblem } from './services.validation.js';
import type { OrganisationId, ServiceId, UserId } from '../shared/ids.js';

/** The comparable content of an entry: its form fields. */
function contentOf(service: Service): string {
  return JSON.stringify(toFields(service));
}

export type ProposeServiceResult =
  | { readonly kind: 'proposed'; readonly id: string }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'invalid'; readonly problems: readonly ServiceProblem[] }
  | Exclude<EditorStanding, { kind: 'editor' }>;

/**
 * Records an editor's correction to a service entry as a proposal; the entry
 * stays as it is until a second editor approves. The corrected entry must
 * stay within the areas its own organisation covers.
 */
export async function proposeServiceChange(
  deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>,
  actor: EditorActor,
  serviceId: ServiceId,
  values: ServiceFields,
  malformed: ReadonlySet<string>,
): Promise<ProposeServiceResult> {
  const standing = await editorStanding(deps.db, actor.id);
  if (standing.kind !== 'editor') return standing;
  const service = await findService(deps.db, serviceId);
  if (!service || service.status !== 'active') return { kind: 'not-found' };
  const [areas, covered] = await Promise.all([listAllAreas(deps.db), organisationAreas(deps.db, service.organisationId)]);
  const result = validateService(values, { areas, today: dayOf(deps.clock), malformed, covered });
  if (!result.ok) return { kind: 'invalid', problems: result.problems };
  const base = contentOf(service);
  if (contentOf({ ...service, ...result.input }) === base) return { kind: 'unchanged' };
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await insertServiceChange(trx, {
      id,
      service_id: service.id,
      base,
      proposed: JSON.stringify(result.input),
      proposed_by: actor.id,
      proposed_organisation: actor.organisationId,
      proposed_day: dayOf(deps.clock),
      status: 'pending',
      decided_by: null,
      decided_day: null,
    });
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: actor.organisationId,
      actorUserId: actor.id,
      action: 'service_change_proposed',
      subjectType: 'service',
      subjectId: service.id,
      detail: { change: id },
    });
  });
  return { kind: 'proposed', id };
}

export interface PendingServiceChange {
  readonly id: string;
  readonly serviceId: ServiceId;
  readonly serviceName: string;
  readonly proposedBy: UserId;
  /** The proposing editor's organisation. */
  readonly organisationName: string;
  readonly day: string;
  readonly before: ServiceFields;
  readonly after: ServiceFields;
}

/** Corrections awaiting a second editor, oldest first. */
export async function listPendingServiceChanges(db: Db): Promise<PendingServiceChange[]> {
  const rows = await pendingServiceChangeRows(db);
  const out: PendingServiceChange[] = [];
  for (const r of rows) {
    const service = await findService(db, r.service_id);
    if (!service) continue;
    out.push({
      id: r.id,
      serviceId: r.service_id,
      serviceName: service.name,
      proposedBy: r.proposed_by,
      organisationName: r.organisation ?? '',
      day: r.proposed_day,
      before: JSON.parse(r.base) as ServiceFields,
      after: toFields({ ...service, ...(JSON.parse(r.proposed) as ServiceInput) }),
    });
  }
  return out;
}

export type DecideServiceResult = 'approved' | 'refused' | 'own' | 'stale' | 'not-found' | Exclude<EditorStanding, { kind: 'editor' }>['kind'];

/**
 * A second editor approves (applies) or refuses a pending correction. The one
 * who proposed it cannot decide it. A correction whose entry changed since it
 * was proposed is marked stale rather than applied over the newer text.
 */
export async function decideServiceChange(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, actor: EditorActor, changeId: string, approve: boolean): Promise<DecideServiceResult> {
  const standing = await editorStanding(deps.db, actor.id);
  if (standing.kind !== 'editor') return standing.kind;
  const day = dayOf(deps.clock);
  return deps.db.transaction().execute(async (trx): Promise<DecideServiceResult> => {
    const change = await findPendingServiceChange(trx, changeId);
    if (!change) return 'not-found';
    if (change.proposed_by === actor.id) return 'own';
    let status: 'approved' | 'refused' | 'stale' = approve ? 'approved' : 'refused';
    if (approve) {
      const service = await findService(trx, change.service_id);
      if (!service) return 'not-found';
      if (contentOf(service) !== change.base) status = 'stale';
      else await updateService(trx, service.organisationId, service.id, JSON.parse(change.proposed) as ServiceInput, day);
    }
    // Only a still-pending row is decided: two editors deciding at once cannot both win.
    if (!(await markServiceChange(trx, changeId, status, actor.id, day))) return 'not-found';
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: actor.organisationId,
      actorUserId: actor.id,
      action: 'service_change_decided',
      subjectType: 'service',
      subjectId: change.service_id,
      detail: { change: changeId, status },
    });
    return status;
  });
}

/** Active entries of every other organisation, by country and name: what an editor may correct. */
export async function otherOrganisationsServices(db: Db, organisationId: OrganisationId): Promise<Array<Service & { readonly organisationName: string }>> {
  const rows = await otherOrganisationsServiceIds(db, organisationId);
  const out: Array<Service & { readonly organisationName: string }> = [];
  for (const r of rows) {
    const s = await findService(db, r.id);
    if (s) out.push({ ...s, organisationName: r.organisation });
  }
  return out;
}
