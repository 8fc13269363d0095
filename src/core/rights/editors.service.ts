/**
 * Network editors and the two-editor rule for country profiles.
 *
 * Every reporter of the network reads a country profile ("is it safe to
 * report to the police here?"), so no single organisation owns one: only
 * network editors propose changes, and a change reaches the public only when
 * a second editor approves it. An organisation admin is not an editor unless
 * named one, and only an admin can be named (the profile pages are admin
 * pages). The operator names editors (`parasol editor add USERNAME`):
 * the operator already holds the server, so this adds no new power, and no
 * web form lets one person make themselves or a colleague an editor.
 *
 * With fewer than two active editors there is no one to approve, so the
 * action is unavailable (never a one-person bypass) and the page says why.
 */
import { randomId } from '../../crypto/index.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps, type Db } from '../shared/deps.js';
import type { CountryProfile } from './legal-models.js';
import { findProfile, saveApprovedProfile } from './profiles.repository.js';
import type { OrganisationId, UserId } from '../shared/ids.js';

/** Editors needed before anyone may change network content: one proposes, another approves. */
export const EDITORS_NEEDED = 2;

export type ProfileInput = Omit<CountryProfile, 'code' | 'reviewedDay' | 'edited' | 'changedBy' | 'changedDay'>;

export interface NetworkEditor {
  readonly userId: UserId;
  readonly displayName: string;
  readonly username: string;
  readonly organisationName: string;
}

/** The active editors, by organisation and name. */
export async function listEditors(db: Db): Promise<NetworkEditor[]> {
  const rows = await db
    .selectFrom('network_editors')
    .innerJoin('users', 'users.id', 'network_editors.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.display_name', 'users.username', 'organisations.name as organisation'])
    .where('users.active', '=', 1)
    .where('users.role', '=', 'admin')
    .orderBy('organisations.name')
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, username: r.username ?? '', organisationName: r.organisation }));
}

/** True when the user is an active network editor. */
export async function isEditor(db: Db, userId: UserId): Promise<boolean> {
  const row = await db
    .selectFrom('network_editors')
    .innerJoin('users', 'users.id', 'network_editors.user_id')
    .select('users.id')
    .where('network_editors.user_id', '=', userId)
    .where('users.active', '=', 1)
    .where('users.role', '=', 'admin')
    .executeTakeFirst();
  return row !== undefined;
}

/** What a staff member may do with country profiles, and why not. */
export type EditorStanding = { readonly kind: 'editor' } | { readonly kind: 'not-editor' } | { readonly kind: 'too-few'; readonly count: number };

export async function editorStanding(db: Db, userId: UserId): Promise<EditorStanding> {
  if (!(await isEditor(db, userId))) return { kind: 'not-editor' };
  const count = (await listEditors(db)).length;
  return count < EDITORS_NEEDED ? { kind: 'too-few', count } : { kind: 'editor' };
}

export type NameResult = 'named' | 'already' | 'unknown' | 'inactive' | 'not-admin';

/** Names a staff account (by login name) a network editor; for the operator's command line. */
export async function nameEditor(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, username: string): Promise<NameResult> {
  const user = await deps.db.selectFrom('users').select(['id', 'active', 'role', 'organisation_id']).where('username', '=', username).executeTakeFirst();
  if (!user) return 'unknown';
  if (Number(user.active) !== 1) return 'inactive';
  if (user.role !== 'admin') return 'not-admin';
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('network_editors').select('user_id').where('user_id', '=', user.id).executeTakeFirst();
    if (existing) return 'already';
    await trx
      .insertInto('network_editors')
      .values({ user_id: user.id, named_day: dayOf(deps.clock) })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisation_id, actorUserId: null, action: 'network_editor_named', subjectType: 'user', subjectId: user.id });
    return 'named';
  });
}

/** Removes an editor; false when the account was not one. */
export async function removeEditor(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, username: string): Promise<boolean> {
  const user = await deps.db.selectFrom('users').select(['id', 'organisation_id']).where('username', '=', username).executeTakeFirst();
  if (!user) return false;
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('network_editors').where('user_id', '=', user.id).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return false;
    await appendAudit(trx, deps.secrets, deps.clock, { organisationId: user.organisation_id, actorUserId: null, action: 'network_editor_removed', subjectType: 'user', subjectId: user.id });
    return true;
  });
}

/** The comparable content of a profile: what a change replaces. */
export function profileContent(p: ProfileInput | CountryProfile): ProfileInput {
  return {
    iso2: p.iso2,
    subdivisionCode: p.subdivisionCode,
    name: p.name,
    legalModel: p.legalModel,
    year: p.year,
    yearBasis: p.yearBasis,
    selling: p.selling,
    sellingAdmin: p.sellingAdmin,
    buying: p.buying,
    thirdParties: p.thirdParties,
    migrantRule: p.migrantRule,
    migrantNotes: p.migrantNotes,
    notes: p.notes,
    sources: [...p.sources],
    confidence: p.confidence,
    confidenceReason: p.confidenceReason,
    latestSourceYear: p.latestSourceYear,
    safeReporting: p.safeReporting,
  };
}

export interface EditorActor {
  readonly id: UserId;
  readonly organisationId: OrganisationId;
}

export type ProposeResult = { readonly kind: 'proposed'; readonly id: string } | { readonly kind: 'unchanged' } | { readonly kind: 'not-found' } | Exclude<EditorStanding, { kind: 'editor' }>;

/** Records an editor's change as a proposal; the public profile stays as it is until a second editor approves. */
export async function proposeProfileChange(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, actor: EditorActor, code: string, input: ProfileInput): Promise<ProposeResult> {
  const standing = await editorStanding(deps.db, actor.id);
  if (standing.kind !== 'editor') return standing;
  const profile = await findProfile(deps.db, code);
  if (!profile) return { kind: 'not-found' };
  const base = JSON.stringify(profileContent(profile));
  const proposed = JSON.stringify(profileContent(input));
  if (base === proposed) return { kind: 'unchanged' };
  const id = randomId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('profile_changes')
      .values({
        id,
        profile_code: code,
        base,
        proposed,
        proposed_by: actor.id,
        proposed_organisation: actor.organisationId,
        proposed_day: dayOf(deps.clock),
        status: 'pending',
        decided_by: null,
        decided_day: null,
      })
      .execute();
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: actor.organisationId,
      actorUserId: actor.id,
      action: 'profile_change_proposed',
      subjectType: 'country_profile',
      subjectId: code,
      detail: { change: id },
    });
  });
  return { kind: 'proposed', id };
}

export interface PendingChange {
  readonly id: string;
  readonly code: string;
  readonly proposedBy: UserId;
  readonly organisationName: string;
  readonly day: string;
  readonly before: ProfileInput;
  readonly after: ProfileInput;
}

/** Changes awaiting a second editor, oldest first. */
export async function listPendingChanges(db: Db): Promise<PendingChange[]> {
  const rows = await db
    .selectFrom('profile_changes')
    .leftJoin('organisations', 'organisations.id', 'profile_changes.proposed_organisation')
    .select(['profile_changes.id', 'profile_code', 'proposed_by', 'proposed_day', 'base', 'proposed', 'organisations.name as organisation'])
    .where('status', '=', 'pending')
    .orderBy('proposed_day')
    .orderBy('profile_changes.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.profile_code,
    proposedBy: r.proposed_by,
    organisationName: r.organisation ?? '',
    day: r.proposed_day,
    before: JSON.parse(r.base) as ProfileInput,
    after: JSON.parse(r.proposed) as ProfileInput,
  }));
}

export type DecideResult = 'approved' | 'refused' | 'own' | 'stale' | 'not-found' | Exclude<EditorStanding, { kind: 'editor' }>['kind'];

/**
 * A second editor approves (publishes) or refuses a pending change. The one
 * who proposed it cannot decide it. A change whose profile moved since it was
 * proposed is marked stale rather than published over the newer text.
 */
export async function decideProfileChange(deps: Pick<CoreDeps, 'db' | 'secrets' | 'clock'>, actor: EditorActor, changeId: string, approve: boolean): Promise<DecideResult> {
  const standing = await editorStanding(deps.db, actor.id);
  if (standing.kind !== 'editor') return standing.kind;
  const day = dayOf(deps.clock);
  return deps.db.transaction().execute(async (trx): Promise<DecideResult> => {
    const change = await trx.selectFrom('profile_changes').selectAll().where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
    if (!change) return 'not-found';
    if (change.proposed_by === actor.id) return 'own';
    let status: 'approved' | 'refused' | 'stale' = approve ? 'approved' : 'refused';
    if (approve) {
      const profile = await findProfile(trx, change.profile_code);
      if (!profile) return 'not-found';
      if (JSON.stringify(profileContent(profile)) !== change.base) status = 'stale';
      else await saveApprovedProfile(trx, change.profile_code, JSON.parse(change.proposed) as ProfileInput, day, change.proposed_by, change.proposed_organisation);
    }
    // Only a still-pending row is decided: two editors deciding at once cannot both win.
    const r = await trx.updateTable('profile_changes').set({ status, decided_by: actor.id, decided_day: day }).where('id', '=', changeId).where('status', '=', 'pending').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return 'not-found';
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: actor.organisationId,
      actorUserId: actor.id,
      action: 'profile_change_decided',
      subjectType: 'country_profile',
      subjectId: change.profile_code,
      detail: { change: changeId, status },
    });
    return status;
  });
}
