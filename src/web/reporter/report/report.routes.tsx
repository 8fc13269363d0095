/**
 * Making a report: the form and the receipt. Nothing a reporter types is
 * stored before they press submit (guarantee 4): the form is re-rendered
 * from the posted values, never from server state. Each rendering carries a
 * one-time token: the same form sent again (reload, Back, double click) makes
 * no second report, and a sent report answers with 303 to its receipt page,
 * which a reload shows again for a few minutes (core/sessions/form-token.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { isStorageFault } from '../../../core/health/health.service.js';
import { coveredAreas, type Organisation } from '../../../core/organisations/organisations.repository.js';
import { receiveReport } from '../../../core/reports/reporter.service.js';
import { FormTokenUsed, formTokenUse, issueFormToken, openFormToken, type ReceiptPage } from '../../../core/sessions/form-token.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import { dayOf } from '../../../core/shared/deps.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { isLanguageSwitch, pageLocale, reporterPage } from '../../html/page.js';
import { sendHtml, withLang } from '../../html/render.js';
import { flowGate } from '../../plugins/flow-limit.js';
import { formOf } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { FORM_BODY_LIMIT } from '../form-limit.js';
import { MessageView } from '../message.view.js';
import { referralsFor } from '../services/referrals.js';
import { placeGroups, placeLookup } from './places.js';
import { ReceiptView } from './receipt.view.js';
import { emptyReportForm, readReportForm, validateReportForm, type FormErrors, type ReportFormValues } from './report.form.js';
import { ReportFormView } from './report.view.js';

export async function reportRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

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

  /** Logs that a stored report's matching or referrals were skipped because storage failed (the code only, never content). */
  const skipped = (request: FastifyRequest) => (err: unknown) =>
    request.log.warn({ code: 'PSL_ERR_STORAGE_UNAVAILABLE', kind: (err as { code?: unknown }).code ?? 'unknown' }, 'stored report: matching or referrals skipped');

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: ReportFormValues,
    errors: FormErrors,
    extra: { organisations?: readonly Organisation[]; notice?: ReporterMessageId | undefined } = {},
  ) {
    const page = reporterPage(ctx, request);
    // When storing just failed, asking the database again would only make the person wait for a second timeout.
    const areas = extra.notice === 'error.notSaved' ? knownAreas : await areasForForm();
    const token = issueFormToken(ctx.secrets.sessionKeys, today());
    return sendHtml(
      reply,
      status,
      <ReportFormView page={page} values={values} errors={errors} placeGroups={placeGroups(page, areas)} organisations={extra.organisations} notice={extra.notice} formToken={token} />,
    );
  }

  const today = () => dayOf(ctx.clock);

  /** The receipt page of a sent report: a GET, so that reload and Back ask for it again and never send the form again. */
  async function showReceipt(request: FastifyRequest, reply: FastifyReply, shown: ReceiptPage) {
    const page = reporterPage(ctx, request);
    let referrals = null;
    try {
      referrals = await referralsFor(ctx, page, { countryCode: shown.countryCode, areaId: shown.areaId, categories: shown.categories });
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      skipped(request)(err);
    }
    return sendHtml(reply, 200, <ReceiptView page={page} receipt={shown.receipt} organisation={shown.organisation} referrals={referrals} />);
  }

  /** A form already sent: its receipt page again while the cookie still holds its token, else a plain page (never a second report). */
  function sentAlready(request: FastifyRequest, reply: FastifyReply, token: string, shown: ReceiptPage | null) {
    if (shown) {
      request.session.set('receiptForm', token);
      return reply.code(303).redirect(withLang('/report/receipt', pageLocale(request)));
    }
    return sendHtml(reply, 200, <MessageView page={reporterPage(ctx, request)} title="receipt.gone.title" body="receipt.gone.body" />);
  }

  app.get('/report/receipt', async (request, reply) => {
    const token = request.session.get('receiptForm') ?? '';
    const opened = openFormToken(ctx.secrets.sessionKeys, token, today());
    const use = opened.kind === 'ok' ? await formTokenUse(db, opened.token, today(), ctx.clock.now().getTime()) : null;
    if (use?.used && use.page) return showReceipt(request, reply, use.page);
    // Past its few minutes, or another device: nothing to show, and the cookie forgets the token.
    if (token) request.session.set('receiptForm', undefined);
    return sendHtml(reply, 200, <MessageView page={reporterPage(ctx, request)} title="receipt.gone.title" body="receipt.gone.body" />);
  });

  app.get('/report', async (request, reply) => renderForm(request, reply, 200, emptyReportForm(), {}));

  // The intake budget is spent before the body is read, so a flood past it costs no parsing.
  app.post('/report', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'intake', ctx.config.intakePerMinute) }, async (request, reply) => {
    const body = formOf(request);
    const values = readReportForm(body);
    // A language button of the form: the same form in that language, everything kept, nothing saved or checked.
    if (isLanguageSwitch(request)) return renderForm(request, reply, 200, values, {});
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, {}, { notice: 'error.csrf' });
    const lang = pageLocale(request);
    const tokenText = body.one('submission');
    const opened = openFormToken(ctx.secrets.sessionKeys, tokenText, today());
    // Shown before yesterday: a used token is no longer remembered, so this could be a second sending.
    if (opened.kind === 'stale') return renderForm(request, reply, 400, values, {}, { notice: 'form.old' });
    const once = opened.kind === 'ok' ? opened.token : undefined;
    let result, outcome;
    try {
      if (once) {
        const use = await formTokenUse(db, once, today(), ctx.clock.now().getTime());
        if (use.used) return sentAlready(request, reply, tokenText, use.page);
      }
      const areas = await coveredAreas(db);
      result = validateReportForm(values, body.malformed, placeLookup(areas), lang, ctx.clock.now());
      if (!result.ok) return renderForm(request, reply, 400, values, result.errors);
      outcome = await receiveReport(ctx.core, ctx.notifier, result.submission, skipped(request), once);
    } catch (err) {
      // The same form, sent twice at once: the other sending stored the report.
      if (err instanceof FormTokenUsed && once) {
        const use = await formTokenUse(db, once, today(), ctx.clock.now().getTime());
        return sentAlready(request, reply, tokenText, use.used ? use.page : null);
      }
      if (err instanceof KdfBusyError) return renderForm(request, reply, 429, values, {}, { notice: 'error.busy' });
      // The database or the data folder failed (the transaction was not committed): the form again, all typed kept.
      if (isStorageFault(err)) return renderForm(request, reply, 503, values, {}, { notice: 'error.notSaved' });
      throw err;
    }
    if (outcome.kind === 'choose') {
      return renderForm(request, reply, 400, values, values.organisation ? { organisation: { id: 'error.chooseOrganisation' } } : {}, {
        organisations: outcome.organisations,
        notice: values.organisation ? undefined : 'error.chooseOrganisation',
      });
    }
    if (outcome.kind === 'no-organisation') return renderForm(request, reply, 409, values, {}, { notice: 'error.noOrganisation' });
    // The report is stored: from here on, the receipt is shown whatever else fails.
    const submission = result.submission;
    if (once) {
      request.session.set('receiptForm', tokenText);
      return reply.code(303).redirect(withLang('/report/receipt', lang));
    }
    // A form without our token (a page kept from before tokens): the receipt straight away, shown once.
    return showReceipt(request, reply, {
      receipt: outcome.receipt,
      organisation: outcome.organisation.name,
      countryCode: submission.countryCode,
      areaId: submission.areaId,
      categories: submission.categories,
    });
  });
}
