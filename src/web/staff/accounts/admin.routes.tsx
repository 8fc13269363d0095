/** My account, and for coordinators: members, invitations, coverage areas and the audit log. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config.js';
import type { Context } from '../../../context.js';
import { changePassword, deactivateMember, isRole, logOutEverywhere, ROLES } from '../../../core/accounts/accounts.service.js';
import { decideProposal, pendingProposals, proposeCustodian } from '../../../core/accounts/custodians.service.js';
import { changeMemberRole, inviteMember } from '../../../core/accounts/members.service.js';
import { isMemberOf, noticeSettings, organisationMembers, setNoticeSettings } from '../../../core/accounts/users.repository.js';
import { readAuditLog } from '../../../core/audit/audit-log.service.js';
import { COUNTRY_CODES, countryName, isCountryCode } from '../../../core/places/countries.js';
import { organisationAreas } from '../../../core/organisations/organisations.repository.js';
import { addArea, removeArea } from '../../../core/organisations/organisations.service.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { HiddenInput, Select, TextInput, type FieldError } from '../../html/fields.js';
import { csrfValid } from '../../plugins/session.js';
import { StaffLayout } from '../layout.view.js';
import type { StaffPage } from '../page.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';
import { RecoveryKeyView } from './recovery-key.view.js';
import { endStaffSession, renewStaffSession } from './staff-session.js';
import { parseUserId, type UserId } from '../../../core/shared/ids.js';

const ADMIN = { config: { roles: ['admin'] } } as const;
const ANY_ROLE = { config: { anyRole: true } } as const;

function AccountView({ page, error, everywhereError, email, notify }: { page: StaffPage; error?: FieldError | undefined; everywhereError?: FieldError | undefined; email: string; notify: boolean }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <h2>{t('account.password')}</h2>
      <form method="post" action="/account/password" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <TextInput id="current" name="current" type="password" label={t('account.current')} value="" error={error} autocomplete="current-password" />
        <TextInput id="new" name="new" type="password" label={t('account.new')} hint={t('setup.passwordHint')} value="" autocomplete="new-password" />
        <div class="choice">
          <input type="checkbox" id="rotate" name="rotate" value="yes" />
          <label for="rotate">{t('account.rotate')}</label>
        </div>
        <button type="submit">{t('common.save')}</button>
      </form>
      <h2>{t('account.everywhere')}</h2>
      <p>{t('account.everywhereIntro')}</p>
      <form method="post" action="/account/logout-everywhere" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <div class="choice">
          <input type="checkbox" id="everywhere-rotate" name="rotate" value="yes" checked={Boolean(everywhereError)} />
          <label for="everywhere-rotate">{t('account.rotate')}</label>
        </div>
        <TextInput id="everywhere-password" name="password" type="password" label={t('account.rotatePassword')} value="" error={everywhereError} autocomplete="current-password" />
        <button type="submit">{t('account.everywhere')}</button>
      </form>
      <h2>{t('account.notices')}</h2>
      <form method="post" action="/account/notices" novalidate>
        <HiddenInput name="_csrf" value={page.csrf()} />
        <TextInput id="email" name="email" type="email" label={t('setup.email')} optional={t('common.optional')} hint={t('setup.emailHint')} value={email} autocomplete="email" />
        <div class="choice">
          <input type="checkbox" id="notify" name="notify" value="yes" checked={notify} />
          <label for="notify">{t('account.notify')}</label>
        </div>
        <button type="submit">{t('common.save')}</button>
      </form>
    </StaffLayout>
  );
}

/** The new recovery key after a key rotation, shown once. */
export async function adminRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  async function account(request: FastifyRequest, error?: FieldError, everywhereError?: FieldError) {
    const me = await noticeSettings(db, request.staff!.user.id);
    return <AccountView page={await staffPage(ctx, request)} error={error} everywhereError={everywhereError} email={me.email ?? ''} notify={me.notify === 1} />;
  }

  app.get('/account', ANY_ROLE, async (request, reply) => sendPage(reply, 200, await account(request)));

  app.post('/account/password', ANY_ROLE, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return sendPage(reply, 403, await account(request, { text: page.t('common.csrf') }));
    const body = form(request);
    const userId = request.staff!.user.id;
    const result = await changePassword(ctx.core, userId, body.one('current'), body.one('new'), { rotateKey: body.one('rotate') === 'yes' });
    if (!result.ok) return sendPage(reply, result.problem === 'locked' ? 429 : 400, await account(request, { text: page.t(`error.${result.problem}` as StaffMessageId) }));
    // Every other session's server half is destroyed; this one carries on under a fresh session key (and the new key pair).
    await renewStaffSession(ctx, request, userId, result.keyPair, result.epoch);
    if (result.recoveryKey) return sendPage(reply, 200, <RecoveryKeyView page={page} recoveryKey={result.recoveryKey} intro="account.rotated" next="/account" nextLabel="account.continue" />);
    return redirectWith(request, reply, '/account', page.t('account.changed'));
  });

  app.post('/account/logout-everywhere', ANY_ROLE, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return sendPage(reply, 403, await account(request, undefined, { text: page.t('common.csrf') }));
    const body = form(request);
    const userId = request.staff!.user.id;
    const rotate = body.one('rotate') === 'yes';
    const password = body.one('password');
    if (rotate && !password) return sendPage(reply, 400, await account(request, undefined, { text: page.t('account.passwordNeeded') }));
    const result = await logOutEverywhere(ctx.core, userId, rotate ? { rotateKey: true, password } : { rotateKey: false });
    if (!result.ok) return sendPage(reply, result.problem === 'locked' ? 429 : 400, await account(request, undefined, { text: page.t(`error.${result.problem}` as StaffMessageId) }));
    await ctx.staffKeys.dropUser(userId);
    await endStaffSession(ctx, request);
    if (result.recoveryKey) return sendPage(reply, 200, <RecoveryKeyView page={page} recoveryKey={result.recoveryKey} intro="account.rotated" next="/login" nextLabel="setup.continue" />);
    return redirectWith(request, reply, '/login', page.t('login.loggedOut'));
  });

  app.post('/account/notices', ANY_ROLE, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/account', page.t('common.csrf'));
    const body = form(request);
    const email = body.one('email').trim();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) return sendPage(reply, 400, await account(request, { text: page.t('error.email') }));
    await setNoticeSettings(db, request.staff!.user.id, email || null, Boolean(email) && body.one('notify') === 'yes');
    return redirectWith(request, reply, '/account', page.t('common.saved'));
  });

  async function membersPage(request: FastifyRequest, inviteLink?: string, invite: { role: string; error?: FieldError } = { role: 'caseworker' }) {
    const page = await staffPage(ctx, request);
    const { t, i18n } = page;
    const me = request.staff!.user;
    const members = await organisationMembers(db, me.organisationId);
    const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}` as StaffMessageId) }));
    const proposals = await pendingProposals(db, me.organisationId);
    const nameOf = (id: UserId | null) => members.find((m) => m.id === id)?.display_name ?? '—';
    return (
      <StaffLayout page={page} title={t('members.title')}>
        <h1>{t('members.title')}</h1>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.username')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col">{t('members.state')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>{m.display_name}</td>
                  <td dir="ltr">{m.username ?? '—'}</td>
                  <td>
                    {m.id === me.id || m.active !== 1 ? (
                      t(`role.${m.role}` as StaffMessageId)
                    ) : (
                      <form method="post" action={`/admin/members/${m.id}/role`} class="inline">
                        <HiddenInput name="_csrf" value={page.csrf()} />
                        <Select id={`role-${m.id}`} name="role" label={t('members.role')} value={m.role} options={roleOptions} />
                        <button type="submit" class="secondary">
                          {t('members.changeRole')}
                        </button>
                      </form>
                    )}
                  </td>
                  <td>
                    {m.active === 1 ? t('members.active') : t('members.inactive')}
                    {m.active === 1 && m.id !== me.id ? (
                      <form method="post" action={`/admin/members/${m.id}/deactivate`} class="inline">
                        <HiddenInput name="_csrf" value={page.csrf()} />
                        <span class="choice">
                          <input type="checkbox" id={`destroy-${m.id}`} name="destroy_key" value="yes" />
                          <label for={`destroy-${m.id}`}>{t('members.destroyKey')}</label>
                        </span>
                        <button type="submit" class="secondary">
                          {t('members.deactivate')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {proposals.length ? (
          <>
            <h2>{t('members.proposals')}</h2>
            <ul class="thread">
              {proposals.map((p) => (
                <li>
                  <p>
                    {p.targetUserId
                      ? t('members.proposalRole', { target: nameOf(p.targetUserId), name: nameOf(p.proposedBy), day: i18n.day(p.proposedDay) })
                      : t('members.proposalInvite', { name: nameOf(p.proposedBy), day: i18n.day(p.proposedDay) })}
                  </p>
                  {p.proposedBy === me.id ? (
                    <p>{t('members.proposalWaiting')}</p>
                  ) : (
                    <form method="post" action={`/admin/proposals/${p.id}`} class="inline">
                      <HiddenInput name="_csrf" value={page.csrf()} />
                      <button type="submit" name="decision" value="approve">
                        {t('members.proposalApprove')}
                      </button>{' '}
                      <button type="submit" name="decision" value="refuse" class="secondary">
                        {t('members.proposalRefuse')}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>{t('members.invite')}</h2>
        {inviteLink ? (
          <div class="notice" role="status">
            <p>{t('members.inviteLink')}</p>
            <p>
              <code dir="ltr" class="secret" data-invite-link={inviteLink}>
                {inviteLink}
              </code>
            </p>
          </div>
        ) : null}
        <form method="post" action="/admin/invite">
          <HiddenInput name="_csrf" value={page.csrf()} />
          <Select id="invite-role" name="role" label={t('members.role')} value={invite.role} options={roleOptions} error={invite.error} hint={t('members.custodianHint')} />
          <button type="submit">{t('members.inviteButton')}</button>
        </form>
      </StaffLayout>
    );
  }

  app.get('/admin/members', ADMIN, async (request, reply) => sendPage(reply, 200, await membersPage(request)));

  app.post('/admin/invite', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/admin/members', page.t('common.csrf'));
    const role = form(request).one('role');
    if (!isRole(role)) return redirectWith(request, reply, '/admin/members', page.t('error.unknownChoice'));
    const me = request.staff!.user;
    if (role === 'custodian') {
      // A custodian holds a share of every contact key: a second coordinator must approve (no one-person bypass).
      const proposed = await proposeCustodian(ctx.core, me, null);
      if (proposed === 'too-few-admins') return sendPage(reply, 400, await membersPage(request, undefined, { role, error: { text: page.t('members.custodianNeedsTwo') } }));
      return redirectWith(request, reply, '/admin/members', page.t('members.custodianProposed'));
    }
    const token = await inviteMember(ctx.core, me, role);
    // From the configured public address, never the Host header: a forged Host would send the new colleague elsewhere.
    return sendPage(reply, 200, await membersPage(request, `${publicBaseUrl(ctx.config, 'staff')}/invite/${token}`));
  });

  app.post('/admin/members/:id/:change', ADMIN, async (request: FastifyRequest<{ Params: { id: string; change: string } }>, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/admin/members', page.t('common.csrf'));
    const me = request.staff!.user;
    const { change } = request.params;
    if (request.params.id === me.id) return redirectWith(request, reply, '/admin/members', page.t('members.self'));
    // A malformed id is no member's: it answers as an unknown one.
    const id = parseUserId(request.params.id);
    if (!id || !(await isMemberOf(db, me.organisationId, id))) return redirectWith(request, reply, '/admin/members', page.t('error.unknownChoice'));
    if (change === 'deactivate') {
      await deactivateMember(ctx.core, me, id, { destroyKey: form(request).one('destroy_key') === 'yes' });
      // Their sessions end here and now, and a copy of one of their cookies opens nothing offline either.
      await ctx.staffKeys.dropUser(id);
    } else if (change === 'role') {
      const role = form(request).one('role');
      if (!isRole(role)) return redirectWith(request, reply, '/admin/members', page.t('error.unknownChoice'));
      if (role === 'custodian') {
        const proposed = await proposeCustodian(ctx.core, me, id);
        const notice =
          proposed === 'proposed'
            ? 'members.custodianProposed'
            : proposed === 'too-few-admins'
              ? 'members.custodianNeedsTwo'
              : proposed === 'already'
                ? 'members.custodianAlready'
                : 'error.unknownChoice';
        return redirectWith(request, reply, '/admin/members', page.t(notice));
      }
      await changeMemberRole(ctx.core, me, id, role);
    } else {
      return reply.callNotFound();
    }
    return redirectWith(request, reply, '/admin/members', page.t('common.saved'));
  });

  app.post('/admin/proposals/:id', ADMIN, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/admin/members', page.t('common.csrf'));
    const me = request.staff!.user;
    const result = await decideProposal(ctx.core, me, request.params.id.slice(0, 64), form(request).one('decision') === 'approve');
    if (result.kind === 'invited') {
      // From the configured address, never the request's Host header (which an attacker may set).
      return sendPage(reply, 200, await membersPage(request, `${publicBaseUrl(ctx.config, 'staff')}/invite/${result.token}`));
    }
    const notice = result.kind === 'same-person' ? 'members.proposalOwn' : result.kind === 'not-found' ? 'error.unknownChoice' : 'common.saved';
    return redirectWith(request, reply, '/admin/members', page.t(notice));
  });

  async function areasPage(request: FastifyRequest, values: { country: string; name: string }, error?: FieldError) {
    const page = await staffPage(ctx, request);
    const { t } = page;
    const me = request.staff!.user;
    const areas = await organisationAreas(db, me.organisationId);
    const collator = new Intl.Collator(page.lang);
    const countries = COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, page.lang) })).sort((a, b) => collator.compare(a.label, b.label));
    return (
      <StaffLayout page={page} title={t('areas.title')}>
        <h1>{t('areas.title')}</h1>
        <p>{t('areas.intro')}</p>
        {areas.length ? (
          <ul>
            {areas.map((a) => (
              <li>
                {a.name} ({countryName(a.country_code, page.lang)}){' '}
                <form method="post" action={`/admin/areas/${encodeURIComponent(a.id)}/remove`} class="inline">
                  <HiddenInput name="_csrf" value={page.csrf()} />
                  <button type="submit" class="link">
                    {t('areas.remove')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('areas.none')}</p>
        )}
        <form method="post" action="/admin/areas" novalidate>
          <HiddenInput name="_csrf" value={page.csrf()} />
          <Select id="country" name="country" label={t('areas.country')} value={values.country} options={countries} />
          <TextInput id="name" name="name" label={t('areas.name')} value={values.name} error={error} />
          <button type="submit">{t('areas.add')}</button>
        </form>
      </StaffLayout>
    );
  }

  app.get('/admin/areas', ADMIN, async (request, reply) => sendPage(reply, 200, await areasPage(request, { country: '', name: '' })));

  app.post('/admin/areas', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const body = form(request);
    const values = { country: body.one('country'), name: body.one('name').trim() };
    if (!csrfValid(request)) return sendPage(reply, 403, await areasPage(request, values, { text: page.t('common.csrf') }));
    if (!isCountryCode(values.country)) return sendPage(reply, 400, await areasPage(request, values, { text: page.t('error.unknownChoice') }));
    if (!values.name || [...values.name].length > 80 || body.malformed.has('name')) return sendPage(reply, 400, await areasPage(request, values, { text: page.t('error.areaName') }));
    await addArea(ctx.core, request.staff!.user, values.country, values.name);
    return redirectWith(request, reply, '/admin/areas', page.t('common.saved'));
  });

  app.post('/admin/areas/:id/remove', ADMIN, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/admin/areas', page.t('common.csrf'));
    await removeArea(ctx.core, request.staff!.user, request.params.id);
    return redirectWith(request, reply, '/admin/areas', page.t('common.saved'));
  });

  app.get('/admin/audit', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const { t } = page;
    const me = request.staff!.user;
    const before = Number.parseInt(String((request.query as Record<string, unknown>).before ?? ''), 10);
    const { rows, verdict, people } = await readAuditLog(ctx.core, me, Number.isFinite(before) ? before : undefined, ctx.config.auditCheckpointFile);
    const name = (id: UserId | null) => (id ? (people.find((p) => p.id === id)?.display_name ?? id.slice(0, 8)) : t('audit.system'));
    return sendPage(
      reply,
      200,
      <StaffLayout page={page} title={t('audit.title')}>
        <h1>{t('audit.title')}</h1>
        <p class={verdict.ok ? 'notice' : 'error-summary'} role="status">
          {verdict.ok ? t('audit.ok', { count: verdict.entries }) : t('audit.broken', { seq: verdict.brokenAt, reason: verdict.reason })}
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.seq')}</th>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>{r.seq}</td>
                  <td>{r.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{name(r.actorUserId)}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>{r.subjectType ? `${r.subjectType} ${r.subjectId?.slice(0, 8) ?? ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 100 ? <a href={`/admin/audit?before=${rows[rows.length - 1]!.seq}`}>{t('audit.older')}</a> : null}
      </StaffLayout>,
    );
  });
}
