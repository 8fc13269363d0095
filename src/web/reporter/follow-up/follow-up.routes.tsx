/**
 * Coming back with a receipt: the report, its thread, messages and
 * additions, the consent choices and deleting the report. After the receipt,
 * the forms carry a short-lived access token instead of it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { changeReporterChoices } from '../../../core/consent/consent.service.js';
import { isStorageFault } from '../../../core/health/health.service.js';
import { parseReceipt } from '../../../core/reports/receipts.js';
import { addReporterText } from '../../../core/reports/reporter.service.js';
import { accessByReceipt, reporterView, verifyAccess } from '../../../core/reports/reports.service.js';
import { deleteOwnReport } from '../../../core/retention/retention.service.js';
import { openAccess, sealAccess } from '../../../core/sessions/access-token.js';
import { FormTokenUsed, formTokenUsed, issueFormToken, openFormToken } from '../../../core/sessions/form-token.js';
import { KdfBusyError } from '../../../core/shared/busy.js';
import { dayOf } from '../../../core/shared/deps.js';
import { isPoliceConsent } from '../../../core/taxonomy/taxonomy.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { isLanguageSwitch, reporterPage } from '../../html/page.js';
import { sendHtml } from '../../html/render.js';
import { flowGate } from '../../plugins/flow-limit.js';
import { formOf } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { sendDownload } from '../../plugins/downloads.js';
import { cleanUploads, readUploadForm, registerUploads } from '../../plugins/uploads.js';
import { FILE_FIELD, uploadProblem } from '../attachments.view.js';
import { openAttachment } from '../../../core/attachments/attachments.service.js';
import { FORM_BODY_LIMIT } from '../form-limit.js';
import { MessageView } from '../message.view.js';
import { LIMITS, type FormErrors } from '../report/report.form.js';
import { errorText } from '../report/report.view.js';
import { referralsFor } from '../services/referrals.js';
import { ReceiptFormView, ReportForReporterView, type PendingText, type ThreadFormState } from './follow-up.view.js';

export async function followUpRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;

  // Messages and additions may carry files (multipart/form-data), read into memory within their limits.
  await registerUploads(app);

  app.get('/follow-up', async (request, reply) => sendHtml(reply, 200, <ReceiptFormView page={reporterPage(ctx, request)} receipt="" />));

  async function renderReport(request: FastifyRequest, reply: FastifyReply, status: number, access: Parameters<typeof reporterView>[1], state: ThreadFormState) {
    const page = reporterPage(ctx, request);
    const view = await reporterView(db, access);
    if (!view) return sendHtml(reply, 404, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.receiptUnknown') }} />);
    const referrals = await referralsFor(ctx, page, { countryCode: view.countryCode, areaId: view.areaId, categories: view.categories });
    return sendHtml(
      reply,
      status,
      <ReportForReporterView
        page={page}
        report={view}
        access={sealAccess(ctx.secrets.sessionKeys, access, ctx.clock.now().getTime())}
        state={state}
        referrals={referrals}
        formToken={issueFormToken(ctx.secrets.sessionKeys, dayOf(ctx.clock))}
      />,
    );
  }

  app.post('/follow-up', { bodyLimit: FORM_BODY_LIMIT, onRequest: flowGate(ctx.limiter, 'follow-up', ctx.config.followUpPerMinute) }, async (request, reply) => {
    const page = reporterPage(ctx, request);
    const body = formOf(request);
    const typed = body.one('receipt').slice(0, 100);
    // Text written before an access expired comes back through this form; keep it at every step.
    const pending: PendingText | undefined = body.has('pending_message')
      ? { field: 'message', text: body.one('pending_message') }
      : body.has('pending_addition')
        ? { field: 'addition', text: body.one('pending_addition') }
        : undefined;
    const fail = (status: number, id: ReporterMessageId) => sendHtml(reply, status, <ReceiptFormView page={page} receipt={typed} error={{ text: page.t(id) }} pending={pending} />);
    // A language button of the form: the same form in that language, all typed kept, nothing checked.
    if (isLanguageSwitch(request)) return sendHtml(reply, 200, <ReceiptFormView page={page} receipt={typed} pending={pending} />);
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
      const upload = await readUploadForm(request, FILE_FIELD);
      const page = reporterPage(ctx, request);
      const body = upload.form;
      const text = body.one(field);
      // Both boxes are in one form: what is typed in the other one is kept.
      const other = field === 'message' ? 'addition' : 'message';
      const state: ThreadFormState = { message: '', addition: '', [field]: text, [other]: body.one(other), ...(upload.chose ? { chooseAgain: field } : {}) };
      const opened = openAccess(ctx.secrets.sessionKeys, body.one('access'), ctx.clock.now().getTime());
      // The database failed before or while storing: the receipt form again, the text kept, nothing saved.
      const notSaved = () => sendHtml(reply, 503, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.notSaved') }} pending={{ field, text }} />);
      let known;
      try {
        known = opened.ok && (await verifyAccess(db, opened.access));
      } catch (err) {
        if (isStorageFault(err)) return notSaved();
        throw err;
      }
      if (!opened.ok || !known) {
        // The access has expired: ask for the receipt again, and keep the text they wrote.
        return sendHtml(reply, 401, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.sessionExpired') }} pending={{ field, text }} />);
      }
      const errorKey = field === 'message' ? 'messageError' : 'additionError';
      if (isLanguageSwitch(request)) return renderReport(request, reply, 200, opened.access, state);
      if (!csrfValid(request)) return renderReport(request, reply, 403, opened.access, { ...state, notice: page.t('error.csrf') });
      // The same form sent again for the same action (reload, Back, a double click): stored already, so this
      // sending stores nothing and says so, its text kept in the box of a fresh form. Each button of the form
      // (message, addition) has its own mark, so the other one still stores what it sends.
      // (A form older than a day cannot get here: its access token expires within hours.)
      const token = openFormToken(ctx.secrets.sessionKeys, body.one('submission'), dayOf(ctx.clock), kind);
      const once = token.kind === 'ok' ? token.token : undefined;
      const done = { ...state, [field]: '', done: kind === 'message' ? 'sent' : 'added' } as const;
      const notAgain = () => renderReport(request, reply, 200, opened.access, { ...state, notice: page.t('followUp.notSentAgain') });
      try {
        if (once && (await formTokenUsed(db, once))) return await notAgain();
      } catch (err) {
        if (isStorageFault(err)) return notSaved();
        throw err;
      }
      let problem: FormErrors[string];
      if (body.malformed.has(field)) problem = { id: 'error.brokenText' };
      else if (!text.trim()) problem = { id: 'error.emptyMessage' };
      else if ([...text].length > LIMITS.message) problem = { id: 'error.tooLong', values: { length: [...text].length, max: LIMITS.message } };
      const files = problem ? null : await cleanUploads(upload, ctx.config.dataDir);
      if (problem || (files && !files.ok)) {
        const fileKey = field === 'message' ? 'messageFileError' : 'additionFileError';
        return renderReport(request, reply, 400, opened.access, {
          ...state,
          ...(problem ? { [errorKey]: errorText(page, problem) } : {}),
          ...(files && !files.ok ? { [fileKey]: errorText(page, uploadProblem(files.problem)) } : {}),
        });
      }
      try {
        await addReporterText(
          ctx.core,
          ctx.notifier,
          opened.access,
          kind,
          text.trim(),
          (err) => request.log.warn({ code: 'PSL_ERR_STORAGE_UNAVAILABLE', kind: (err as { code?: unknown }).code ?? 'unknown' }, 'stored message: notice skipped'),
          once,
          files?.ok ? files.files : [],
        );
      } catch (err) {
        if (err instanceof FormTokenUsed) return notAgain();
        if (isStorageFault(err)) return notSaved();
        throw err;
      }
      try {
        return await renderReport(request, reply, 200, opened.access, done);
      } catch (err) {
        if (!isStorageFault(err)) throw err;
        // Stored, but the thread cannot be read back now: say it was sent, plainly.
        return sendHtml(reply, 503, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.savedNotShown') }} />);
      }
    });
  }

  /** Opens the access token of a follow-up form; answers for the reporter when it has expired. */
  async function followUpAccess(request: FastifyRequest, reply: FastifyReply) {
    const body = formOf(request);
    const opened = openAccess(ctx.secrets.sessionKeys, body.one('access'), ctx.clock.now().getTime());
    if (!opened.ok || !(await verifyAccess(db, opened.access))) {
      const page = reporterPage(ctx, request);
      sendHtml(reply, 401, <ReceiptFormView page={page} receipt="" error={{ text: page.t('error.sessionExpired') }} />);
      return null;
    }
    return { body, access: opened.access };
  }

  // A file of the thread, for the reporter who holds the access token: a form post (the token never goes into a URL), answered as a download.
  app.post('/follow-up/attachment', { compress: false }, async (request, reply) => {
    const opened = await followUpAccess(request, reply);
    if (!opened) return reply;
    if (!csrfValid(request)) return renderReport(request, reply, 403, opened.access, { message: '', addition: '', notice: reporterPage(ctx, request).t('error.csrf') });
    const file = await openAttachment(db, opened.access.reportId, opened.body.one('id').slice(0, 64), opened.access.contentKey);
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file);
  });

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
    // One transaction: every choice of the form is stored, or none is.
    await changeReporterChoices(ctx.core, ctx.notifier, opened.access.reportId, { police, statistics: statistics === 'yes', stopWarning: opened.body.one('stop_warning') === 'yes' });
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
    await deleteOwnReport(ctx.core, opened.access.reportId);
    return sendHtml(reply, 200, <MessageView page={page} title="consent.deleted.title" body="consent.deleted.body" />);
  });
}
