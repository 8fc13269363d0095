/** Staff: drafting, approving and amending warnings; corrections; match notices; community members. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../../config.js';
import type { Context } from '../../../context.js';
import { caseAccess, readCase, type CaseView } from '../../../core/cases/cases.service.js';
import { dismissNotice, matchNotices } from '../../../core/matching/matching.service.js';
import { createInvite, decideMember, listInvites, listMembers, revokeInvite, type MemberDecision } from '../../../core/safety/members.service.js';
import { listAllAreas, listCoveredAreas, staffNames } from '../../../core/organisations/organisations.repository.js';
import { countryName } from '../../../core/places/countries.js';
import { CORRECTION_OUTCOMES, openCorrections, resolveCorrection, type CorrectionOutcome } from '../../../core/safety/corrections.service.js';
import { changeSafetySettings, reportByIdPrefix, safetyCounts } from '../../../core/safety/safety.service.js';
import { isVisibility, safetySettings, SETTINGS_LIMITS } from '../../../core/safety/settings.js';
import {
  approve,
  ConcurrentEdit,
  createDraft,
  hasSecondPerson,
  linkedConsentingReports,
  mayApprove,
  offeredIdentifiers,
  openAmendment,
  prefillFromCase,
  renew,
  returnToDraft,
  saveWarning,
  staffWarning,
  flaggedForReview,
  staffWarnings,
  submitForApproval,
  withdraw,
  WITHDRAW_REASONS,
  type Problems,
  type SaveResult,
  type StepResult,
  type Warning,
  type WarningInput,
  type WarningProblem,
  type WithdrawReason,
  warningIdentifierValues,
} from '../../../core/safety/warnings.service.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import type { FieldError, OptionGroup } from '../../html/fields.js';
import { csrfValid } from '../../plugins/session.js';
import type { StaffPage } from '../page.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';
import {
  CorrectionsView,
  MatchesView,
  MembersView,
  NotFoundView,
  OverviewView,
  reporterLabel,
  SettingsView,
  settingsValues,
  WarningFormView,
  WarningView,
  type AreaNames,
  type Errors,
} from './safety.view.js';
import type { StaffAuth } from '../accounts/staff-session.js';
import { parseMemberId, parseWarningId, type OrganisationId, type UserId, type WarningId } from '../../../core/shared/ids.js';

/** Caseworkers, custodians and coordinators; monitors have no part in warnings. */
const STAFF = { config: { roles: ['admin', 'caseworker', 'custodian'] } } as const;
const ADMIN = { config: { roles: ['admin'] } } as const;
const TEXT_BODY_LIMIT = 256 * 1024;
/** What a workflow step answers for an id that is no warning's: what core answers for an unknown one. */
const UNKNOWN_WARNING: StepResult = { ok: false, refused: 'notFound' };

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function problemText(page: StaffPage, p: WarningProblem): string {
  const label = reporterLabel(page);
  switch (p.id) {
    case 'tooLong':
      return page.t('error.textTooLong', { length: p.length, max: p.max });
    case 'identifierServiceDown':
      return page.t('staffSafety.error.identifierServiceDown');
    case 'identifierInText':
      return page.t('staffSafety.error.identifierInText', { kind: label(`identifier.${p.kind}`).toLocaleLowerCase(page.lang) });
    case 'required':
      return page.t('staffSafety.error.required');
    case 'unknownChoice':
      return page.t('error.unknownChoice');
    case 'month':
      return page.t('staffSafety.error.month');
    case 'futureMonth':
      return page.t('staffSafety.error.futureMonth');
    case 'chooseCategory':
      return page.t('staffSafety.error.chooseCategory');
    case 'invalidIdentifier':
      return page.t('staffSafety.error.invalidIdentifier');
    case 'identifierKind':
      return page.t('error.unknownChoice');
    case 'reportRef':
      return page.t('staffSafety.error.reportRef');
    case 'noConsent':
      return page.t('staffSafety.error.noConsent');
  }
}

function errorsOf(page: StaffPage, problems: Problems): Errors {
  const out: Errors = {};
  for (const [field, p] of Object.entries(problems)) if (p) out[field] = { text: problemText(page, p) };
  return out;
}

/** Reads the warning form. */
function readInput(request: FastifyRequest): WarningInput {
  const body = form(request);
  const extraValue = body.one('extra_value');
  return {
    place: body.one('place').slice(0, 64),
    month: body.one('month').slice(0, 20),
    categories: body.all('categories').slice(0, 40),
    texts: { what: body.one('what'), recognise: body.one('recognise'), modus: body.one('modus') },
    parts: { people: body.all('people').slice(0, 20), signs: body.all('signs').slice(0, 20), modus: body.all('modus_codes').slice(0, 20), lang: body.one('text_lang').slice(0, 16) },
    visibility: body.one('visibility'),
    identifiers: body.all('identifiers').slice(0, 50),
    extra: extraValue.trim() ? { kind: body.one('extra_kind'), value: extraValue } : null,
    link: body.one('link_report').slice(0, 64),
  };
}

function brokenText(request: FastifyRequest, page: StaffPage): Errors {
  const out: Errors = {};
  for (const f of ['what', 'recognise', 'modus', 'extra_value']) if (form(request).malformed.has(f)) out[f === 'extra_value' ? 'extra' : f] = { text: page.t('error.brokenText') };
  return out;
}

export async function staffSafetyRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const auth = (request: FastifyRequest): StaffAuth => request.staff!;

  async function areaNames(): Promise<AreaNames & { list: Awaited<ReturnType<typeof listCoveredAreas>> }> {
    const list = await listAllAreas(db);
    return { list, name: (id) => list.find((a) => a.id === id)?.name ?? null };
  }

  async function places(page: StaffPage): Promise<OptionGroup[]> {
    const covered = await listCoveredAreas(db);
    const countries = [...new Set(covered.map((a) => a.country_code))];
    return countries
      .map((cc) => ({
        label: countryName(cc, page.lang),
        options: [
          ...covered.filter((a) => a.country_code === cc).map((a) => ({ value: a.id, label: a.name })),
          { value: `country:${cc}`, label: page.t('staffSafety.place.elsewhere', { country: countryName(cc, page.lang) }) },
        ],
      }))
      .sort((a, b) => a.label.localeCompare(b.label, page.lang));
  }

  async function counts(request: FastifyRequest) {
    return safetyCounts(ctx.core, auth(request).user);
  }

  async function overview(request: FastifyRequest, reply: FastifyReply, status: number, reportRef = '', reportError?: FieldError) {
    const page = await staffPage(ctx, request);
    const [warnings, areas, c] = await Promise.all([staffWarnings(ctx.core, auth(request).user), areaNames(), counts(request)]);
    const review = await flaggedForReview(
      db,
      warnings.map((w) => w.id),
    );
    return sendPage(reply, status, <OverviewView page={page} warnings={warnings} areas={areas} counts={c} reportRef={reportRef} reportError={reportError} review={review} />);
  }

  app.get('/safety', STAFF, async (request, reply) => overview(request, reply, 200));

  // ------------------------------------------------------------ drafting from a report

  /** Finds the caseworker's report by id or id prefix and opens it with their key; renders the answer when it cannot. */
  async function openReport(request: FastifyRequest, reply: FastifyReply, ref: string): Promise<{ view: CaseView } | null> {
    const page = await staffPage(ctx, request);
    const typed = ref.trim().toLowerCase();
    const { user, keyPair } = auth(request);
    if (!/^[0-9a-f]{6,32}$/.test(typed)) {
      await overview(request, reply, 400, ref, { text: page.t('staffSafety.error.reportRef') });
      return null;
    }
    const reportId = await reportByIdPrefix(ctx.core, user, typed);
    if (!reportId) {
      await overview(request, reply, 404, ref, { text: page.t('staffSafety.error.reportRef') });
      return null;
    }
    const access = await caseAccess(ctx.core, user, keyPair, reportId);
    if (access.kind !== 'ok') {
      await overview(request, reply, 403, ref, { text: page.t('staffSafety.error.reportSealed') });
      return null;
    }
    if (access.report.warn_others !== 1) {
      await overview(request, reply, 409, ref, { text: page.t('staffSafety.error.noConsent') });
      return null;
    }
    return { view: await readCase(ctx.core, user, access) };
  }

  app.get('/safety/warnings/new', STAFF, async (request, reply) => {
    const ref = String((request.query as Record<string, unknown>).report ?? '').slice(0, 64);
    const opened = await openReport(request, reply, ref);
    if (!opened) return reply;
    const page = await staffPage(ctx, request);
    const prefill = await prefillFromCase(ctx.core, auth(request).user, opened.view);
    return sendPage(
      reply,
      200,
      <WarningFormView
        page={page}
        action="/safety/warnings/new"
        mode="draft"
        input={prefill.input}
        errors={{}}
        places={await places(page)}
        identifiers={prefill.offered.map((o) => ({ value: o.value, label: `${reporterLabel(page)(`identifier.${o.kind}`)}: ${o.label}` }))}
        reportId={opened.view.report.id}
      />,
    );
  });

  app.post('/safety/warnings/new', { ...STAFF, bodyLimit: TEXT_BODY_LIMIT }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const opened = await openReport(request, reply, form(request).one('report'));
    if (!opened) return reply;
    const input = readInput(request);
    const identifiers = (await offeredIdentifiers(ctx.core, opened.view)).map((o) => ({ value: o.value, label: `${reporterLabel(page)(`identifier.${o.kind}`)}: ${o.label}` }));
    const render = async (status: number, errors: Errors, notice?: string) =>
      sendPage(
        reply,
        status,
        <WarningFormView
          page={page}
          action="/safety/warnings/new"
          mode="draft"
          input={input}
          errors={errors}
          notice={notice}
          places={await places(page)}
          identifiers={identifiers}
          reportId={opened.view.report.id}
        />,
      );
    if (!csrfValid(request)) return render(403, {}, page.t('common.csrf'));
    const broken = brokenText(request, page);
    if (Object.keys(broken).length) return render(400, broken);
    const result = await createDraft(ctx.core, auth(request).user, opened.view.report, input);
    if (!result.ok) return 'problems' in result ? render(400, errorsOf(page, result.problems)) : render(409, {}, page.t('staffSafety.error.noConsent'));
    return redirectWith(request, reply, `/safety/warnings/${result.id}`, page.t('staffSafety.saved.draft'));
  });

  // ------------------------------------------------------------ one warning

  async function names(organisationId: OrganisationId): Promise<(id: UserId | null) => string> {
    const users = await staffNames(db, organisationId);
    return (id) => (id === null ? undefined : users.get(id)) ?? '—';
  }

  app.get('/safety/warnings/:id', STAFF, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    const { user, keyPair } = auth(request);
    const id = parseWarningId(request.params.id);
    const w = id ? await staffWarning(ctx.core, user, id) : null;
    if (!w) return sendPage(reply, 404, <NotFoundView page={page} />);
    // Published (or withdrawn since): the count fixed at approval. Before: what approval would fix, from the linked reports.
    const fixed = w.reportsCount !== null && (w.status === 'published' || w.status === 'withdrawn');
    const [areas, reports, who, corrections, amendment, secondPerson, review] = await Promise.all([
      areaNames(),
      fixed ? Promise.resolve(w.reportsCount ?? 0) : linkedConsentingReports(db, w.id),
      names(user.organisationId),
      openCorrections(ctx.core, user, keyPair, w.id),
      w.status === 'published' ? openAmendment(db, w.id) : Promise.resolve(null),
      hasSecondPerson(db, user.organisationId),
      flaggedForReview(db, [w.id]),
    ]);
    return sendPage(
      reply,
      200,
      <WarningView
        page={page}
        w={w}
        areas={areas}
        reports={reports}
        countFixed={fixed}
        canApprove={mayApprove(user, w)}
        names={who}
        corrections={corrections}
        amendment={amendment}
        secondPerson={secondPerson}
        review={review.has(w.id)}
      />,
    );
  });

  /** The identifiers the edit form offers: the source report's in clear (when this caseworker can read it), the others by kind only. */
  async function editIdentifiers(request: FastifyRequest, page: StaffPage, w: Warning): Promise<Array<{ value: string; label: string }>> {
    const label = reporterLabel(page);
    const { user, keyPair } = auth(request);
    const offered: Array<{ value: string; label: string }> = [];
    if (w.sourceReportId) {
      const access = await caseAccess(ctx.core, user, keyPair, w.sourceReportId);
      if (access.kind === 'ok')
        for (const o of await offeredIdentifiers(ctx.core, await readCase(ctx.core, user, access))) offered.push({ value: o.value, label: `${label(`identifier.${o.kind}`)}: ${o.label}` });
    }
    for (const v of await warningIdentifierValues(db, w.id)) {
      if (!offered.some((o) => o.value === v)) offered.push({ value: v, label: page.t('staffSafety.form.hiddenIdentifier', { kind: label(`identifier.${v.slice(0, v.indexOf(':'))}`) }) });
    }
    return offered;
  }

  function inputOf(w: Warning, identifiers: readonly string[]): WarningInput {
    return {
      place: w.areaId ?? `country:${w.countryCode}`,
      month: w.incidentMonth ?? '',
      categories: [...w.categories],
      texts: w.texts,
      parts: { people: [...w.parts.people], signs: [...w.parts.signs], modus: [...w.parts.modus], lang: w.parts.lang ?? '' },
      visibility: w.visibility,
      identifiers: [...identifiers],
      extra: null,
      link: '',
    };
  }

  app.get('/safety/warnings/:id/edit', STAFF, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    const id = parseWarningId(request.params.id);
    const w = id ? await staffWarning(ctx.core, auth(request).user, id) : null;
    if (!w || w.status === 'withdrawn') return redirectWith(request, reply, '/safety', page.t('staffSafety.error.state'));
    if (w.status === 'published') {
      // An amendment needs a second caseworker: unavailable without one; the one already waiting is edited rather than a second made.
      if (!(await hasSecondPerson(db, w.organisationId))) return redirectWith(request, reply, `/safety/warnings/${w.id}`, page.t('staffSafety.action.noSecondPerson'));
      const waiting = await openAmendment(db, w.id);
      if (waiting) return reply.code(303).redirect(`/safety/warnings/${waiting}/edit`);
    }
    const identifiers = await editIdentifiers(request, page, w);
    return sendPage(
      reply,
      200,
      <WarningFormView
        page={page}
        action={`/safety/warnings/${w.id}/edit`}
        mode={w.status === 'published' ? 'amend' : 'edit'}
        input={inputOf(w, await warningIdentifierValues(db, w.id))}
        errors={{}}
        places={await places(page)}
        identifiers={identifiers}
        reportId={w.sourceReportId}
      />,
    );
  });

  app.post('/safety/warnings/:id/edit', { ...STAFF, bodyLimit: TEXT_BODY_LIMIT }, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    const id = parseWarningId(request.params.id);
    const w = id ? await staffWarning(ctx.core, auth(request).user, id) : null;
    if (!w || w.status === 'withdrawn') return redirectWith(request, reply, '/safety', page.t('staffSafety.error.state'));
    const input = readInput(request);
    const render = async (status: number, errors: Errors, notice?: string) =>
      sendPage(
        reply,
        status,
        <WarningFormView
          page={page}
          action={`/safety/warnings/${w.id}/edit`}
          mode={w.status === 'published' ? 'amend' : 'edit'}
          input={input}
          errors={errors}
          notice={notice}
          places={await places(page)}
          identifiers={await editIdentifiers(request, page, w)}
          reportId={w.sourceReportId}
        />,
      );
    if (!csrfValid(request)) return render(403, {}, page.t('common.csrf'));
    const broken = brokenText(request, page);
    if (Object.keys(broken).length) return render(400, broken);
    let result: SaveResult;
    try {
      result = await saveWarning(ctx.core, auth(request).user, w.id, input);
    } catch (err) {
      if (err instanceof ConcurrentEdit) return render(409, {}, page.t('staffSafety.error.changed'));
      throw err;
    }
    if (!result.ok) {
      if ('problems' in result) return render(400, errorsOf(page, result.problems));
      return redirectWith(request, reply, `/safety/warnings/${w.id}`, page.t(result.refused === 'noSecondPerson' ? 'staffSafety.action.noSecondPerson' : 'staffSafety.error.state'));
    }
    return redirectWith(request, reply, `/safety/warnings/${result.id}`, page.t(w.status === 'published' || w.amendsId ? 'staffSafety.saved.amended' : 'common.saved'));
  });

  /**
   * A workflow step: CSRF, the form's own check (`refuse`), the step, back to the warning with what happened.
   * A malformed id is no warning's: it answers as an unknown one does.
   */
  function stepRoute(path: string, run: (request: IdRequest, id: WarningId) => Promise<StepResult>, done: StaffMessageId, refuse?: (request: IdRequest) => 'badReason' | null) {
    app.post(`/safety/warnings/:id/${path}`, STAFF, async (request: IdRequest, reply) => {
      const page = await staffPage(ctx, request);
      const id = request.params.id.slice(0, 64);
      if (!csrfValid(request)) return redirectWith(request, reply, `/safety/warnings/${id}`, page.t('common.csrf'));
      const warningId = parseWarningId(id);
      const result = refuse?.(request) ?? (warningId ? await run(request, warningId) : UNKNOWN_WARNING);
      if (result === 'badReason') return redirectWith(request, reply, `/safety/warnings/${id}`, page.t('staffSafety.error.chooseReason'));
      if (!result.ok) {
        if (result.refused === 'notFound') return redirectWith(request, reply, '/safety', page.t('staffSafety.error.state'));
        const why = result.refused === 'ownDraft' ? 'staffSafety.action.needsOther' : result.refused === 'noSecondPerson' ? 'staffSafety.action.noSecondPerson' : 'staffSafety.error.state';
        return redirectWith(request, reply, `/safety/warnings/${id}`, page.t(why));
      }
      if (result.id && result.id !== id) return redirectWith(request, reply, `/safety/warnings/${result.id}`, page.t('staffSafety.saved.amendmentPublished'));
      return redirectWith(request, reply, `/safety/warnings/${id}`, page.t(done));
    });
  }

  stepRoute('submit', (r, id) => submitForApproval(ctx.core, auth(r).user, id), 'staffSafety.saved.submitted');
  stepRoute('return', (r, id) => returnToDraft(ctx.core, auth(r).user, id), 'staffSafety.saved.returned');
  stepRoute('approve', (r, id) => approve(ctx.core, auth(r).user, id, Number.parseInt(form(r).one('version'), 10) || undefined), 'staffSafety.saved.published');
  stepRoute('renew', (r, id) => renew(ctx.core, auth(r).user, id), 'staffSafety.saved.renewed');
  const reasonOf = (r: IdRequest) => form(r).one('reason');
  stepRoute(
    'withdraw',
    (r, id) => withdraw(ctx.core, auth(r).user, id, reasonOf(r) as WithdrawReason),
    'staffSafety.saved.withdrawn',
    (r) => ((WITHDRAW_REASONS as readonly string[]).includes(reasonOf(r)) ? null : 'badReason'),
  );

  // ------------------------------------------------------------ corrections

  app.get('/safety/corrections', STAFF, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const { user, keyPair } = auth(request);
    return sendPage(reply, 200, <CorrectionsView page={page} corrections={await openCorrections(ctx.core, user, keyPair)} />);
  });

  app.post('/safety/corrections/:id/resolve', STAFF, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/safety/corrections', page.t('common.csrf'));
    const outcome = form(request).one('outcome');
    if (!(CORRECTION_OUTCOMES as readonly string[]).includes(outcome)) return redirectWith(request, reply, '/safety/corrections', page.t('error.unknownChoice'));
    const ok = await resolveCorrection(ctx.core, auth(request).user, request.params.id.slice(0, 64), outcome as CorrectionOutcome);
    return redirectWith(request, reply, '/safety/corrections', page.t(ok ? 'common.saved' : 'staffSafety.error.state'));
  });

  // ------------------------------------------------------------ match notices

  app.get('/safety/matches', STAFF, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const all = (request.query as Record<string, unknown>).all === '1';
    return sendPage(reply, 200, <MatchesView page={page} notices={await matchNotices(db, auth(request).user, { includeDismissed: all })} showDismissed={all} />);
  });

  app.post('/safety/matches/:id/dismiss', STAFF, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/safety/matches', page.t('common.csrf'));
    const ok = await dismissNotice(ctx.core, auth(request).user, request.params.id.slice(0, 64));
    return redirectWith(request, reply, '/safety/matches', page.t(ok ? 'staffSafety.matches.dismissedNow' : 'staffSafety.error.state'));
  });

  // ------------------------------------------------------------ members and invite codes

  async function membersPage(request: FastifyRequest, reply: FastifyReply, status: number, extra: { newCode?: string; errors?: Errors; values?: { uses: string; days: string } } = {}) {
    const page = await staffPage(ctx, request);
    const { user } = auth(request);
    const [members, invites, areas] = await Promise.all([listMembers(db, user.organisationId), listInvites(ctx.core, user.organisationId), areaNames()]);
    return sendPage(
      reply,
      status,
      <MembersView
        page={page}
        members={members}
        invites={invites.filter((i) => i.usable)}
        newCode={extra.newCode}
        signupUrl={extra.newCode ? `${publicBaseUrl(ctx.config, 'reporter')}/members/signup?code=${encodeURIComponent(extra.newCode)}` : undefined}
        areaName={(id) => areas.name(id) ?? id}
        errors={extra.errors ?? {}}
        values={extra.values ?? { uses: '20', days: '30' }}
      />,
    );
  }

  app.get('/safety/members', STAFF, async (request, reply) => membersPage(request, reply, 200));

  for (const decision of ['approve', 'refuse', 'disable'] as const satisfies readonly MemberDecision[]) {
    app.post(`/safety/members/:id/${decision}`, STAFF, async (request: IdRequest, reply) => {
      const page = await staffPage(ctx, request);
      if (!csrfValid(request)) return redirectWith(request, reply, '/safety/members', page.t('common.csrf'));
      // A malformed id is no member's: refused as an unknown one is.
      const id = parseMemberId(request.params.id);
      const ok = id !== null && (await decideMember(ctx.core, auth(request).user, id, decision));
      return redirectWith(request, reply, '/safety/members', page.t(ok ? 'common.saved' : 'staffSafety.error.state'));
    });
  }

  app.post('/safety/invites', STAFF, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const body = form(request);
    const values = { uses: body.one('uses').trim().slice(0, 10), days: body.one('days').trim().slice(0, 10) };
    if (!csrfValid(request)) return membersPage(request, reply, 403, { values, errors: { uses: { text: page.t('common.csrf') } } });
    const uses = Number(values.uses);
    const days = Number(values.days);
    const errors: Errors = {};
    if (!Number.isInteger(uses) || uses < 1 || uses > 500) errors.uses = { text: page.t('staffSafety.error.number', { min: 1, max: 500 }) };
    if (!Number.isInteger(days) || days < 1 || days > 365) errors.days = { text: page.t('staffSafety.error.number', { min: 1, max: 365 }) };
    if (Object.keys(errors).length) return membersPage(request, reply, 400, { values, errors });
    const invite = await createInvite(ctx.core, auth(request).user, uses, days);
    // Shown once, on this page (not through a redirect): only its keyed hash is stored.
    return membersPage(request, reply, 200, { newCode: invite.code });
  });

  app.post('/safety/invites/:id/revoke', STAFF, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/safety/members', page.t('common.csrf'));
    const ok = await revokeInvite(ctx.core, auth(request).user, request.params.id.slice(0, 64));
    return redirectWith(request, reply, '/safety/members', page.t(ok ? 'common.saved' : 'staffSafety.error.state'));
  });

  // ------------------------------------------------------------ settings

  app.get('/safety/settings', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    return sendPage(reply, 200, <SettingsView page={page} values={settingsValues(await safetySettings(db, auth(request).user.organisationId))} errors={{}} />);
  });

  app.post('/safety/settings', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const body = form(request);
    const values = { checks: body.one('checks').trim().slice(0, 12), visibility: body.one('visibility'), months: body.one('months').trim().slice(0, 4), signups: body.one('signups') };
    if (!csrfValid(request)) return sendPage(reply, 403, <SettingsView page={page} values={values} errors={{ checks: { text: page.t('common.csrf') } }} />);
    const checks = Number(values.checks);
    const months = Number(values.months);
    const errors: Errors = {};
    const L = SETTINGS_LIMITS;
    if (!Number.isInteger(checks) || checks < L.checksPerDay.min || checks > L.checksPerDay.max)
      errors.checks = { text: page.t('staffSafety.error.number', { min: L.checksPerDay.min, max: L.checksPerDay.max }) };
    if (!isVisibility(values.visibility)) errors.visibility = { text: page.t('error.unknownChoice') };
    if (values.signups !== 'open' && values.signups !== 'invite') errors.signups = { text: page.t('error.unknownChoice') };
    if (!Number.isInteger(months) || months < L.expiryMonths.min || months > L.expiryMonths.max)
      errors.months = { text: page.t('staffSafety.error.number', { min: L.expiryMonths.min, max: L.expiryMonths.max }) };
    if (Object.keys(errors).length) return sendPage(reply, 400, <SettingsView page={page} values={values} errors={errors} />);
    await changeSafetySettings(ctx.core, auth(request).user, {
      checksPerDay: checks,
      defaultVisibility: values.visibility as 'network',
      expiryMonths: months,
      signups: values.signups as 'open' | 'invite',
    });
    return redirectWith(request, reply, '/safety/settings', page.t('common.saved'));
  });
}
