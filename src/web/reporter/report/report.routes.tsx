/**
 * Making a report: the form and the receipt. Nothing a reporter types is
 * stored before they press submit (guarantee 4): the form is re-rendered
 * from the posted values, never from server state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { isStorageFault } from '../../../core/health/health.service.js';
import { coveredAreas, type Organisation } from '../../../core/organisations/organisations.repository.js';
import { receiveReport } from '../../../core/reports/reporter.service.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { pageLocale, reporterPage } from '../../html/page.js';
import { sendHtml } from '../../html/render.js';
import { flowGate } from '../../plugins/flow-limit.js';
import { csrfValid } from '../../plugins/session.js';
import { cleanUploads, readUploadForm, registerUploads } from '../../plugins/uploads.js';
import { FILE_FIELD, uploadProblem } from '../attachments.view.js';
import { FORM_BODY_LIMIT } from '../form-limit.js';
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
    extra: { organisations?: readonly Organisation[]; notice?: ReporterMessageId | undefined; chooseAgain?: boolean } = {},
  ) {
    const page = reporterPage(ctx, request);
    // When storing just failed, asking the database again would only make the person wait for a second timeout.
    const areas = extra.notice === 'error.notSaved' ? knownAreas : await areasForForm();
    return sendHtml(
      reply,
      status,
      <ReportFormView page={page} values={values} errors={errors} placeGroups={placeGroups(page, areas)} organisations={extra.organisations} notice={extra.notice} chooseAgain={extra.chooseAgain} />,
    );
  }

  // Files come as multipart/form-data, read into memory within their limits (never a temporary file).
  await registerUploads(app);

  app.get('/report', async (request, reply) => renderForm(request, reply, 200, emptyReportForm(), {}));

  // The intake budget is spent before the body is read, so a flood past it costs no parsing.
  app.post('/report', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'intake', ctx.config.intakePerMinute) }, async (request, reply) => {
    const upload = await readUploadForm(request, FILE_FIELD);
    const body = upload.form;
    const values = readReportForm(body);
    const chooseAgain = upload.chose;
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, {}, { notice: 'error.csrf', chooseAgain });
    const lang = pageLocale(request);
    let result, outcome, files;
    try {
      const areas = await coveredAreas(db);
      result = validateReportForm(values, body.malformed, placeLookup(areas), lang, ctx.clock.now());
      // Files are cleaned only once the text is valid: a refused file and the form's own errors show together.
      files = result.ok ? await cleanUploads(upload, ctx.config.dataDir) : upload.problem ? { ok: false as const, problem: upload.problem } : null;
      if (!result.ok || (files && !files.ok)) {
        const errors = { ...(result.ok ? {} : result.errors), ...(files && !files.ok ? { [FILE_FIELD]: uploadProblem(files.problem) } : {}) };
        return renderForm(request, reply, 400, values, errors, { chooseAgain });
      }
      outcome = await receiveReport(ctx.core, ctx.notifier, { ...result.submission, attachments: files?.ok ? files.files : [] }, skipped(request));
    } catch (err) {
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
    // The report is stored: from here on, the receipt is shown whatever else fails (it is shown only once).
    const page = reporterPage(ctx, request);
    const submission = result.submission;
    let referrals = null;
    try {
      referrals = await referralsFor(ctx, page, { countryCode: submission.countryCode, areaId: submission.areaId, categories: submission.categories });
    } catch (err) {
      if (!isStorageFault(err)) throw err;
      skipped(request)(err);
    }
    return sendHtml(reply, 200, <ReceiptView page={page} receipt={outcome.receipt} organisation={outcome.organisation.name} referrals={referrals} files={files?.ok ? files.files : []} />);
  });
}
