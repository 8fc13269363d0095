/**
 * Making a report: the form and the receipt. Nothing a reporter types is
 * stored before they press submit (guarantee 4): the form is re-rendered
 * from the posted values, never from server state. Each rendering carries a
 * one-time token: the same form sent again (reload, Back, double click) makes
 * no second report, and a sent report answers with 303 to its receipt page.
 * The page is kept in memory only, for a few minutes: the same form sent
 * again shows it again, the form sent again with changes is told that they
 * were not sent (core/sessions/form-token.ts). The token reaches the receipt
 * page in a cookie of its own (15 minutes at most, cleared when read).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { isStorageFault } from '../../../core/health/health.service.js';
import { coveredAreas, type Organisation } from '../../../core/organisations/organisations.repository.js';
import { receiveReport } from '../../../core/reports/reporter.service.js';
import { FormTokenUsed, formTokenUsed, issueFormToken, keepReceiptPage, openFormToken, receiptPageOf, submissionDigest, type FormToken, type ReceiptPage } from '../../../core/sessions/form-token.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import { dayOf } from '../../../core/shared/deps.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { isLanguageSwitch, pageLocale, reporterPage } from '../../html/page.js';
import { sendHtml, withLang } from '../../html/render.js';
import { flowGate } from '../../plugins/flow-limit.js';
import { csrfValid } from '../../plugins/session.js';
import { cleanUploads, readUploadForm, registerUploads } from '../../plugins/uploads.js';
import { FILE_FIELD, uploadProblem } from '../attachments.view.js';
import { FORM_BODY_LIMIT } from '../form-limit.js';
import { MessageView } from '../message.view.js';
import { referralsFor } from '../services/referrals.js';
import { placeGroups, placeLookup } from './places.js';
import { ReceiptView } from './receipt.view.js';
import { emptyReportForm, readReportForm, validateReportForm, type FormErrors, type ReportFormValues } from './report.form.js';
import { ReportFormView } from './report.view.js';

/** The cookie that carries a sent form's token to its receipt page: as long as the page is kept (15 minutes). */
const RECEIPT_COOKIE = 'parasol_receipt';
const RECEIPT_COOKIE_SECONDS = 15 * 60;

export async function reportRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const receiptCookie = { path: '/report/receipt', httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies } as const;

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
    extra: { organisations?: readonly Organisation[]; notice?: ReporterMessageId | undefined; chooseAgain?: boolean } = {},
  ) {
    const page = reporterPage(ctx, request);
    // When storing just failed, asking the database again would only make the person wait for a second timeout.
    const areas = extra.notice === 'error.notSaved' ? knownAreas : await areasForForm();
    const token = issueFormToken(ctx.secrets.sessionKeys, today());
    return sendHtml(
      reply,
      status,
      <ReportFormView
        page={page}
        values={values}
        errors={errors}
        placeGroups={placeGroups(page, areas)}
        organisations={extra.organisations}
        notice={extra.notice}
        formToken={token}
        chooseAgain={extra.chooseAgain}
      />,
    );
  }

  // Files come as multipart/form-data, read into memory within their limits (never a temporary file).
  await registerUploads(app);

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
    return sendHtml(reply, 200, <ReceiptView page={page} receipt={shown.receipt} organisation={shown.organisation} referrals={referrals} files={shown.files ?? []} />);
  }

  const plain = (request: FastifyRequest, reply: FastifyReply, title: ReporterMessageId, body: ReporterMessageId) =>
    sendHtml(reply, 200, <MessageView page={reporterPage(ctx, request)} title={title} body={body} />);

  /** The page kept in memory for a sent form (null when gone, or when the store does not answer). */
  async function keptPage(once: FormToken, digest?: string) {
    try {
      return await receiptPageOf(ctx.receiptPages, once, digest);
    } catch {
      return null;
    }
  }

  /** To the receipt page, with the form's token in a cookie of its own that lives as long as the page is kept. */
  function toReceipt(reply: FastifyReply, tokenText: string, lang: string) {
    reply.setCookie(RECEIPT_COOKIE, tokenText, { ...receiptCookie, maxAge: RECEIPT_COOKIE_SECONDS });
    return reply.code(303).redirect(withLang('/report/receipt', lang));
  }

  /**
   * A form already sent: its receipt page again while it is kept (a few minutes), when the form sends the
   * same as the first time; a plain page saying the changes were not sent when it sends something else;
   * else a plain page. Never a second report. `atOnce`: the first sending is still finishing, so its page
   * may not be kept yet.
   */
  async function sentAlready(request: FastifyRequest, reply: FastifyReply, tokenText: string, once: FormToken, digest: string, atOnce = false) {
    let kept = await keptPage(once, digest);
    for (let i = 0; atOnce && !kept && i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      kept = await keptPage(once, digest);
    }
    if (kept?.same) return toReceipt(reply, tokenText, pageLocale(request));
    if (kept) return plain(request, reply, 'receipt.changed.title', 'receipt.changed.body');
    return plain(request, reply, 'receipt.gone.title', 'receipt.gone.body');
  }

  app.get('/report/receipt', async (request, reply) => {
    const token = request.cookies[RECEIPT_COOKIE] ?? '';
    // The cookie lives as long as the page is kept (15 minutes), so that reload and Back show the same receipt (issue 17);
    // after that neither the cookie nor the page exists anywhere.
    // A session cookie from before the receipt cookie may still hold a token: it forgets it.
    if (request.session.get('receiptForm')) request.session.set('receiptForm', undefined);
    const opened = openFormToken(ctx.secrets.sessionKeys, token, today(), 'report');
    const kept = opened.kind === 'ok' ? await keptPage(opened.token) : null;
    if (kept) return showReceipt(request, reply, kept.page);
    // Past its few minutes, or another device: nothing to show, and the cookie goes.
    if (token) reply.clearCookie(RECEIPT_COOKIE, receiptCookie);
    return plain(request, reply, 'receipt.gone.title', 'receipt.gone.body');
  });

  app.get('/report', async (request, reply) => renderForm(request, reply, 200, emptyReportForm(), {}));

  // The intake budget is spent before the body is read, so a flood past it costs no parsing.
  app.post('/report', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'intake', ctx.config.intakePerMinute) }, async (request, reply) => {
    const upload = await readUploadForm(request, FILE_FIELD);
    const body = upload.form;
    const values = readReportForm(body);
    // A language button of the form: the same form in that language, everything kept, nothing saved or checked.
    const chooseAgain = upload.chose;
    if (isLanguageSwitch(request)) return renderForm(request, reply, 200, values, {}, { chooseAgain });
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, {}, { notice: 'error.csrf', chooseAgain });
    const lang = pageLocale(request);
    const tokenText = body.one('submission');
    const opened = openFormToken(ctx.secrets.sessionKeys, tokenText, today(), 'report');
    // Shown before yesterday: a used token is no longer remembered, so this could be a second sending.
    if (opened.kind === 'stale') return renderForm(request, reply, 400, values, {}, { notice: 'form.old', chooseAgain });
    const once = opened.kind === 'ok' ? opened.token : undefined;
    // What this sending says, keyed by the form's own nonce: a second sending that differs is told so.
    const digest = once ? submissionDigest(once, values) : '';
    let result, outcome, files;
    try {
      if (once && (await formTokenUsed(db, once))) return await sentAlready(request, reply, tokenText, once, digest);
      const areas = await coveredAreas(db);
      result = validateReportForm(values, body.malformed, placeLookup(areas), lang, ctx.clock.now());
      // Files are cleaned only once the text is valid: a refused file and the form's own errors show together.
      files = result.ok ? await cleanUploads(upload, ctx.config.dataDir) : upload.problem ? { ok: false as const, problem: upload.problem } : null;
      if (!result.ok || (files && !files.ok)) {
        const errors = { ...(result.ok ? {} : result.errors), ...(files && !files.ok ? { [FILE_FIELD]: uploadProblem(files.problem) } : {}) };
        return renderForm(request, reply, 400, values, errors, { chooseAgain });
      }
      outcome = await receiveReport(ctx.core, ctx.notifier, { ...result.submission, attachments: files?.ok ? files.files : [] }, skipped(request), once);
    } catch (err) {
      // The same form, sent twice at once: the other sending stored the report.
      if (err instanceof FormTokenUsed && once) return sentAlready(request, reply, tokenText, once, digest, true);
      if (err instanceof KdfBusyError) return renderForm(request, reply, 429, values, {}, { notice: 'error.busy', chooseAgain });
      // The database or the data folder failed (the transaction was not committed): the form again, all typed kept.
      if (isStorageFault(err)) return renderForm(request, reply, 503, values, {}, { notice: 'error.notSaved', chooseAgain });
      throw err;
    }
    if (outcome.kind === 'choose') {
      return renderForm(request, reply, 400, values, values.organisation ? { organisation: { id: 'error.chooseOrganisation' } } : {}, {
        organisations: outcome.organisations,
        notice: values.organisation ? undefined : 'error.chooseOrganisation',
        chooseAgain,
      });
    }
    if (outcome.kind === 'no-organisation') return renderForm(request, reply, 409, values, {}, { notice: 'error.noOrganisation', chooseAgain });
    // The report is stored: from here on, the receipt is shown whatever else fails.
    const submission = result.submission;
    const shown: ReceiptPage = {
      receipt: outcome.receipt,
      organisation: outcome.organisation.name,
      countryCode: submission.countryCode,
      areaId: submission.areaId,
      categories: submission.categories,
      files: files?.ok ? files.files.map((f) => ({ name: f.name, cleaning: f.cleaning })) : [],
    };
    if (once) {
      try {
        await keepReceiptPage(ctx.receiptPages, once, shown, digest);
        return toReceipt(reply, tokenText, lang);
      } catch {
        // The page could not be kept (Redis did not answer): the receipt straight away, shown once.
        request.log.warn({ code: 'PSL_ERR_RECEIPT_PAGE_NOT_KEPT' }, 'sent report: receipt page not kept, shown at once');
      }
    }
    // A form without our token (a page kept from before tokens), or a page that could not be kept: the receipt straight away, shown once.
    return showReceipt(request, reply, shown);
  });
}
