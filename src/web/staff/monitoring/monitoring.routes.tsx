/**
 * Staff (monitors and coordinators): the operations log, CSV import and
 * export, survey waves and their results, and the statistics releases.
 * Every route names its roles (deny by default at the staff root). Notes
 * are opened with the organisation's monitoring key, which the logged-in
 * staff member's key pair unseals; each change, notes read and export is
 * audit-logged by the core.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../../context.js';
import type { StaffUser } from '../../../core/accounts/accounts.service.js';
import { holdsMonitoringKey, openMonitoringKey, type MonitoringKey } from '../../../core/monitoring/monitoring-key.js';
import { exportOperations, IMPORT_MAX_BYTES, importOperations } from '../../../core/monitoring/operations-csv.js';
import { operationFacets } from '../../../core/monitoring/operations.repository.js';
import { publishStatistics } from '../../../core/monitoring/publish.service.js';
import { createOperation, deleteOperation, findOperation, listOperations, readNotes, updateOperation } from '../../../core/monitoring/operations.service.js';
import { emptyOperationForm, FIGURES, formOf, MAX_SOURCES, validateOperation, type Figure, type OperationForm } from '../../../core/monitoring/operations.types.js';
import { findArea, listAllAreas } from '../../../core/organisations/organisations.repository.js';
import { isCountryCode } from '../../../core/places/countries.js';
import { latestRelease, releaseStatus } from '../../../core/statistics/release.service.js';
import { MAX_CUSTOM_QUESTIONS } from '../../../core/surveys/instrument.js';
import { waveResults } from '../../../core/surveys/survey-cells.js';
import { createWave, customAsText, findWave, listWaves, responseCounts, setWaveStatus, updateWave, validateWave, wavePhase, type Wave } from '../../../core/surveys/surveys.service.js';
import { REPORTER_LOCALES } from '../../../i18n/locales.js';
import type { FormBody } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { registerMultipart } from './monitoring-multipart.js';
import {
  DeleteOperationView,
  ExportView,
  ImportView,
  MonitoringLayout,
  OperationFormView,
  OperationsListView,
  OperationView,
  ReleaseView,
  WaveFormView,
  WavesListView,
  WaveView,
  type WaveFormValues,
} from './monitoring.view.js';
import type { StaffPage } from '../page.js';
import { form, redirectWith, sendPage, staffPage } from '../render.js';

const MONITORS = { config: { roles: ['monitor', 'admin'] } } as const;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function str(v: unknown, max = 40): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** Reads the operation form as typed (every value kept, to show again). */
export function readOperationForm(body: FormBody): OperationForm {
  const max = (s: string, n: number) => s.slice(0, n);
  return {
    date: max(body.one('date'), 20),
    country: max(body.one('country'), 4),
    city: max(body.one('city'), 400),
    agencies: body.all('agency').slice(0, 10),
    purpose: max(body.one('purpose'), 40),
    figures: Object.fromEntries(FIGURES.map((f) => [f, max(body.one(`fig_${f}`), 40)])) as Record<Figure, string>,
    harms: body.all('harm').slice(0, 10),
    sources: Array.from({ length: MAX_SOURCES }, (_, i) => ({
      type: max(body.one(`source_${i + 1}_type`), 40),
      title: max(body.one(`source_${i + 1}_title`), 1000),
      url: max(body.one(`source_${i + 1}_url`), 2000),
    })).filter((s, i) => i < 3 || s.type || s.title || s.url),
    published: body.one('published') === 'yes',
    notes: max(body.one('notes'), 40_000),
  };
}

function readWaveForm(body: FormBody): WaveFormValues {
  return {
    title: body.one('title').slice(0, 400),
    country: body.one('country').slice(0, 4),
    area: body.one('area').slice(0, 100),
    starts: body.one('starts').slice(0, 20),
    ends: body.one('ends').slice(0, 20),
    languages: body.all('languages').slice(0, 10),
    custom: Array.from({ length: MAX_CUSTOM_QUESTIONS }, (_, qi) => Object.fromEntries(REPORTER_LOCALES.map((l) => [l, body.one(`custom_${qi + 1}_${l}`).slice(0, 4000)]))),
  };
}

export async function staffMonitoringRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const k = ctx.config.statsK;
  registerMultipart(app);
  const user = (request: FastifyRequest): StaffUser => request.staff!.user;
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const key = (request: FastifyRequest): Promise<MonitoringKey> => openMonitoringKey(db, ctx.clock, user(request), request.staff!.keyPair);

  app.get('/monitoring', MONITORS, async (_request, reply) => reply.code(303).redirect('/monitoring/operations'));

  // ---------------------------------------------------------------- operations

  app.get('/monitoring/operations', MONITORS, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const country = isCountryCode(str(q.country, 2)) ? str(q.country, 2) : '';
    const year = /^\d{4}$/.test(str(q.year, 4)) ? str(q.year, 4) : '';
    const u = user(request);
    const [list, mk, facets] = await Promise.all([
      listOperations(db, u, { ...(country ? { country } : {}), ...(year ? { year: Number(year) } : {}), page: Math.max(1, Number.parseInt(str(q.page, 6), 10) || 1) }),
      key(request),
      operationFacets(db, u.organisationId),
    ]);
    const page = await staffPage(ctx, request);
    return sendPage(reply, 200, <OperationsListView page={page} list={list} query={{ country, year }} facets={facets} hasKey={mk.kind === 'ok'} />);
  });

  app.get('/monitoring/operations/new', MONITORS, async (request, reply) => {
    const [page, mk] = await Promise.all([staffPage(ctx, request), key(request)]);
    return sendPage(
      reply,
      200,
      <OperationFormView page={page} form={emptyOperationForm()} errors={{}} action="/monitoring/operations" title={page.t('staffStats.ops.new')} notesLocked={false} hasKey={mk.kind === 'ok'} />,
    );
  });

  app.post('/monitoring/operations', { ...MONITORS, bodyLimit: 256 * 1024 }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const values = readOperationForm(form(request));
    const again = (status: number, hasKey: boolean, errors: Record<string, string>, notice?: string) =>
      sendPage(
        reply,
        status,
        <OperationFormView page={page} form={values} errors={errors} action="/monitoring/operations" title={page.t('staffStats.ops.new')} notesLocked={false} hasKey={hasKey} notice={notice} />,
      );
    // The token first: opening the key may create it and seal it to colleagues, which a forged request must not do.
    if (!csrfValid(request)) return again(403, await holdsMonitoringKey(db, user(request)), {}, page.t('common.csrf'));
    const mk = await key(request);
    const result = validateOperation(values, today());
    if (!result.ok) return again(400, mk.kind === 'ok', result.errors as Record<string, string>);
    const id = await createOperation(ctx.core, user(request), mk, mk.kind === 'ok' ? result.value : { ...result.value, notes: '' });
    return redirectWith(request, reply, `/monitoring/operations/${id}`, page.t('staffStats.ops.saved'));
  });

  async function operationOr404(request: IdRequest, reply: FastifyReply) {
    const op = await findOperation(db, user(request), request.params.id.slice(0, 64));
    if (!op) {
      const page = await staffPage(ctx, request);
      sendPage(reply, 404, <OperationsNotFound page={page} />);
    }
    return op;
  }

  app.get('/monitoring/operations/:id', MONITORS, async (request: IdRequest, reply) => {
    const op = await operationOr404(request, reply);
    if (!op) return reply;
    const mk = await key(request);
    const notes = await readNotes(ctx.core, user(request), mk, op.id);
    return sendPage(reply, 200, <OperationView page={await staffPage(ctx, request)} op={op} notes={notes} />);
  });

  app.get('/monitoring/operations/:id/edit', MONITORS, async (request: IdRequest, reply) => {
    const op = await operationOr404(request, reply);
    if (!op) return reply;
    const mk = await key(request);
    const notes = await readNotes(ctx.core, user(request), mk, op.id);
    const page = await staffPage(ctx, request);
    return sendPage(
      reply,
      200,
      <OperationFormView
        page={page}
        form={formOf(op, notes.kind === 'ok' ? notes.text : '')}
        errors={{}}
        action={`/monitoring/operations/${op.id}`}
        title={page.t('staffStats.form.editTitle')}
        notesLocked={notes.kind === 'no-access'}
        hasKey={mk.kind === 'ok'}
      />,
    );
  });

  app.post('/monitoring/operations/:id', { ...MONITORS, bodyLimit: 256 * 1024 }, async (request: IdRequest, reply) => {
    const op = await operationOr404(request, reply);
    if (!op) return reply;
    const page = await staffPage(ctx, request);
    const values = readOperationForm(form(request));
    const again = (status: number, hasKey: boolean, errors: Record<string, string>, notice?: string) =>
      sendPage(
        reply,
        status,
        <OperationFormView
          page={page}
          form={values}
          errors={errors}
          action={`/monitoring/operations/${op.id}`}
          title={page.t('staffStats.form.editTitle')}
          notesLocked={!hasKey && op.hasNotes}
          hasKey={hasKey}
          notice={notice}
        />,
      );
    if (!csrfValid(request)) return again(403, await holdsMonitoringKey(db, user(request)), {}, page.t('common.csrf'));
    const mk = await key(request);
    // Without the key the stored notes cannot be read or replaced: they are kept as they are.
    const keepNotes = mk.kind !== 'ok';
    const result = validateOperation(values, today());
    if (!result.ok) return again(400, !keepNotes, result.errors as Record<string, string>);
    await updateOperation(ctx.core, user(request), mk, op.id, result.value, keepNotes);
    return redirectWith(request, reply, `/monitoring/operations/${op.id}`, page.t('staffStats.ops.saved'));
  });

  app.get('/monitoring/operations/:id/delete', MONITORS, async (request: IdRequest, reply) => {
    const op = await operationOr404(request, reply);
    if (!op) return reply;
    return sendPage(reply, 200, <DeleteOperationView page={await staffPage(ctx, request)} op={op} />);
  });

  app.post('/monitoring/operations/:id/delete', MONITORS, async (request: IdRequest, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, `/monitoring/operations/${request.params.id.slice(0, 64)}`, page.t('common.csrf'));
    await deleteOperation(ctx.core, user(request), request.params.id.slice(0, 64));
    return redirectWith(request, reply, '/monitoring/operations', page.t('staffStats.ops.deleted'));
  });

  app.get('/monitoring/operations/import', MONITORS, async (request, reply) => {
    const [page, mk] = await Promise.all([staffPage(ctx, request), key(request)]);
    return sendPage(reply, 200, <ImportView page={page} text="" hasKey={mk.kind === 'ok'} />);
  });

  app.post('/monitoring/operations/import', { ...MONITORS, bodyLimit: IMPORT_MAX_BYTES * 2 + 64 * 1024 }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const body = form(request);
    const pasted = body.one('text');
    const file = body.one('file');
    const text = file.trim() ? file : pasted;
    let hasKey = false;
    // Only pasted text comes back into the page; a file is read again from disk by the browser.
    const again = (status: number, extra: { problems?: Parameters<typeof ImportView>[0]['problems']; error?: string }) =>
      sendPage(
        reply,
        status,
        <ImportView page={page} text={pasted.length <= 200_000 ? pasted : ''} problems={extra.problems} error={extra.error ? { text: extra.error } : undefined} hasKey={hasKey} />,
      );
    if (!csrfValid(request)) {
      hasKey = await holdsMonitoringKey(db, user(request));
      return again(403, { error: page.t('common.csrf') });
    }
    const mk = await key(request);
    hasKey = mk.kind === 'ok';
    if (body.malformed.has('file') || (!file.trim() && body.malformed.has('text'))) return again(400, { error: page.t('staffStats.error.brokenText') });
    if (!text.trim()) return again(400, { error: page.t('staffStats.import.noInput') });
    const result = await importOperations(ctx.core, user(request), mk, text);
    if (!result.ok) return again(400, { problems: result.problems });
    return redirectWith(request, reply, '/monitoring/operations', page.t('staffStats.import.done', { count: result.imported }));
  });

  app.get('/monitoring/operations/export', MONITORS, async (request, reply) => {
    const [page, mk] = await Promise.all([staffPage(ctx, request), key(request)]);
    return sendPage(reply, 200, <ExportView page={page} hasKey={mk.kind === 'ok'} />);
  });

  app.post('/monitoring/operations/export', MONITORS, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/monitoring/operations/export', page.t('common.csrf'));
    const mk = await key(request);
    const csv = await exportOperations(ctx.core, user(request), mk, form(request).one('notes') === 'yes');
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="operations-${today()}.csv"`).send(csv);
  });

  // ---------------------------------------------------------------- survey waves

  const areas = () => listAllAreas(db);

  app.get('/monitoring/surveys', MONITORS, async (request, reply) => {
    const [page, waves, all] = await Promise.all([staffPage(ctx, request), listWaves(db, user(request).organisationId), areas()]);
    return sendPage(reply, 200, <WavesListView page={page} waves={waves} today={today()} areaNames={new Map(all.map((a) => [a.id, a.name]))} k={k} />);
  });

  const emptyWave: WaveFormValues = { title: '', country: '', area: '', starts: '', ends: '', languages: ['en'], custom: [] };

  app.get('/monitoring/surveys/new', MONITORS, async (request, reply) => {
    const page = await staffPage(ctx, request);
    return sendPage(reply, 200, <WaveFormView page={page} values={emptyWave} errors={{}} action="/monitoring/surveys" title={page.t('staffStats.surveys.new')} areas={await areas()} />);
  });

  app.post('/monitoring/surveys', { ...MONITORS, bodyLimit: 256 * 1024 }, async (request, reply) => {
    const page = await staffPage(ctx, request);
    const values = readWaveForm(form(request));
    const again = async (status: number, errors: Record<string, string>, notice?: string) =>
      sendPage(reply, status, <WaveFormView page={page} values={values} errors={errors} action="/monitoring/surveys" title={page.t('staffStats.surveys.new')} areas={await areas()} notice={notice} />);
    if (!csrfValid(request)) return again(403, {}, page.t('common.csrf'));
    const result = await validateWave(db, {
      title: values.title,
      countryCode: values.country,
      areaId: values.area,
      startsDay: values.starts,
      endsDay: values.ends,
      languages: values.languages,
      custom: values.custom,
    });
    if (!result.ok) return again(400, waveErrors(result.problems));
    const id = await createWave(ctx.core, user(request), result.value);
    return redirectWith(request, reply, `/monitoring/surveys/${id}`, page.t('staffStats.wave.saved'));
  });

  async function waveOr404(request: IdRequest, reply: FastifyReply): Promise<Wave | null> {
    const wave = await findWave(db, request.params.id.slice(0, 64));
    if (!wave || wave.organisationId !== user(request).organisationId) {
      const page = await staffPage(ctx, request);
      sendPage(reply, 404, <WaveNotFound page={page} />);
      return null;
    }
    return wave;
  }

  app.get('/monitoring/surveys/:id', MONITORS, async (request: IdRequest, reply) => {
    const wave = await waveOr404(request, reply);
    if (!wave) return reply;
    const responses = (await responseCounts(db, [wave.id])).get(wave.id) ?? 0;
    const results = wavePhase(wave, today()) === 'closed' ? await waveResults(db, wave, k) : null;
    const areaName = wave.areaId ? ((await findArea(db, wave.areaId))?.name ?? null) : null;
    return sendPage(reply, 200, <WaveView page={await staffPage(ctx, request)} wave={wave} responses={responses} today={today()} k={k} results={results} areaName={areaName} />);
  });

  app.get('/monitoring/surveys/:id/edit', MONITORS, async (request: IdRequest, reply) => {
    const wave = await waveOr404(request, reply);
    if (!wave) return reply;
    const page = await staffPage(ctx, request);
    const values: WaveFormValues = {
      title: wave.title,
      country: wave.countryCode,
      area: wave.areaId ?? '',
      starts: wave.startsDay,
      ends: wave.endsDay,
      languages: wave.languages,
      custom: customAsText(wave),
    };
    return sendPage(reply, 200, <WaveFormView page={page} values={values} errors={{}} action={`/monitoring/surveys/${wave.id}`} title={page.t('staffStats.wave.editTitle')} areas={await areas()} />);
  });

  app.post('/monitoring/surveys/:id', { ...MONITORS, bodyLimit: 256 * 1024 }, async (request: IdRequest, reply) => {
    const wave = await waveOr404(request, reply);
    if (!wave) return reply;
    const page = await staffPage(ctx, request);
    const values = readWaveForm(form(request));
    const again = async (status: number, errors: Record<string, string>, notice?: string) =>
      sendPage(
        reply,
        status,
        <WaveFormView page={page} values={values} errors={errors} action={`/monitoring/surveys/${wave.id}`} title={page.t('staffStats.wave.editTitle')} areas={await areas()} notice={notice} />,
      );
    if (!csrfValid(request)) return again(403, {}, page.t('common.csrf'));
    const result = await validateWave(db, {
      title: values.title,
      countryCode: values.country,
      areaId: values.area,
      startsDay: values.starts,
      endsDay: values.ends,
      languages: values.languages,
      custom: values.custom,
    });
    if (!result.ok) return again(400, waveErrors(result.problems));
    const outcome = await updateWave(ctx.core, user(request), wave.id, result.value);
    if (outcome === 'answered') return again(409, { languages: 'answered' });
    return redirectWith(request, reply, `/monitoring/surveys/${wave.id}`, page.t('staffStats.wave.saved'));
  });

  for (const [action, status, notice] of [
    ['open', 'open', 'staffStats.wave.opened'],
    ['close', 'closed', 'staffStats.wave.closedNotice'],
  ] as const) {
    app.post(`/monitoring/surveys/:id/${action}`, MONITORS, async (request: IdRequest, reply) => {
      const page = await staffPage(ctx, request);
      const id = request.params.id.slice(0, 64);
      if (!csrfValid(request)) return redirectWith(request, reply, `/monitoring/surveys/${id}`, page.t('common.csrf'));
      const ok = await setWaveStatus(ctx.core, user(request), id, status);
      return redirectWith(request, reply, `/monitoring/surveys/${id}`, ok ? page.t(notice) : undefined);
    });
  }

  // ---------------------------------------------------------------- statistics releases

  app.get('/monitoring/statistics', MONITORS, async (request, reply) => {
    const [page, status, latest] = await Promise.all([staffPage(ctx, request), releaseStatus(db), latestRelease(db)]);
    // While a build runs, the page asks the browser to load it again (works without JavaScript).
    if (status.building) reply.header('refresh', '5');
    return sendPage(reply, 200, <ReleaseView page={page} status={status} k={k} protection={latest ? latest.body.protection : null} />);
  });

  app.post('/monitoring/statistics/publish', MONITORS, async (request, reply) => {
    const page = await staffPage(ctx, request);
    if (!csrfValid(request)) return redirectWith(request, reply, '/monitoring/statistics', page.t('common.csrf'));
    await publishStatistics(ctx.core, user(request), k, () => app.log.error({ code: 'PSL_ERR_STATS_BUILD' }, 'statistics release build failed'));
    return redirectWith(request, reply, '/monitoring/statistics', page.t('staffStats.release.started'));
  });
}

/** Wave problems as error codes of the staff catalog. */
function waveErrors(problems: Record<string, string>): Record<string, string> {
  const map: Record<string, string> = { dateFormat: 'dayFormat' };
  return Object.fromEntries(Object.entries(problems).map(([f, p]) => [f, map[p] ?? p]));
}

function OperationsNotFound({ page }: { page: StaffPage }) {
  return (
    <MonitoringLayout page={page} title={page.t('staffStats.ops.notFound')} tab="operations">
      <h1>{page.t('staffStats.ops.notFound')}</h1>
      <p>
        <a href="/monitoring/operations">{page.t('staffStats.back')}</a>
      </p>
    </MonitoringLayout>
  );
}

function WaveNotFound({ page }: { page: StaffPage }) {
  return (
    <MonitoringLayout page={page} title={page.t('staffStats.wave.notFound')} tab="surveys">
      <h1>{page.t('staffStats.wave.notFound')}</h1>
      <p>
        <a href="/monitoring/surveys">{page.t('staffStats.back')}</a>
      </p>
    </MonitoringLayout>
  );
}
