/**
 * Community members, on the reporter listener (members are community
 * members, often on Tor): accounts, warnings for their areas, identifier
 * checks, Web Push and a private Atom feed. Everything works without
 * JavaScript except turning on Web Push, which needs the browser's own
 * script API; its page script and service worker are the only scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import {
  changeMemberPassword,
  deleteMember,
  endMemberSessions,
  memberAreaIds,
  memberByFeedToken,
  memberEmail,
  memberLogin,
  newFeedToken,
  revokeFeed,
  setMemberAreas,
  setMemberEmail,
  signUp,
  type Member,
  type SignupField,
  type SignupProblem,
} from '../../../core/safety/members.service.js';
import { memberCountries, setMemberLanguage } from '../../../core/safety/members.repository.js';
import { coveredAreas as cachedCoveredAreas, listAreas, listOrganisations } from '../../../core/organisations/organisations.repository.js';
import { isCategory, isIdentifierKind, type IdentifierKind } from '../../../core/taxonomy/taxonomy.js';
import { checkIdentifier, checksToday } from '../../../core/safety/checks.service.js';
import { CORRECTION_KINDS, CORRECTION_MAX, submitCorrection, type CorrectionKind } from '../../../core/safety/corrections.service.js';
import { extraPushHosts, pushEndpointProblem, pushSubscriptionCount, removePushSubscriptions, savePushSubscription, vapidKeys } from '../../../core/safety/delivery.js';
import { memberFeed } from '../../../core/safety/feed.js';
import { listWarnings, readWarning, type Viewer } from '../../../core/safety/reading.service.js';
import { safetySettings } from '../../../core/safety/settings.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import type { Area } from '../../../core/organisations/organisations.repository.js';
import { REPORTER_LOCALES } from '../../../i18n/locales.js';
import { type ReporterMessageId } from '../../../i18n/reporter/index.js';
import { sendHtml } from '../../html/render.js';
import { formOf, queryText } from '../../plugins/form-body.js';
import { pageLocale, surfacePage, withoutLang } from '../../html/page.js';
import { pathOnly } from '../../plugins/logging.js';
import { STATIC_DIR } from '../../static-dir.js';
import type { MemberPage } from './layout.view.js';
import { endMemberSession, memberCsrfToken, memberCsrfValid, registerMemberSession, setFlash, startMemberSession, takeFlash } from './member-session.js';
import {
  CheckView,
  LoginView,
  MessageView,
  SettingsView,
  SignupView,
  WarningListView,
  WarningPageView,
  type CheckState,
  type CorrectionState,
  type Errors,
  type SettingsState,
  type SignupValues,
  type WarningContext,
} from './members.view.js';
import { parseOrganisationId, parseWarningId } from '../../../core/shared/ids.js';

/** A path inside the members' pages to return to after login; anything else is ignored. */
function safeNext(raw: string): string {
  return /^\/members\/[A-Za-z0-9/_-]*$/.test(raw) && !raw.startsWith('//') ? raw : '';
}

export function memberPage(ctx: Context, request: FastifyRequest): MemberPage {
  const path = request.method === 'GET' ? withoutLang(request.url) : '/members';
  const page = surfacePage(ctx, pageLocale(request, REPORTER_LOCALES, request.member?.lang), path, () => memberCsrfToken(request));
  return { ...page, member: request.member, flash: takeFlash(request) };
}

function viewerOf(member: Member | null): Viewer | null {
  return member ? { memberId: member.id, organisationId: member.organisationId } : null;
}

const SIGNUP_ERRORS: Record<SignupProblem, ReporterMessageId> = {
  usernameFormat: 'safety.error.usernameFormat',
  usernameTaken: 'safety.error.usernameTaken',
  tooShort: 'safety.error.passwordShort',
  tooLong: 'safety.error.passwordLong',
  common: 'safety.error.passwordCommon',
  sameAsUsername: 'safety.error.passwordUsername',
  passwordMismatch: 'safety.error.passwordMismatch',
  inviteInvalid: 'safety.error.inviteInvalid',
  chooseOrganisation: 'safety.error.chooseOrganisation',
  notTakingSignups: 'safety.error.notTakingSignups',
  chooseArea: 'safety.error.chooseArea',
  tooManyAreas: 'safety.error.tooManyAreas',
};

const FIELD_NAMES: Record<SignupField, string> = { username: 'username', password: 'password', passwordAgain: 'password_again', code: 'code', organisation: 'organisation', areas: 'areas' };

export async function membersRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  await registerMemberSession(app, ctx);

  // Areas change when a coordinator edits coverage, a few times a year; every member page needs them, so each
  // instance keeps them for a few seconds.
  let areasCache: { until: number; all: Promise<Area[]>; covered: Promise<Area[]>; lookup: Promise<{ areas: Area[]; ctx: WarningContext }> } | null = null;
  const areas = () => {
    if (!areasCache || areasCache.until < Date.now()) {
      const all = listAreas(db);
      const covered = cachedCoveredAreas(db);
      const lookup = all.then((list) => {
        const byId = new Map(list.map((a) => [a.id, a.name]));
        return { areas: list, ctx: { areaName: (id: string | null) => (id ? (byId.get(id) ?? null) : null) } };
      });
      areasCache = { until: Date.now() + 10_000, all, covered, lookup };
      // A failed read is asked again by the next page (and is that page's error, not an unhandled rejection).
      Promise.all([all, covered, lookup]).catch(() => (areasCache = null));
    }
    return areasCache;
  };
  const coveredAreas = () => areas().covered;
  const areaLookup = (): Promise<{ areas: Area[]; ctx: WarningContext }> => areas().lookup;

  // The countries offered on the check page (the member's own first), asked for on every check: kept per member
  // for a few seconds, and forgotten here at once when the member changes their areas.
  const countriesCache = new Map<string, { until: number; countries: Promise<string[]> }>();
  function checkCountries(member: Member): Promise<string[]> {
    const now = Date.now();
    const hit = countriesCache.get(member.id);
    if (hit && hit.until > now) return hit.countries;
    const countries = (async () => {
      const own = await memberCountries(db, member.id);
      const all = (await coveredAreas()).map((a) => a.country_code);
      return [...own, ...[...new Set(all)].filter((c) => !own.includes(c))];
    })();
    if (countriesCache.size >= 10_000) countriesCache.clear();
    countriesCache.set(member.id, { until: now + 10_000, countries });
    countries.catch(() => {
      if (countriesCache.get(member.id)?.countries === countries) countriesCache.delete(member.id);
    });
    return countries;
  }

  /** Sends anonymous visitors to log in (GET) or refuses (POST); returns the member otherwise. */
  function requireMember(request: FastifyRequest, reply: FastifyReply): Member | null {
    if (request.member) return request.member;
    const page = memberPage(ctx, request);
    if (request.method === 'GET') {
      setFlash(request, page.t('safety.login.needed'));
      reply.code(303).redirect(`/members/login?next=${encodeURIComponent(pathOnly(request.url))}&lang=${page.lang}`);
    } else {
      sendHtml(
        reply,
        401,
        <MessageView page={page} title={page.t('safety.login.neededTitle')} body={page.t('safety.login.neededCheck')} link={{ href: '/members/login', text: page.t('safety.nav.login') }} />,
      );
    }
    return null;
  }

  app.get('/members', async (request, reply) => reply.code(303).redirect(`/members/${request.member ? 'warnings' : 'login'}?lang=${memberPage(ctx, request).lang}`));

  // ------------------------------------------------------------ login, sign-up, logout

  app.get('/members/login', async (request, reply) => {
    if (request.member) return reply.code(303).redirect('/members/warnings');
    return sendHtml(reply, 200, <LoginView page={memberPage(ctx, request)} next={safeNext(queryText((request.query as Record<string, unknown>).next, 200))} />);
  });

  app.post('/members/login', async (request, reply) => {
    const page = memberPage(ctx, request);
    const body = formOf(request);
    const username = body.one('username').slice(0, 100);
    const next = safeNext(body.one('next'));
    const fail = (status: number, id: ReporterMessageId) => sendHtml(reply, status, <LoginView page={page} username={username} error={page.t(id)} next={next} />);
    if (!memberCsrfValid(request)) return fail(403, 'error.csrf');
    if (!(await ctx.limiter.take('member-login', ctx.config.followUpPerMinute))) return fail(429, 'error.busy');
    let result;
    try {
      result = await memberLogin(ctx.core, { username, password: body.one('password') });
    } catch (err) {
      if (err instanceof KdfBusyError) return fail(429, 'error.busy');
      throw err;
    }
    if (!result.ok) {
      const id: ReporterMessageId =
        result.reason === 'locked' ? 'safety.login.locked' : result.reason === 'pending' ? 'safety.login.pending' : result.reason === 'refused' ? 'safety.login.refused' : 'safety.login.invalid';
      return fail(result.reason === 'invalid' ? 401 : 403, id);
    }
    request.member = result.member;
    startMemberSession(ctx, request, result.member);
    return reply.code(303).redirect(`${next || '/members/warnings'}?lang=${page.lang}`);
  });

  app.post('/members/logout', async (request, reply) => {
    const page = memberPage(ctx, request);
    // A forged logout is harmless, but a stale token still must not end the session.
    if (request.member && !memberCsrfValid(request)) return reply.code(303).redirect(`/members/warnings?lang=${page.lang}`);
    // Ends the member's sessions on the server too: a copy of this cookie opens nothing from now on.
    if (request.member) await endMemberSessions(db, request.member.id);
    endMemberSession(request);
    setFlash(request, page.t('safety.login.loggedOut'));
    return reply.code(303).redirect(`/members/login?lang=${page.lang}`);
  });

  async function renderSignup(request: FastifyRequest, reply: FastifyReply, status: number, values: SignupValues, errors: Errors, notice?: string) {
    const page = memberPage(ctx, request);
    const [covered, organisations] = await Promise.all([coveredAreas(), listOrganisations(db)]);
    return sendHtml(reply, status, <SignupView page={page} values={values} errors={errors} areas={covered} organisations={organisations} {...(notice ? { notice } : {})} />);
  }

  app.get('/members/signup', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    return renderSignup(request, reply, 200, { username: '', code: queryText(q.code, 40), organisation: '', areas: [] }, {});
  });

  app.post('/members/signup', async (request, reply) => {
    const page = memberPage(ctx, request);
    const body = formOf(request);
    const values: SignupValues = {
      username: body.one('username').slice(0, 200),
      code: body.one('code').slice(0, 40),
      organisation: body.one('organisation').slice(0, 64),
      areas: body.all('areas').slice(0, 100),
    };
    if (!memberCsrfValid(request)) return renderSignup(request, reply, 403, values, {}, page.t('error.csrf'));
    if (!(await ctx.limiter.take('member-signup', ctx.config.intakePerMinute))) return renderSignup(request, reply, 429, values, {}, page.t('error.busy'));
    let result;
    try {
      result = await signUp(ctx.core, {
        username: values.username,
        password: body.one('password'),
        passwordAgain: body.one('password_again'),
        code: values.code,
        organisationId: parseOrganisationId(values.organisation),
        areas: values.areas,
        lang: page.lang,
      });
    } catch (err) {
      if (err instanceof KdfBusyError) return renderSignup(request, reply, 429, values, {}, page.t('error.busy'));
      throw err;
    }
    if (!result.ok) {
      const errors: Errors = {};
      for (const [field, problem] of Object.entries(result.problems) as Array<[SignupField, SignupProblem]>) errors[FIELD_NAMES[field]] = { text: page.t(SIGNUP_ERRORS[problem]) };
      return renderSignup(request, reply, 400, values, errors);
    }
    // The same answer whether the username was free (an account was made) or already in use (nothing was):
    // the sign-up form never tells anyone who is a member. So no one is logged in here; they log in next.
    if (result.via === 'approval') {
      return sendHtml(
        reply,
        200,
        <MessageView page={page} title={page.t('safety.signup.pendingTitle')} body={page.t('safety.signup.receivedBody')} link={{ href: '/members/login', text: page.t('safety.nav.login') }} />,
      );
    }
    setFlash(request, page.t('safety.signup.readyFlash'));
    return reply.code(303).redirect(`/members/login?lang=${page.lang}`);
  });

  // ------------------------------------------------------------ reading

  app.get('/members/warnings', async (request, reply) => {
    const page = memberPage(ctx, request);
    const q = request.query as Record<string, unknown>;
    const query = { area: queryText(q.area, 64), category: isCategory(queryText(q.category, 100)) ? queryText(q.category, 100) : '' };
    const pageNo = Math.max(1, Number.parseInt(queryText(q.page, 100), 10) || 1);
    const [{ areas: all, ctx: wctx }, list, covered] = await Promise.all([
      areaLookup(),
      listWarnings(ctx.core, viewerOf(request.member), { areaId: query.area || undefined, category: query.category || undefined, page: pageNo }),
      coveredAreas(),
    ]);
    return sendHtml(reply, 200, <WarningListView page={page} list={list} query={query} areas={covered.length ? covered : all} ctx={wctx} />);
  });

  async function renderWarning(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, status: number, correction: CorrectionState) {
    const page = memberPage(ctx, request);
    const id = parseWarningId(request.params.id);
    const w = id ? await readWarning(ctx.core, viewerOf(request.member), id) : null;
    if (!w)
      return sendHtml(
        reply,
        404,
        <MessageView
          page={page}
          title={page.t('safety.warning.goneTitle')}
          body={page.t(request.member ? 'safety.warning.gone' : 'safety.warning.goneLogin')}
          link={{ href: '/members/warnings', text: page.t('safety.warning.back') }}
        />,
      );
    const { ctx: wctx } = await areaLookup();
    // The count fixed at the last approval: a live count would tell an abuser reloading the page that he was reported again.
    return sendHtml(reply, status, <WarningPageView page={page} w={w} ctx={wctx} reports={w.reportsCount ?? 0} correction={correction} />);
  }

  app.get('/members/warnings/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => renderWarning(request, reply, 200, { kind: 'correction', text: '' }));

  app.post('/members/warnings/:id/correction', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const page = memberPage(ctx, request);
    const body = formOf(request);
    const kind = body.one('kind');
    const text = body.one('text');
    const state: CorrectionState = { kind, text };
    if (!memberCsrfValid(request)) return renderWarning(request, reply, 403, { ...state, notice: page.t('error.csrf') });
    if (!(CORRECTION_KINDS as readonly string[]).includes(kind)) state.kindError = { text: page.t('safety.error.chooseKind') };
    const length = [...text.trim()].length;
    if (body.malformed.has('text')) state.error = { text: page.t('error.brokenText') };
    else if (length === 0) state.error = { text: page.t('safety.error.correctionEmpty') };
    else if (length > CORRECTION_MAX) state.error = { text: page.t('error.tooLong', { length, max: CORRECTION_MAX }) };
    if (state.error || state.kindError) return renderWarning(request, reply, 400, state);
    if (!(await ctx.limiter.take('member-correction', ctx.config.intakePerMinute))) return renderWarning(request, reply, 429, { ...state, notice: page.t('error.busy') });
    const id = parseWarningId(request.params.id);
    const ok = id ? await submitCorrection(ctx.core, viewerOf(request.member), id, kind as CorrectionKind, text.trim()) : false;
    if (!ok) return renderWarning(request, reply, 404, state);
    return renderWarning(request, reply, 200, { kind: 'correction', text: '', sent: true });
  });

  // ------------------------------------------------------------ the identifier check

  async function renderCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    member: Member,
    status: number,
    state: Omit<CheckState, 'country' | 'left'> & { country?: string; left?: number },
    known?: string[],
  ) {
    const page = memberPage(ctx, request);
    const [countries, { ctx: wctx }, left] = await Promise.all([
      known ?? checkCountries(member),
      areaLookup(),
      state.left ?? Promise.all([safetySettings(db, member.organisationId), checksToday(ctx.core, member.id)]).then(([settings, used]) => Math.max(0, settings.checksPerDay - used)),
    ]);
    const country = state.country && countries.includes(state.country) ? state.country : (countries[0] ?? 'GB');
    return sendHtml(reply, status, <CheckView page={page} state={{ ...state, country, left }} countries={countries} ctx={wctx} />);
  }

  app.get('/members/check', async (request, reply) => {
    const member = requireMember(request, reply);
    if (!member) return reply;
    return renderCheck(request, reply, member, 200, { kind: 'phone', value: '' });
  });

  app.post('/members/check', async (request, reply) => {
    const member = requireMember(request, reply);
    if (!member) return reply;
    const page = memberPage(ctx, request);
    const body = formOf(request);
    const kind = isIdentifierKind(body.one('kind')) ? (body.one('kind') as IdentifierKind) : 'phone';
    const value = body.one('value').slice(0, 300);
    const country = body.one('country').slice(0, 2).toUpperCase();
    const state = { kind, value, country };
    if (!memberCsrfValid(request)) return renderCheck(request, reply, member, 403, { ...state, notice: page.t('error.csrf') });
    if (body.malformed.has('value')) return renderCheck(request, reply, member, 400, { ...state, error: { text: page.t('error.brokenText') } });
    if (!value.trim()) return renderCheck(request, reply, member, 400, { ...state, error: { text: page.t('safety.error.checkEmpty') } });
    const countries = await checkCountries(member);
    const result = await checkIdentifier(ctx.core, viewerOf(member)!, kind, value, countries.includes(country) ? country : countries[0]);
    if (result.kind === 'invalid') {
      return renderCheck(
        request,
        reply,
        member,
        400,
        { ...state, error: { text: page.t('safety.error.checkInvalid', { kind: page.t(`identifier.${kind}`).toLocaleLowerCase(page.lang) }) } },
        countries,
      );
    }
    // The identifier service is down or over its limit: say so plainly, keep what was typed, never use another hash.
    if (result.kind === 'unavailable') return renderCheck(request, reply, member, 503, { ...state, notice: page.t('safety.check.unavailable') }, countries);
    if (result.kind === 'limited') return renderCheck(request, reply, member, 429, { ...state, notice: page.t('safety.check.limited', { limit: result.limit }), left: 0 }, countries);
    // The box is emptied after a check, so the number does not stay on the screen; the result names it.
    return renderCheck(request, reply, member, 200, { kind, value: '', country, result: { normalised: result.normalised, kind, warnings: result.warnings }, left: result.left }, countries);
  });

  // ------------------------------------------------------------ settings

  async function renderSettings(request: FastifyRequest, reply: FastifyReply, member: Member, status: number, patch: Partial<SettingsState> = {}) {
    const page = memberPage(ctx, request);
    const [covered, chosen, email, pushDevices, keys] = await Promise.all([
      coveredAreas(),
      memberAreaIds(db, member.id),
      memberEmail(ctx.core, member.id),
      pushSubscriptionCount(db, member.id),
      vapidKeys(ctx.core),
    ]);
    const state: SettingsState = { areas: chosen, email: email ?? '', notifyEmail: member.notifyEmail, errors: {}, hasFeed: member.hasFeed, pushDevices, vapidPublicKey: keys.publicKey, ...patch };
    return sendHtml(reply, status, <SettingsView page={page} state={state} areas={covered} />);
  }

  app.get('/members/settings', async (request, reply) => {
    const member = requireMember(request, reply);
    if (!member) return reply;
    return renderSettings(request, reply, member, 200);
  });

  /** A settings form: member, CSRF, then the change; back to the settings page with a notice. */
  function settingsAction(url: string, run: (request: FastifyRequest, reply: FastifyReply, member: Member, page: MemberPage) => Promise<FastifyReply | string>) {
    app.post(url, async (request, reply) => {
      const member = requireMember(request, reply);
      if (!member) return reply;
      const page = memberPage(ctx, request);
      if (!memberCsrfValid(request)) return renderSettings(request, reply, member, 403, { notice: page.t('error.csrf') });
      const out = await run(request, reply, member, page);
      if (typeof out !== 'string') return out;
      setFlash(request, out);
      return reply.code(303).redirect(`/members/settings?lang=${page.lang}`);
    });
  }

  settingsAction('/members/settings/areas', async (request, reply, member, page) => {
    const areas = formOf(request).all('areas').slice(0, 100);
    const saved = await setMemberAreas(db, member.id, areas);
    countriesCache.delete(member.id);
    if (!saved) return renderSettings(request, reply, member, 400, { areas, errors: { areas: { text: page.t('safety.error.chooseArea') } } });
    if (member.lang !== page.lang) await setMemberLanguage(db, member.id, page.lang);
    return page.t('safety.settings.saved');
  });

  settingsAction('/members/settings/email', async (request, reply, member, page) => {
    const body = formOf(request);
    const email = body.one('email').slice(0, 300);
    const notify = body.one('notify_email') === 'yes';
    if (notify && !email.trim()) return renderSettings(request, reply, member, 400, { email, notifyEmail: notify, errors: { email: { text: page.t('safety.error.emailNeeded') } } });
    if ((await setMemberEmail(ctx.core, member.id, email, notify)) === 'invalid')
      return renderSettings(request, reply, member, 400, { email, notifyEmail: notify, errors: { email: { text: page.t('safety.error.email') } } });
    if (member.lang !== page.lang) await setMemberLanguage(db, member.id, page.lang);
    return page.t('safety.settings.saved');
  });

  settingsAction('/members/settings/feed', async (request, reply, member, page) => {
    if (formOf(request).one('action') === 'off') {
      await revokeFeed(db, member.id);
      return page.t('safety.settings.feedStopped');
    }
    const token = await newFeedToken(ctx.core, member.id);
    // Shown once, on this page; only its keyed hash is stored.
    const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(request.headers.host ?? '') ? request.headers.host : '';
    const feedPath = `/members/feed.atom?key=${token}`;
    return renderSettings(request, reply, { ...member, hasFeed: true }, 200, { feedUrl: host ? `${ctx.config.secureCookies ? 'https' : 'http'}://${host}${feedPath}` : feedPath, hasFeed: true });
  });

  settingsAction('/members/settings/password', async (request, reply, member, page) => {
    const body = formOf(request);
    let result;
    try {
      result = await changeMemberPassword(ctx.core, member, body.one('current'), body.one('new'));
    } catch (err) {
      if (err instanceof KdfBusyError) return renderSettings(request, reply, member, 429, { notice: page.t('error.busy') });
      throw err;
    }
    if (!result.ok) {
      const errors: Errors =
        result.problem === 'wrongPassword'
          ? { current: { text: page.t('safety.error.wrongPassword') } }
          : result.problem === 'locked'
            ? { current: { text: page.t('safety.login.locked') } }
            : { new: { text: page.t(SIGNUP_ERRORS[result.problem]) } };
      return renderSettings(request, reply, member, 400, { errors });
    }
    startMemberSession(ctx, request, { ...member, sessionEpoch: result.epoch });
    return page.t('safety.settings.passwordChanged');
  });

  settingsAction('/members/settings/delete', async (request, reply, member, page) => {
    if (formOf(request).one('confirm') !== 'yes') return renderSettings(request, reply, member, 400, { errors: { confirm: { text: page.t('safety.error.confirmLeave') } } });
    await deleteMember(db, member.id);
    endMemberSession(request);
    return sendHtml(reply, 200, <MessageView page={page} title={page.t('safety.settings.leftTitle')} body={page.t('safety.settings.leftBody')} />);
  });

  // ------------------------------------------------------------ Web Push

  /** Called by the settings page's script with the browser's subscription (urlencoded, CSRF-protected). */
  app.post('/members/push/subscribe', async (request, reply) => {
    if (!request.member) return reply.code(401).type('text/plain; charset=utf-8').send('Log in first.');
    if (!memberCsrfValid(request)) return reply.code(403).type('text/plain; charset=utf-8').send('Stale form.');
    const body = formOf(request);
    const sub = { endpoint: body.one('endpoint').slice(0, 2000), p256dh: body.one('p256dh').slice(0, 200), auth: body.one('auth').slice(0, 100) };
    const keysOk =
      /^[A-Za-z0-9_-]{80,100}$/.test(sub.p256dh) && Buffer.from(sub.p256dh, 'base64url').length === 65 && /^[A-Za-z0-9_-]{16,30}$/.test(sub.auth) && Buffer.from(sub.auth, 'base64url').length === 16;
    if (!keysOk || pushEndpointProblem(sub.endpoint, extraPushHosts(ctx))) return reply.code(400).type('text/plain; charset=utf-8').send('Subscription refused.');
    if ((await pushSubscriptionCount(db, request.member.id)) >= 10) return reply.code(409).type('text/plain; charset=utf-8').send('Too many devices.');
    await savePushSubscription(ctx.core, request.member.id, sub);
    return reply.code(204).send();
  });

  app.post('/members/push/unsubscribe', async (request, reply) => {
    const member = requireMember(request, reply);
    if (!member) return reply;
    const page = memberPage(ctx, request);
    if (!memberCsrfValid(request)) return renderSettings(request, reply, member, 403, { notice: page.t('error.csrf') });
    await removePushSubscriptions(ctx.core, member.id);
    setFlash(request, page.t('safety.settings.pushStopped'));
    return reply.code(303).redirect(`/members/settings?lang=${page.lang}`);
  });

  const serviceWorker = fs.readFileSync(path.join(STATIC_DIR, 'members-sw.js'));
  app.get('/members/sw.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(serviceWorker));

  // ------------------------------------------------------------ the private feed

  app.get('/members/feed.atom', async (request, reply) => {
    const member = await memberByFeedToken(ctx.core, queryText((request.query as Record<string, unknown>).key, 200));
    if (!member) return reply.code(404).type('text/plain; charset=utf-8').send('No such feed.');
    return reply.type('application/atom+xml; charset=utf-8').send(await memberFeed(ctx.core, member));
  });
}
