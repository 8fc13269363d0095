/**
 * The public, anonymous surface. Every page works without JavaScript, sets
 * no tracking cookie and is never cached. Nothing a reporter types is stored
 * before they press submit (guarantee 4): forms are re-rendered from the
 * posted values, never from server state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Context } from '../../context.js';
import type { Organisation } from '../../db/schema.js';
import { coveredAreas, listOrganisations } from '../../core/organisations/organisations.repository.js';
import { accessByReceipt, addMessage, reporterView, submitReport, verifyAccess } from '../../core/reports/reports.service.js';
import { KdfBusyError, parseReceipt } from '../../crypto/index.js';
import { REPORTER_LOCALES, negotiate, type ReporterLocale } from '../../i18n/locales.js';
import { reporterTranslator, type ReporterMessageId } from '../../i18n/reporter/index.js';
import { renderDocument } from '../html/render.js';
import { FormBody, TEXT_FORM_LIMIT } from '../plugins/form-body.js';
import { flowGate } from '../plugins/flow-limit.js';
import { csrfToken, csrfValid } from '../plugins/session.js';
import { openAccess, sealAccess } from './access-token.js';
import { ReceiptFormView, ReportForReporterView, type PendingText, type ThreadFormState } from './follow-up.view.js';
import { LandingView } from './landing.view.js';
import { MessageView } from './message.view.js';
import type { ReporterPage } from './page.js';
import { placeGroups, placeLookup } from './places.js';
import { LIMITS, emptyReportForm, readReportForm, validateReportForm, type FormErrors, type ReportFormValues } from './report.form.js';
import { ReceiptView } from './receipt.view.js';
import { errorText, ReportFormView } from './report.view.js';
import { pathOnly } from '../plugins/logging.js';
import { membersRoutes } from '../members/members.routes.js';
import { publicRoutes } from '../public/public.routes.js';
import { servicesReporterRoutes } from './services.routes.js';
import { referralsFor } from './referrals.js';
import { matchNewReport } from '../../core/matching/matching.service.js';
import { changeConsent } from '../../core/consent/consent.service.js';
import { deleteOwnReport } from '../../core/retention/retention.service.js';
import { isPoliceConsent } from '../../core/taxonomy/taxonomy.js';
import { isStorageFault } from '../../core/health/health.service.js';

/** Room for every field at its length limit in any script, percent-encoded; more is refused with 413 before parsing. */
export const FORM_BODY_LIMIT = TEXT_FORM_LIMIT;

/** Chooses the page language: `lang` in the query or form, then Accept-Language. */
export function reporterLocale(request: FastifyRequest): ReporterLocale {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = typeof query?.lang === 'string' ? query.lang : undefined;
  const fromBody = request.body instanceof FormBody ? request.body.one('lang') : undefined;
  return negotiate(REPORTER_LOCALES, fromBody || fromQuery, request.headers['accept-language']);
}

export function reporterPage(ctx: Context, request: FastifyRequest): ReporterPage {
  const lang = reporterLocale(request);
  const i18n = reporterTranslator(lang);
  const path = pathOnly(request.url);
  return {
    t: i18n.t,
    i18n,
    lang,
    path: request.method === 'GET' ? path : '/',
    quickExitUrl: ctx.config.quickExitUrl,
    demo: ctx.demo.organisations.length > 0,
    csrf: () => csrfToken(request),
  };
}

function send(reply: FastifyReply, status: number, tree: VNode): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(tree));
}

export async function reporterRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  app.get('/', async (request, reply) => {
    const orgs = await listOrganisations(db);
    return send(reply, 200, <LandingView page={reporterPage(ctx, request)} organisations={orgs.map((o) => o.name)} />);
  });

  // The places last read: when the database is away, the form still comes back, with every place and all that was typed.
  let knownAreas: Awaited<ReturnType<typeof coveredAreas>> = [];
  async function areasForForm() {
    try {
      knownAreas = await coveredAreas(db);
    } catch (err) {
      if (!isStorageFault(err)) throw err;
    }
    return knownAreas;
  }

  await areasForForm();

  async function renderForm(request: FastifyRequest, reply: FastifyReply, status: number, values: ReportFormValues, errors: FormErrors, extra: { organisations?: readonly Organisation[]; notice?: ReporterMessageId | undefined } = {}) {
    const page = reporterPage(ctx, request);
    // When storing just failed, asking the database again would only make the person wait for a second timeout.
    const areas = extra.notice === 'error.notSaved' ? knownAreas : await areasForForm();
    return send(reply, status, <ReportFormView page={page} values={values} errors={errors} placeGroups={placeGroups(page, areas)} organisations={extra.organisations} notice={extra.notice} />);
  }

  app.get('/report', async (request, reply) => renderForm(request, reply, 200, emptyReportForm(), {}));

  // The intake budget is spent before the body is read, so a flood past it costs no parsing.
  app.post('/report', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'intake', ctx.config.intakePerMinute) }, async (request, reply) => {
    const body = request.body instanceof FormBody ? request.body : new FormBody();
    const values = readReportForm(body);
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, {}, { notice: 'error.csrf' });
    const lang = reporterLocale(request);
    let result, outcome;
    try {
      const areas = await coveredAreas(db);
      result = validateReportForm(values, body.malformed, placeLookup(areas), lang, ctx.clock.now());
      if (!result.ok) return renderForm(request, reply, 400, values, result.errors);
      outcome = await submitReport(ctx.core, result.submission);
    } catch (err) {
      if (err instanceof KdfBusyError) return renderForm(request, reply, 429, values, {}, { notice: 'error.busy' });
      // The database or the data folder failed (the transaction was not committed): the form again, all typed kept.
      if (isStorageFault(err)) return renderForm(request, reply, 503, values, {}, { notice: 'error.notSaved' });
      throw err;
    }
    if (outcome.kind === 'choose') {
      return renderForm(request, reply, 400, values, values.organisation ? { organisation: { id: 'error.chooseOrganisation' } } : {}, { organisations: outcome.organisations, notice: values.organisation ? undefined : 'error.chooseOrganisation' });
    }
    if (outcome.kind === 'no-organisation') return renderForm(request, reply, 409, values, {}, { notice: 'error.noOrganisation' });
    ctx.notifier.activity(outcome.organisation.id);
    // Caseworkers of every organisation whose match notices gained this report are told there is new activity.
    // The report is stored: from here on, the receipt is shown whatever else fails (it is shown only once).
    const page = reporterPage(ctx, request);
    const submission = result.submission;
    const referrals = await afterStored(async () => {
      if (outcome.needsMatching) for (const o of await matchNewReport(ctx.core, outcome.reportId)) ctx.notifier.activity(o);
      return referralsFor(ctx, page, { countryCode: submission.countryCode, areaId: submission.areaId, categories: submission.categories });
    }, request);
    return send(reply, 200, <ReceiptView page={page} receipt={outcome.receipt} organisation={outcome.organisation.name} referrals={referrals} />);
  });

  /** Runs what follows a stored report; when storage fails there, the receipt page comes without referrals. */
  async function afterStored<T>(work: () => Promise<T>, request: FastifyRequest): Promise<T | null> {
    try {
      return await work();
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      request.log.warn({ code: 'PSL_ERR_STORAGE_UNAVAILABLE', kind: (err as { code?: unknown }).code ?? 'unknown' }, 'stored report: matching or referrals skipped');
      return null;
    }
  }

  app.get('/follow-up', async (request, reply) => send(reply, 200, <ReceiptFormView page={reporterPage(ctx, request)} receipt="" />));

  async function renderReport(request: FastifyRequest, reply: FastifyReply, status: number, access: Parameters<typeof reporterView>[1], state: ThreadFormState) {
    const page = reporterPage(ctx, request);
    const view = await reporterView(db, access);
    if (!view) return send(reply, 404, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.receiptUnknown') }} />);
    const referrals = await referralsFor(ctx, page, { countryCode: view.countryCode, areaId: view.areaId, categories: view.categories });
    return send(reply, status, <ReportForReporterView page={page} report={view} access={sealAccess(ctx.secrets.sessionKeys, access, ctx.clock.now().getTime())} state={state} referrals={referrals} />);
  }

  app.post('/follow-up', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'follow-up', ctx.config.followUpPerMinute) }, async (request, reply) => {
    const page = reporterPage(ctx, request);
    const body = request.body instanceof FormBody ? request.body : new FormBody();
    const typed = body.one('receipt').slice(0, 100);
    // Text written before an access expired comes back through this form; keep it at every step.
    const pending: PendingText | undefined = body.has('pending_message')
      ? { field: 'message', text: body.one('pending_message') }
      : body.has('pending_addition')
        ? { field: 'addition', text: body.one('pending_addition') }
        : undefined;
    const fail = (status: number, id: ReporterMessageId) => send(reply, status, <ReceiptFormView page={page} receipt={typed} error={{ text: page.t(id) }} pending={pending} />);
    if (!csrfValid(request)) return fail(403, 'error.csrf');
    // A code of the wrong length or with a wrong check digit is turned away before any Argon2id work.
    const parsed = parseReceipt(typed);
    if (!parsed.ok) return fail(400, parsed.reason === 'check' ? 'error.receiptCheck' : 'error.receiptFormat');
    let access;
    try {
      access = await accessByReceipt(ctx.core, parsed.digits);
    } catch (err) {
      if (err instanceof KdfBusyError) return fail(429, 'error.busy');
      throw err;
    }
    if (!access) return fail(404, 'error.receiptUnknown');
    return renderReport(request, reply, 200, access, { message: '', addition: '', ...(pending ? { [pending.field]: pending.text } : {}) });
  });

  for (const [path, field, kind] of [
    ['/follow-up/message', 'message', 'message'],
    ['/follow-up/add', 'addition', 'addition'],
  ] as const) {
    app.post(path, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const page = reporterPage(ctx, request);
      const body = request.body instanceof FormBody ? request.body : new FormBody();
      const text = body.one(field);
      const state: ThreadFormState = { message: '', addition: '', [field]: text };
      const opened = openAccess(ctx.secrets.sessionKeys, body.one('access'), ctx.clock.now().getTime());
      // The database failed before or while storing: the receipt form again, the text kept, nothing saved.
      const notSaved = () => send(reply, 503, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.notSaved') }} pending={{ field, text }} />);
      let known;
      try {
        known = opened.ok && (await verifyAccess(db, opened.access));
      } catch (err) {
        if (isStorageFault(err)) return notSaved();
        throw err;
      }
      if (!opened.ok || !known) {
        // The access has expired: ask for the receipt again, and keep the text they wrote.
        return send(reply, 401, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.sessionExpired') }} pending={{ field, text }} />);
      }
      const errorKey = field === 'message' ? 'messageError' : 'additionError';
      if (!csrfValid(request)) return renderReport(request, reply, 403, opened.access, { ...state, notice: page.t('error.csrf') });
      let problem: FormErrors[string];
      if (body.malformed.has(field)) problem = { id: 'error.brokenText' };
      else if (!text.trim()) problem = { id: 'error.emptyMessage' };
      else if ([...text].length > LIMITS.message) problem = { id: 'error.tooLong', values: { length: [...text].length, max: LIMITS.message } };
      if (problem) return renderReport(request, reply, 400, opened.access, { ...state, [errorKey]: errorText(page, problem) });
      try {
        await addMessage(ctx.core, { reportId: opened.access.reportId, contentKey: opened.access.contentKey, author: 'reporter', kind, authorUserId: null, text: text.trim() });
      } catch (err) {
        if (isStorageFault(err)) return notSaved();
        throw err;
      }
      try {
        const org = await db.selectFrom('reports').select('organisation_id').where('id', '=', opened.access.reportId).executeTakeFirst();
        if (org) ctx.notifier.activity(org.organisation_id);
        return await renderReport(request, reply, 200, opened.access, { message: '', addition: '', done: kind === 'message' ? 'sent' : 'added' });
      } catch (err) {
        if (!isStorageFault(err)) throw err;
        // Stored, but the thread cannot be read back now: say it was sent, plainly.
        return send(reply, 503, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.savedNotShown') }} />);
      }
    });
  }

  await app.register(servicesReporterRoutes, { ctx });
  await app.register(membersRoutes, { ctx });
  await app.register(publicRoutes, { ctx });

  /** Opens the access token of a follow-up form; answers for the reporter when it has expired. */
  async function followUpAccess(request: FastifyRequest, reply: FastifyReply) {
    const body = request.body instanceof FormBody ? request.body : new FormBody();
    const opened = openAccess(ctx.secrets.sessionKeys, body.one('access'), ctx.clock.now().getTime());
    if (!opened.ok || !(await verifyAccess(db, opened.access))) {
      const page = reporterPage(ctx, request);
      send(reply, 401, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.sessionExpired') }} />);
      return null;
    }
    return { body, access: opened.access };
  }

  app.post('/follow-up/consent', async (request, reply) => {
    const opened = await followUpAccess(request, reply);
    if (!opened) return reply;
    const page = reporterPage(ctx, request);
    if (!csrfValid(request)) return renderReport(request, reply, 403, opened.access, { message: '', addition: '', notice: page.t('error.csrf') });
    const police = opened.body.one('police');
    const statistics = opened.body.one('statistics');
    if (!isPoliceConsent(police) || (statistics !== 'yes' && statistics !== 'no')) {
      return renderReport(request, reply, 400, opened.access, { message: '', addition: '', notice: page.t('error.unknownChoice') });
    }
    await changeConsent(ctx.core, opened.access.reportId, police, statistics === 'yes');
    return renderReport(request, reply, 200, opened.access, { message: '', addition: '', done: 'consent' });
  });

  app.post('/follow-up/delete', async (request, reply) => {
    const opened = await followUpAccess(request, reply);
    if (!opened) return reply;
    const page = reporterPage(ctx, request);
    if (!csrfValid(request)) return renderReport(request, reply, 403, opened.access, { message: '', addition: '', notice: page.t('error.csrf') });
    if (opened.body.one('confirm') !== 'yes') {
      return renderReport(request, reply, 400, opened.access, { message: '', addition: '', deleteError: { text: page.t('consent.delete.needConfirm') } });
    }
    await deleteOwnReport(ctx.core, opened.access.reportId, { graceMs: ctx.config.shredGraceMs });
    return send(reply, 200, <MessageView page={page} title="consent.deleted.title" body="consent.deleted.body" />);
  });

  app.setNotFoundHandler(async (request, reply) => send(reply, 404, <MessageView page={reporterPage(ctx, request)} title="page.notFound.title" body="page.notFound.body" />));
}

/** Renders a short error page for the reporter surface (used by the error handler). */
export function reporterErrorPage(ctx: Context, request: FastifyRequest, reply: FastifyReply, status: number): FastifyReply {
  const [title, body]: [ReporterMessageId, ReporterMessageId] =
    status === 413 ? ['page.tooLarge.title', 'page.tooLarge.body'] : status === 429 ? ['page.busy.title', 'page.busy.body'] : status === 404 ? ['page.notFound.title', 'page.notFound.body'] : ['page.error.title', 'page.error.body'];
  return send(reply, status, <MessageView page={reporterPage(ctx, request)} title={title} body={body} />);
}
