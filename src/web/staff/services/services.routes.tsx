/**
 * Staff: the services directory (entries, CSV import and export) and
 * referrals in a case. Directory pages are for admins; referrals are for whoever can read the case (its content key
 * was sealed to them), like case notes. Every form checks CSRF first, and a
 * failed form comes back with everything typed and the errors next to their
 * fields.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import { caseAccess, type CaseAccess } from '../../../core/cases/cases.service.js';
import { listCoveredAreas, organisationAreas } from '../../../core/organisations/organisations.repository.js';
import { isReferralOutcome, recordReferral, REFERRAL_NOTE_MAX, updateReferral } from '../../../core/services/referrals.service.js';
import { decodeCsv, IMPORT_MAX_BYTES } from '../../../core/services/services.csv.js';
import { findService, organisationServices, setServiceStatus, toFields } from '../../../core/services/services.repository.js';
import { decideServiceChange, listPendingServiceChanges, otherOrganisationsServices, proposeServiceChange } from '../../../core/services/service-changes.service.js';
import { exportOwnServices, importOwnServices, referralsPage, saveOwnService, saveServiceDescriptions, type DescriptionsProblem } from '../../../core/services/services.service.js';
import { REPORTER_LOCALES } from '../../../i18n/locales.js';
import type { StaffPage } from '../page.js';
import { descriptionValues, ServiceDescriptionsView } from './service-descriptions.view.js';
import { emptyServiceFields, SERVICE_FIELDS, type ServiceFields } from '../../../core/services/services.validation.js';
import { editorStanding, listEditors } from '../../../core/rights/editors.service.js';
import { dayOf } from '../../../core/shared/deps.js';
import { FormBody } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';
import { NetworkServicesView, NetworkServiceUnavailableView } from './network.view.js';
import { formErrors, ImportView, ServiceFormView, ServicesListView } from './services-admin.view.js';
import { ReferralsView, type ReferralFormState } from './services-referrals.view.js';
import { parseReportId, parseServiceId, type OrganisationId, type ServiceId } from '../../../core/shared/ids.js';

const ADMIN = { config: { roles: ['admin'] } } as const;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The service fields of a posted form (check boxes give several values). */
function serviceFieldsOf(body: FormBody): ServiceFields {
  const fields = emptyServiceFields();
  for (const f of SERVICE_FIELDS) fields[f] = f === 'categories' ? body.all('categories').join(' ') : body.one(f);
  return fields;
}

export async function staffServicesRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  // Only this plugin takes file uploads (the CSV import); the limits bound memory per request.
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 4, fieldSize: IMPORT_MAX_BYTES, parts: 6, headerPairs: 50 } });

  const me = (request: FastifyRequest) => request.staff!.user;

  // ---- The directory -------------------------------------------------------------------------

  app.get('/admin/services', ADMIN, async (request, reply) => {
    const [services, areas] = await Promise.all([organisationServices(db, me(request).organisationId), listCoveredAreas(db)]);
    return sendPage(reply, 200, <ServicesListView page={await staffPage(ctx, request)} services={services} areas={areas} />);
  });

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: ServiceFields,
    serviceId: ServiceId | null,
    problems: Parameters<typeof formErrors>[1] = [],
    notice?: string,
    name?: string,
  ) {
    const page = await staffPage(ctx, request);
    // Only the areas the organisation covers are offered: it publishes services nowhere else.
    const areas = await organisationAreas(db, me(request).organisationId);
    return sendPage(
      reply,
      status,
      <ServiceFormView page={page} values={values} errors={formErrors(page, problems)} areas={areas} serviceId={serviceId} {...(name ? { name } : {})} {...(notice ? { notice } : {})} />,
    );
  }

  app.get('/admin/services/new', ADMIN, async (request, reply) => renderForm(request, reply, 200, emptyServiceFields(), null));

  async function saveService(request: FastifyRequest, reply: FastifyReply, serviceId: ServiceId | null, name?: string) {
    const body = form(request);
    const values = serviceFieldsOf(body);
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return renderForm(request, reply, 403, values, serviceId, [], page.t('common.csrf'), name);
    const result = await saveOwnService(ctx.core, me(request).organisationId, serviceId, values, body.malformed);
    if (!result.ok) return renderForm(request, reply, 400, values, serviceId, result.problems, undefined, name);
    return redirectWith(request, reply, '/admin/services', page.t('common.saved'));
  }

  app.post('/admin/services/new', ADMIN, async (request, reply) => saveService(request, reply, null));

  /** One of the admin's organisation's services, or a 404 page. */
  async function ownService(request: IdRequest, reply: FastifyReply) {
    const id = parseServiceId(request.params.id.slice(0, 64));
    const service = id ? await findService(db, id) : undefined;
    if (service && service.organisationId === me(request).organisationId) return service;
    await reply.callNotFound();
    return null;
  }

  app.get('/admin/services/:id', ADMIN, async (request: IdRequest, reply) => {
    const service = await ownService(request, reply);
    if (!service) return reply;
    return renderForm(request, reply, 200, toFields(service), service.id, [], undefined, service.name);
  });

  app.post('/admin/services/:id', ADMIN, async (request: IdRequest, reply) => {
    const service = await ownService(request, reply);
    if (!service) return reply;
    return saveService(request, reply, service.id, service.name);
  });

  // ---- Descriptions in the readers' languages ------------------------------------------------

  function descriptionErrors(page: StaffPage, problems: readonly DescriptionsProblem[]) {
    const out: Record<string, { text: string }> = {};
    for (const p of problems)
      out[p.field] = { text: p.id === 'tooLong' ? page.t('error.textTooLong', { length: p.length, max: p.max }) : page.t(p.id === 'brokenText' ? 'error.brokenText' : 'error.unknownChoice') };
    return out;
  }

  app.get('/admin/services/:id/descriptions', ADMIN, async (request: IdRequest, reply) => {
    const service = await ownService(request, reply);
    if (!service) return reply;
    return sendPage(reply, 200, <ServiceDescriptionsView page={await staffPage(ctx, request)} service={service} values={descriptionValues(service)} errors={{}} />);
  });

  app.post('/admin/services/:id/descriptions', ADMIN, async (request: IdRequest, reply) => {
    const service = await ownService(request, reply);
    if (!service) return reply;
    const page = await staffPage(ctx, request);
    const body = form(request);
    const values: Record<string, string> = { own_lang: body.one('own_lang').slice(0, 16) };
    for (const l of REPORTER_LOCALES) values[`description_${l}`] = body.one(`description_${l}`);
    const render = (status: number, errors: Record<string, { text: string }>, notice?: string) =>
      sendPage(reply, status, <ServiceDescriptionsView page={page} service={service} values={values} errors={errors} notice={notice} />);
    if (!csrfValid(request)) return render(403, {}, page.t('common.csrf'));
    const texts = Object.fromEntries(REPORTER_LOCALES.map((l) => [l, values[`description_${l}`] ?? '']));
    const result = await saveServiceDescriptions(ctx.core, me(request).organisationId, service.id, values.own_lang ?? '', texts, body.malformed);
    if (!result.ok) return 'problems' in result ? render(400, descriptionErrors(page, result.problems)) : reply.callNotFound();
    return redirectWith(request, reply, `/admin/services/${service.id}/descriptions`, page.t('common.saved'));
  });

  for (const change of ['retire', 'restore'] as const) {
    app.post(`/admin/services/:id/${change}`, ADMIN, async (request: IdRequest, reply) => {
      const service = await ownService(request, reply);
      if (!service) return reply;
      const page = await staffPage(ctx, request);
      if (!csrfValid(request)) return redirectWith(request, reply, '/admin/services', page.t('common.csrf'));
      await setServiceStatus(db, service.organisationId, service.id, change === 'retire' ? 'retired' : 'active', dayOf(ctx.clock));
      return redirectWith(request, reply, '/admin/services', page.t(change === 'retire' ? 'staffServices.retired' : 'staffServices.restored'));
    });
  }

  // ---- CSV import and export -----------------------------------------------------------------

  app.get('/admin/services/import', ADMIN, async (request, reply) => sendPage(reply, 200, <ImportView page={await staffPage(ctx, request)} csvText="" />));

  app.post('/admin/services/import', ADMIN, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const fail = (status: number, text: string, csvText = '') => sendPage(reply, status, <ImportView page={page} error={{ text }} csvText={csvText} />);
    if (!request.isMultipart()) return fail(400, page.t('staffServices.import.noInput'));
    const fields = new FormBody();
    let file: Buffer | null = null;
    let tooLarge = false;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.file.truncated) tooLarge = true;
          else if (bytes.length > 0) file = bytes;
        } else if (typeof part.value === 'string') {
          fields.add(part.fieldname, part.value.replace(/\r\n?/g, '\n'), false);
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT') tooLarge = true;
      else throw err;
    }
    // The CSRF check reads the form's token from a FormBody, as for every other form.
    request.body = fields;
    const pasted = fields.one('csv');
    if (!csrfValid(request)) return fail(403, page.t('common.csrf'), pasted);
    if (tooLarge) return fail(413, page.t('staffServices.import.tooLarge', { max: IMPORT_MAX_BYTES / (1024 * 1024) }), pasted);
    let text: string;
    if (file) {
      const decoded = decodeCsv(file);
      if (decoded === null) return fail(400, page.t('staffServices.import.encoding'), pasted);
      text = decoded;
    } else if (pasted.trim()) {
      text = pasted;
    } else {
      return fail(400, page.t('staffServices.import.noInput'));
    }
    const result = await importOwnServices(ctx.core, me(request).organisationId, text);
    if (!result.ok) {
      const p = result.problem;
      const message =
        p.code === 'tooLarge'
          ? page.t('staffServices.import.tooLarge', { max: p.max / (1024 * 1024) })
          : p.code === 'unreadable'
            ? page.t('staffServices.import.unreadable', { line: p.line })
            : p.code === 'missingColumns'
              ? page.t('staffServices.import.missingColumns', { columns: p.columns.join(', ') })
              : p.code === 'tooManyRows'
                ? page.t('staffServices.import.tooManyRows', { max: p.max })
                : page.t(`staffServices.import.${p.code}`);
      return fail(400, message, file ? '' : pasted);
    }
    // 422 when some rows were refused (the good ones are stored all the same): the page is the report either way.
    return sendPage(reply, result.rejected.length ? 422 : 200, <ImportView page={await staffPage(ctx, request)} csvText="" result={result} />);
  });

  app.get('/admin/services/export.csv', ADMIN, async (request, reply) => {
    const { csv } = await exportOwnServices(ctx.core, me(request));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="parasol-services-${dayOf(ctx.clock)}.csv"`)
      .send(csv);
  });

  // ---- Referrals in a case ---------------------------------------------------------------------

  type OpenCase = Extract<CaseAccess, { kind: 'ok' }>;
  type ReferralRequest = FastifyRequest<{ Params: { id: string; rid?: string } }>;

  async function openCase(request: ReferralRequest, reply: FastifyReply): Promise<OpenCase | null> {
    const auth = request.staff!;
    const id = parseReportId(request.params.id);
    const access: CaseAccess = id ? await caseAccess(ctx.core, auth.user, auth.keyPair, id) : { kind: 'not-found' };
    if (access.kind === 'ok') return access;
    if (access.kind === 'not-found') await reply.callNotFound();
    else {
      const page = await staffPage(ctx, request);
      await redirectWith(request, reply, `/reports/${access.report.id}`, page.t('case.noAccess'));
    }
    return null;
  }

  async function renderReferrals(request: ReferralRequest, reply: FastifyReply, status: number, access: OpenCase, state: ReferralFormState) {
    const report = access.report;
    const { referrals, ranked, others, names } = await referralsPage(ctx.core, me(request), access);
    const page = await staffPage(ctx, request);
    return sendPage(
      reply,
      status,
      <ReferralsView page={page} reportId={report.id} countryCode={report.country_code} referrals={referrals} ranked={ranked} others={others} names={names} state={state} />,
    );
  }

  app.get('/reports/:id/referrals', async (request: ReferralRequest, reply) => {
    const access = await openCase(request, reply);
    if (!access) return reply;
    return renderReferrals(request, reply, 200, access, { serviceId: '', outcome: 'suggested', note: '' });
  });

  function noteProblem(request: FastifyRequest, note: string): { id: 'staffServices.error.brokenText' | 'staffServices.error.tooLong'; values?: Record<string, number> } | null {
    if (form(request).malformed.has('note')) return { id: 'staffServices.error.brokenText' };
    const length = [...note].length;
    if (length > REFERRAL_NOTE_MAX) return { id: 'staffServices.error.tooLong', values: { length, max: REFERRAL_NOTE_MAX } };
    return null;
  }

  app.post('/reports/:id/referrals', async (request: ReferralRequest, reply) => {
    const access = await openCase(request, reply);
    if (!access) return reply;
    const page = await staffPage(ctx, request);
    const body = form(request);
    const state: ReferralFormState = { serviceId: body.one('service').slice(0, 64), outcome: body.one('outcome').slice(0, 40), note: body.one('note') };
    if (!csrfValid(request)) return renderReferrals(request, reply, 403, access, { ...state, serviceError: { text: page.t('common.csrf') } });
    const outcomeOk = isReferralOutcome(state.outcome);
    const problem = noteProblem(request, state.note);
    const serviceId = parseServiceId(state.serviceId);
    const service = serviceId ? await findService(db, serviceId) : undefined;
    const serviceOk = service?.status === 'active';
    if (!serviceOk || !outcomeOk || problem) {
      return renderReferrals(request, reply, 400, access, {
        ...state,
        ...(serviceOk ? {} : { serviceError: { text: page.t('staffServices.error.chooseService') } }),
        ...(outcomeOk ? {} : { outcomeError: { text: page.t('staffServices.error.chooseOutcome') } }),
        ...(problem ? { noteError: { text: page.t(problem.id, problem.values) } } : {}),
      });
    }
    const id = await recordReferral(ctx.core, me(request), access, { serviceId: service.id, outcome: state.outcome as Parameters<typeof recordReferral>[3]['outcome'], note: state.note.trim() });
    if (!id) return renderReferrals(request, reply, 400, access, { ...state, serviceError: { text: page.t('staffServices.error.chooseService') } });
    return redirectWith(request, reply, `/reports/${access.report.id}/referrals`, page.t('common.saved'));
  });

  app.post('/reports/:id/referrals/:rid', async (request: ReferralRequest, reply) => {
    const access = await openCase(request, reply);
    if (!access) return reply;
    const page = await staffPage(ctx, request);
    const back = `/reports/${access.report.id}/referrals`;
    if (!csrfValid(request)) return redirectWith(request, reply, back, page.t('common.csrf'));
    const body = form(request);
    const outcome = body.one('outcome');
    const note = body.one('note');
    const problem = noteProblem(request, note);
    if (!isReferralOutcome(outcome)) return redirectWith(request, reply, back, page.t('staffServices.error.chooseOutcome'));
    if (problem) return redirectWith(request, reply, back, page.t(problem.id, problem.values));
    const ok = await updateReferral(ctx.core, me(request), access, String(request.params.rid ?? '').slice(0, 64), { outcome, note: note.trim() });
    return redirectWith(request, reply, back, page.t(ok ? 'common.saved' : 'error.unknownChoice'));
  });

  // ---- Other organisations' services: network content, corrected by editors, two by two ----------
  // Like country profiles: an editor proposes, a second editor approves; with fewer than two editors the page says why.

  async function networkStanding(request: FastifyRequest) {
    const [standing, editors] = await Promise.all([editorStanding(db, me(request).id), listEditors(db)]);
    return { standing, editors };
  }

  app.get('/admin/services/network', ADMIN, async (request, reply) => {
    const user = me(request);
    const [services, state, changes] = await Promise.all([otherOrganisationsServices(db, user.organisationId), networkStanding(request), listPendingServiceChanges(db)]);
    return sendPage(reply, 200, <NetworkServicesView page={await staffPage(ctx, request)} services={services} {...state} changes={changes} me={user.id} />);
  });

  /** Another organisation's active entry, or a 404 page. */
  async function otherService(request: IdRequest, reply: FastifyReply) {
    const id = parseServiceId(request.params.id.slice(0, 64));
    const service = id ? await findService(db, id) : undefined;
    if (service && service.status === 'active' && service.organisationId !== me(request).organisationId) return service;
    await reply.callNotFound();
    return null;
  }

  async function renderCorrection(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    serviceId: ServiceId,
    organisationId: OrganisationId,
    name: string,
    values: ServiceFields,
    problems: Parameters<typeof formErrors>[1] = [],
    notice?: string,
  ) {
    const page = await staffPage(ctx, request);
    // The entry stays in its own organisation's areas.
    const areas = await organisationAreas(db, organisationId);
    return sendPage(
      reply,
      status,
      <ServiceFormView
        page={page}
        values={values}
        errors={formErrors(page, problems)}
        areas={areas}
        serviceId={serviceId}
        name={name}
        action={`/admin/services/network/${serviceId}`}
        {...(notice ? { notice } : {})}
      />,
    );
  }

  app.get('/admin/services/network/:id', ADMIN, async (request: IdRequest, reply) => {
    const service = await otherService(request, reply);
    if (!service) return reply;
    const state = await networkStanding(request);
    if (state.standing.kind !== 'editor') return sendPage(reply, 403, <NetworkServiceUnavailableView page={await staffPage(ctx, request)} {...state} />);
    return renderCorrection(request, reply, 200, service.id, service.organisationId, service.name, toFields(service));
  });

  app.post('/admin/services/network/:id', ADMIN, async (request: IdRequest, reply) => {
    const service = await otherService(request, reply);
    if (!service) return reply;
    const page = await staffPage(ctx, request);
    const body = form(request);
    const values = serviceFieldsOf(body);
    if (!csrfValid(request)) return renderCorrection(request, reply, 403, service.id, service.organisationId, service.name, values, [], page.t('common.csrf'));
    const result = await proposeServiceChange(ctx.core, me(request), service.id, values, body.malformed);
    if (result.kind === 'not-editor' || result.kind === 'too-few') return sendPage(reply, 403, <NetworkServiceUnavailableView page={page} standing={result} editors={await listEditors(db)} />);
    if (result.kind === 'not-found') return reply.callNotFound();
    if (result.kind === 'invalid') return renderCorrection(request, reply, 400, service.id, service.organisationId, service.name, values, result.problems);
    return redirectWith(request, reply, '/admin/services/network', page.t(result.kind === 'proposed' ? 'network.proposed' : 'network.unchanged'));
  });

  for (const decision of ['approve', 'refuse'] as const) {
    app.post(`/admin/services/network/changes/:id/${decision}`, ADMIN, async (request: IdRequest, reply) => {
      const page = await staffPage(ctx, request);
      const back = '/admin/services/network';
      if (!csrfValid(request)) return redirectWith(request, reply, back, page.t('common.csrf'));
      const result = await decideServiceChange(ctx.core, me(request), request.params.id.slice(0, 64), decision === 'approve');
      const notice =
        result === 'approved'
          ? page.t('network.services.approved')
          : result === 'refused'
            ? page.t('network.services.refused')
            : result === 'own'
              ? page.t('network.changes.own')
              : result === 'stale'
                ? page.t('network.services.stale')
                : result === 'not-editor'
                  ? page.t('network.services.notEditor')
                  : result === 'too-few'
                    ? page.t('network.services.tooFewEditors', { count: (await listEditors(db)).length })
                    : page.t('network.changes.gone');
      return redirectWith(request, reply, back, notice);
    });
  }
}
