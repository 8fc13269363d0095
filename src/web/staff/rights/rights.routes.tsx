/**
 * Staff: country-profile editing, network content changed only by editors,
 * two by two. Admin pages like the rest of /admin; every form checks CSRF
 * first, and a failed form comes back with everything typed and the errors
 * next to their fields.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { listOrganisations } from '../../../core/organisations/organisations.repository.js';
import { decideProfileChange, editorStanding, listEditors, listPendingChanges, proposeProfileChange } from '../../../core/rights/editors.service.js';
import { findProfile, listProfiles } from '../../../core/rights/profiles.repository.js';
import { profileFields, validateProfile, PROFILE_COLUMNS, type ProfileFields } from '../../../core/rights/profiles.validation.js';
import { csrfValid } from '../../plugins/session.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';
import { ProfileChangesView, ProfileFormView, ProfilesListView, ProfileUnavailableView, profileErrors } from './rights-admin.view.js';

const ADMIN = { config: { roles: ['admin'] } } as const;

export async function staffRightsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const me = (request: FastifyRequest) => request.staff!.user;

  // ---- Country profiles: network content, changed only by editors, two by two ---------------------
  // Admin pages like the rest of /admin (editors are admins named by the operator); who may change what is decided in core.

  async function networkState(request: FastifyRequest) {
    const [standing, editors] = await Promise.all([editorStanding(db, me(request).id), listEditors(db)]);
    return { standing, editors };
  }

  app.get('/admin/rights', ADMIN, async (request, reply) => {
    const [profiles, state, pending, orgs] = await Promise.all([listProfiles(db), networkState(request), listPendingChanges(db), listOrganisations(db)]);
    const organisations = new Map(orgs.map((o) => [o.id, o.name]));
    return sendPage(reply, 200, <ProfilesListView page={await staffPage(ctx, request)} profiles={profiles} {...state} pending={pending.length} organisations={organisations} />);
  });

  app.get('/admin/rights/changes', ADMIN, async (request, reply) => {
    const [changes, state, profiles] = await Promise.all([listPendingChanges(db), networkState(request), listProfiles(db)]);
    const page = await staffPage(ctx, request);
    return sendPage(reply, 200, <ProfileChangesView page={page} changes={changes} {...state} names={new Map(profiles.map((p) => [p.code, p.name]))} />);
  });

  type ChangeRequest = FastifyRequest<{ Params: { id: string } }>;
  for (const decision of ['approve', 'refuse'] as const) {
    app.post(`/admin/rights/changes/:id/${decision}`, ADMIN, async (request: ChangeRequest, reply) => {
      const page = await staffPage(ctx, request);
      const back = '/admin/rights/changes';
      if (!csrfValid(request)) return redirectWith(request, reply, back, page.t('common.csrf'));
      const user = me(request);
      const result = await decideProfileChange(ctx.core, user, request.params.id.slice(0, 64), decision === 'approve');
      const notice =
        result === 'approved'
          ? page.t('network.changes.approved')
          : result === 'refused'
            ? page.t('network.changes.refused')
            : result === 'own'
              ? page.t('network.changes.own')
              : result === 'stale'
                ? page.t('network.changes.stale')
                : result === 'not-editor'
                  ? page.t('network.notEditor')
                  : result === 'too-few'
                    ? page.t('network.tooFewEditors', { count: (await listEditors(db)).length })
                    : page.t('network.changes.gone');
      return redirectWith(request, reply, back, notice);
    });
  }

  type CodeRequest = FastifyRequest<{ Params: { code: string } }>;

  async function profileOr404(request: CodeRequest, reply: FastifyReply) {
    const code = request.params.code.slice(0, 12).toUpperCase();
    const profile = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) ? await findProfile(db, code) : undefined;
    if (!profile) await reply.callNotFound();
    return profile ?? null;
  }

  app.get('/admin/rights/:code', ADMIN, async (request: CodeRequest, reply) => {
    const profile = await profileOr404(request, reply);
    if (!profile) return reply;
    const page = await staffPage(ctx, request);
    const state = await networkState(request);
    if (state.standing.kind !== 'editor') return sendPage(reply, 403, <ProfileUnavailableView page={page} profile={profile} {...state} />);
    return sendPage(reply, 200, <ProfileFormView page={page} profile={profile} values={profileFields(profile)} errors={{}} />);
  });

  app.post('/admin/rights/:code', ADMIN, async (request: CodeRequest, reply) => {
    const profile = await profileOr404(request, reply);
    if (!profile) return reply;
    const page = await staffPage(ctx, request);
    const state = await networkState(request);
    if (state.standing.kind !== 'editor') return sendPage(reply, 403, <ProfileUnavailableView page={page} profile={profile} {...state} />);
    const body = form(request);
    const values = { ...profileFields(profile) };
    for (const c of [...PROFILE_COLUMNS, 'safe_reporting'] as const) {
      // The code of a profile never changes here: it is what reporters' links and the map point to.
      if (c === 'iso2' || c === 'subdivision_code') continue;
      values[c] = body.one(c);
    }
    if (!csrfValid(request)) return sendPage(reply, 403, <ProfileFormView page={page} profile={profile} values={values} errors={{ country: { text: page.t('common.csrf') } }} />);
    const result = validateProfile(values as ProfileFields, { thisYear: ctx.clock.now().getUTCFullYear(), malformed: body.malformed });
    if (!result.ok) return sendPage(reply, 400, <ProfileFormView page={page} profile={profile} values={values} errors={profileErrors(page, result.problems)} />);
    const proposal = await proposeProfileChange(ctx.core, me(request), profile.code, result.profile);
    if (proposal.kind === 'not-editor' || proposal.kind === 'too-few')
      return sendPage(reply, 403, <ProfileUnavailableView page={page} profile={profile} standing={proposal} editors={state.editors} />);
    if (proposal.kind === 'not-found') return reply.callNotFound();
    return redirectWith(request, reply, '/admin/rights', page.t(proposal.kind === 'proposed' ? 'network.proposed' : 'network.unchanged'));
  });
}
