/**
 * Making a report: the form and the receipt. Nothing a reporter types is
 * stored before they press submit (guarantee 4): the form is re-rendered
 * from the posted values, never from server state.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { coveredAreas, type Organisation } from '../../../core/organisations/organisations.repository.js';
import { receiveReport } from '../../../core/reports/reporter.service.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { pageLocale, reporterPage } from '../../html/page.js';
import { sendHtml } from '../../html/render.js';
import { flowGate } from '../../plugins/flow-limit.js';
import { formOf } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { FORM_BODY_LIMIT } from '../form-limit.js';
import { referralsFor } from '../services/referrals.js';
import { placeGroups, placeLookup } from './places.js';
import { ReceiptView } from './receipt.view.js';
import { emptyReportForm, readReportForm, validateReportForm, type FormErrors, type ReportFormValues } from './report.form.js';
import { ReportFormView } from './report.view.js';

export async function reportRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  async function renderForm(request: FastifyRequest, reply: FastifyReply, status: number, values: ReportFormValues, errors: FormErrors, extra: { organisations?: readonly Organisation[]; notice?: ReporterMessageId | undefined } = {}) {
    const page = reporterPage(ctx, request);
    const areas = await coveredAreas(db);
    return sendHtml(reply, status, <ReportFormView page={page} values={values} errors={errors} placeGroups={placeGroups(page, areas)} organisations={extra.organisations} notice={extra.notice} />);
  }

  app.get('/report', async (request, reply) => renderForm(request, reply, 200, emptyReportForm(), {}));

  // The intake budget is spent before the body is read, so a flood past it costs no parsing.
  app.post('/report', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'intake', ctx.config.intakePerMinute) }, async (request, reply) => {
    const body = formOf(request);
    const values = readReportForm(body);
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, {}, { notice: 'error.csrf' });
    const lang = pageLocale(request);
    const areas = await coveredAreas(db);
    const result = validateReportForm(values, body.malformed, placeLookup(areas), lang, ctx.clock.now());
    if (!result.ok) return renderForm(request, reply, 400, values, result.errors);
    let outcome;
    try {
      outcome = await receiveReport(ctx.core, ctx.notifier, result.submission);
    } catch (err) {
      if (err instanceof KdfBusyError) return renderForm(request, reply, 429, values, {}, { notice: 'error.busy' });
      throw err;
    }
    if (outcome.kind === 'choose') {
      return renderForm(request, reply, 400, values, values.organisation ? { organisation: { id: 'error.chooseOrganisation' } } : {}, { organisations: outcome.organisations, notice: values.organisation ? undefined : 'error.chooseOrganisation' });
    }
    if (outcome.kind === 'no-organisation') return renderForm(request, reply, 409, values, {}, { notice: 'error.noOrganisation' });
    const page = reporterPage(ctx, request);
    const referrals = await referralsFor(ctx, page, { countryCode: result.submission.countryCode, areaId: result.submission.areaId, categories: result.submission.categories });
    return sendHtml(reply, 200, <ReceiptView page={page} receipt={outcome.receipt} organisation={outcome.organisation.name} referrals={referrals} />);
  });
}
