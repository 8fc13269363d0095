/** The inbox and the case: reading, replying, notes and case management. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { addNote, assign, caseAccess, colleagues, grantAccess, markSpam, reply as sendReply, setStatus, setTags, type CaseAccess, type InboxFilter } from '../../../core/cases/cases.service.js';
import { casePage, inboxPage, mergeByPrefix } from '../../../core/cases/case-pages.service.js';
import { isCategory, REPORT_STATUSES, type Category, type ReportStatus } from '../../../core/taxonomy/taxonomy.js';
import type { StaffMessageId } from '../../../i18n/staff/index.js';
import { TEXT_FORM_LIMIT } from '../../plugins/form-body.js';
import { sendDownload } from '../../plugins/downloads.js';
import { cleanUploads, readUploadForm, registerUploads, type UploadProblem } from '../../plugins/uploads.js';
import { MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, megabytes, readAttachmentForStaff } from '../../../core/attachments/attachments.service.js';
import { csrfValid } from '../../plugins/session.js';
import { CaseView, InboxView, NoAccessView, type CaseFormState, type IdentityState, type InboxQuery } from './cases.view.js';
import { mayDisclose } from '../../../core/consent/disclosure.service.js';
import { readReleasedContact, REASON_MAX, requestRelease } from '../../../core/consent/identity.service.js';
import { form, redirectWith, sendPage, staffPage, str } from '../render.js';
import type { StaffAuth } from '../accounts/staff-session.js';
import { parseReportId, parseUserId } from '../../../core/shared/ids.js';

export const TEXT_MAX = 20_000;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

export async function casesRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const auth = (request: FastifyRequest): StaffAuth => request.staff!;

  // Replies may carry files (multipart/form-data), read into memory within their limits.
  await registerUploads(app);

  /** The message next to the reply's file input for a refused upload. */
  function fileProblem(problem: UploadProblem): { id: StaffMessageId; values?: Record<string, string | number> } {
    switch (problem.kind) {
      case 'tooBig':
        return { id: 'case.file.tooBig', values: { name: problem.name, max: megabytes(MAX_FILE_BYTES) } };
      case 'tooMany':
        return { id: 'case.file.tooMany', values: { max: MAX_FILES } };
      case 'total':
        return { id: 'case.file.total', values: { max: megabytes(MAX_TOTAL_BYTES) } };
      case 'noSpace':
        return { id: 'case.file.noSpace' };
      case 'unreadable':
        return { id: 'case.file.unreadable', values: { name: problem.name } };
    }
  }

  // A monitor has no inbox: their start page is monitoring.
  app.get('/', { config: { anyRole: true } }, async (request, reply) => reply.code(303).redirect(auth(request).user.role === 'monitor' ? '/monitoring' : '/inbox'));

  app.get('/inbox', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const query: InboxQuery = { status: str(q.status), area: str(q.area), category: str(q.category), assignee: str(q.assignee), sort: str(q.sort), waiting: str(q.waiting) === '1' ? '1' : '' };
    const status = ([...REPORT_STATUSES, 'spam'] as string[]).includes(query.status) ? (query.status as ReportStatus | 'spam') : 'all';
    const filter: InboxFilter = {
      status,
      ...(query.area ? { areaId: query.area } : {}),
      ...(isCategory(query.category) ? { category: query.category as Category } : {}),
      ...(query.assignee ? { assignee: query.assignee === 'me' || query.assignee === 'none' ? query.assignee : (parseUserId(query.assignee) ?? 'unknown') } : {}),
      sort: query.sort === 'created' ? 'created' : 'activity',
      waiting: query.waiting === '1',
      page: Math.max(1, Number.parseInt(str(q.page), 10) || 1),
    };
    const { user } = auth(request);
    const result = await inboxPage(db, user, filter);
    const page = await staffPage(ctx, request);
    return sendPage(reply, 200, <InboxView page={page} inbox={result.inbox} query={query} areas={result.areas} staff={result.staff} unreadable={result.unreadable} />);
  });

  /** Opens the case or answers for the caseworker who cannot (404 outside their organisation, a notice without a key). */
  async function withAccess(request: IdRequest, reply: FastifyReply): Promise<Extract<CaseAccess, { kind: 'ok' }> | null> {
    const a = auth(request);
    const id = parseReportId(request.params.id);
    const access: CaseAccess = id ? await caseAccess(ctx.core, a.user, a.keyPair, id) : { kind: 'not-found' };
    if (access.kind === 'ok') return access;
    const page = await staffPage(ctx, request);
    if (access.kind === 'not-found') {
      sendPage(reply, 404, <NoAccessView page={page} shownId={request.params.id.slice(0, 64)} colleagues={[]} />);
      return null;
    }
    sendPage(reply, 403, <NoAccessView page={page} shownId={access.report.id} colleagues={await colleagues(db, a.user, access.report.id)} />);
    return null;
  }

  async function renderCase(request: IdRequest, reply: FastifyReply, status: number, access: Extract<CaseAccess, { kind: 'ok' }>, state: CaseFormState) {
    const a = auth(request);
    // Only opening the page marks the thread as seen; a page answering a posted form does not.
    const { view, areas, colleagues: people, release, marks } = await casePage(ctx.core, a.user, access, { markRead: request.method === 'GET' });
    const identity: IdentityState = release ? { status: release.status as IdentityState['status'], day: release.day } : { status: 'none', day: null };
    const page = await staffPage(ctx, request);
    return sendPage(reply, status, <CaseView page={page} view={view} areas={areas} colleagues={people} state={state} identity={identity} canDisclose={mayDisclose(access.report)} marks={marks} />);
  }

  // A file of the report or its thread, decrypted for a caseworker who can open the report (a logged read), always as a download.
  app.get('/reports/:id/attachments/:file', { compress: false }, async (request: FastifyRequest<{ Params: { id: string; file: string } }>, reply) => {
    const access = await withAccess(request as IdRequest, reply);
    if (!access) return reply;
    const file = await readAttachmentForStaff(ctx.core, auth(request).user, access, request.params.file.slice(0, 64));
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file);
  });

  app.get('/reports/:id', async (request: IdRequest, reply) => {
    const access = await withAccess(request, reply);
    if (!access) return reply;
    return renderCase(request, reply, 200, access, { reply: '', note: '' });
  });

  /** Validates a free-text field; returns the error message id, or null. */
  function textProblem(request: FastifyRequest, field: string, text: string): { id: StaffMessageId; values?: Record<string, number> } | null {
    if (form(request).malformed.has(field)) return { id: 'error.brokenText' };
    if (!text.trim()) return { id: 'error.textEmpty' };
    const length = [...text].length;
    if (length > TEXT_MAX) return { id: 'error.textTooLong', values: { length, max: TEXT_MAX } };
    return null;
  }

  for (const [path, field] of [
    ['reply', 'reply'],
    ['note', 'note'],
  ] as const) {
    app.post(`/reports/:id/${path}`, { bodyLimit: TEXT_FORM_LIMIT }, async (request: IdRequest, reply) => {
      const access = await withAccess(request, reply);
      if (!access) return reply;
      const upload = await readUploadForm(request, 'attachments');
      const page = await staffPage(ctx, request);
      const text = form(request).one(field);
      const state: CaseFormState = { reply: '', note: '', [field]: text, chooseAgain: field === 'reply' && upload.chose };
      const errorKey = field === 'reply' ? 'replyError' : 'noteError';
      if (!csrfValid(request)) return renderCase(request, reply, 403, access, { ...state, [errorKey]: { text: page.t('common.csrf') } });
      const problem = textProblem(request, field, text);
      const files = field === 'reply' && !problem ? await cleanUploads(upload, ctx.config.dataDir) : null;
      if (problem || (files && !files.ok)) {
        const fileError = files && !files.ok ? fileProblem(files.problem) : null;
        return renderCase(request, reply, 400, access, {
          ...state,
          ...(problem ? { [errorKey]: { text: page.t(problem.id, problem.values) } } : {}),
          ...(fileError ? { fileError: { text: page.t(fileError.id, fileError.values) } } : {}),
        });
      }
      if (field === 'reply') await sendReply(ctx.core, auth(request).user, access, text.trim(), files?.ok ? files.files : []);
      else await addNote(ctx.core, auth(request).user, access, text.trim());
      return redirectWith(request, reply, `/reports/${access.report.id}#${field === 'reply' ? 'reply' : 'note'}`, page.t('common.saved'));
    });
  }

  /** A small state change: CSRF, the change, then back to the case. */
  function action(path: string, run: (request: IdRequest, access: Extract<CaseAccess, { kind: 'ok' }>) => Promise<StaffMessageId | null>) {
    app.post(`/reports/:id/${path}`, async (request: IdRequest, reply) => {
      const access = await withAccess(request, reply);
      if (!access) return reply;
      const page = await staffPage(ctx, request);
      if (!csrfValid(request)) return redirectWith(request, reply, `/reports/${access.report.id}`, page.t('common.csrf'));
      const problem = await run(request, access);
      return redirectWith(request, reply, `/reports/${access.report.id}`, page.t(problem ?? 'common.saved'));
    });
  }

  action('status', async (request, access) => {
    const status = form(request).one('status');
    if (!(REPORT_STATUSES as readonly string[]).includes(status)) return 'error.unknownChoice';
    await setStatus(ctx.core, auth(request).user, access.report.id, status as ReportStatus);
    return null;
  });
  action('assign', async (request, access) => {
    const to = form(request).one('assignee');
    // Empty: nobody. A malformed id is no colleague's, and is refused as an unknown one is.
    const assignee = to ? parseUserId(to) : null;
    if (to && !assignee) return 'error.unknownChoice';
    return (await assign(ctx.core, auth(request).user, access.report.id, assignee)) ? null : 'error.unknownChoice';
  });
  action('tags', async (request, access) => {
    await setTags(ctx.core, auth(request).user, access.report.id, form(request).one('tags').split(/\s+/));
    return null;
  });
  action('spam', async (request, access) => {
    await markSpam(ctx.core, auth(request).user, access.report.id, form(request).one('spam') === 'yes');
    return null;
  });
  action('grant', async (request, access) => {
    const colleague = parseUserId(form(request).one('colleague'));
    return colleague && (await grantAccess(ctx.core, auth(request).user, access, colleague)) ? null : 'error.unknownChoice';
  });
  action('merge', async (request, access) => {
    const typed = form(request).one('into').trim().toLowerCase();
    if (!/^[0-9a-f]{6,32}$/.test(typed)) return 'error.mergeTarget';
    return (await mergeByPrefix(ctx.core, auth(request).user, access.report.id, typed)) ? null : 'error.mergeTarget';
  });

  app.post('/reports/:id/identity/request', async (request: IdRequest, reply) => {
    const access = await withAccess(request, reply);
    if (!access) return reply;
    const page = await staffPage(ctx, request);
    const reason = form(request).one('reason');
    if (!csrfValid(request)) return renderCase(request, reply, 403, access, { reply: '', note: '', reason, reasonError: { text: page.t('common.csrf') } });
    const problem = textProblem(request, 'reason', reason);
    const tooLong = [...reason].length > REASON_MAX;
    if (problem || tooLong) {
      const text = tooLong ? page.t('error.textTooLong', { length: [...reason].length, max: REASON_MAX }) : page.t(problem!.id, problem!.values);
      return renderCase(request, reply, 400, access, { reply: '', note: '', reason, reasonError: { text } });
    }
    await requestRelease(ctx.core, auth(request).user, access.report.id, access.contentKey, reason.trim());
    return redirectWith(request, reply, `/reports/${access.report.id}`, page.t('common.saved'));
  });

  app.post('/reports/:id/identity/reveal', async (request: IdRequest, reply) => {
    const access = await withAccess(request, reply);
    if (!access) return reply;
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, `/reports/${access.report.id}`, page.t('common.csrf'));
    const a = auth(request);
    const contact = await readReleasedContact(ctx.core, a.user, a.keyPair, access.report.id);
    return renderCase(request, reply, 200, access, { reply: '', note: '', contact });
  });
}
