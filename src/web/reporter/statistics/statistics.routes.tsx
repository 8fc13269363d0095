/**
 * Public statistics, charts, maps, open data and the evidence report, and
 * the anonymous survey forms, on the reporter listener. Every page works
 * without JavaScript. Statistics pages read the current release (built once,
 * stored, protected); charts are rendered on the server and cached.
 * Survey forms store nothing until they are sent, and then only the answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Context } from '../../../context.js';
import { allPublishedOperations, listPublishedOperations, operationTotals, publishedOperationFacets } from '../../../core/monitoring/operations.service.js';
import { areaNames, findOrganisation } from '../../../core/organisations/organisations.repository.js';
import { COUNTRY_CODES, countryName } from '../../../core/places/countries.js';
import { currentRelease, type Release } from '../../../core/statistics/release.service.js';
import { allTables, breakdownByModel, legalModelTable, monthTable, type Table } from '../../../core/statistics/tables.js';
import { STANDARD_QUESTIONS, waveQuestions } from '../../../core/surveys/instrument.js';
import { findWave, submitResponse, validateAnswers, wavePhase, type Wave } from '../../../core/surveys/surveys.service.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { renderDocument, sendHtml, withLang } from '../../html/render.js';
import { formOf, queryText } from '../../plugins/form-body.js';
import { csrfValid } from '../../plugins/session.js';
import { barChart, columnChart, groupedChart, type BarDatum } from './charts.js';
import { EVIDENCE_LIST_MAX, EvidenceView, type EvidenceChoice } from './evidence.view.js';
import { choropleth, countClasses } from './map.js';
import { OpenDataView } from './open-data.view.js';
import { operationsCsv, operationsJson, statisticsJson, tableCsv, tableJson, totalsCsv, totalsJson } from './open-data.js';
import { OperationsView, type OperationsFilter } from './operations.view.js';
import { publicPage, type PublicPage } from '../../html/page.js';
import { ReportsView, type ReportsCharts } from './statistics.view.js';
import { SurveyFormView, SurveyMessageView, SurveysView, type SurveyErrors } from './surveys.view.js';
import { cellText, labelText } from './tables.view.js';

/** A small cache of rendered chart bundles by release, language and page. */
class ChartCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  get(key: string, make: () => Promise<T>): Promise<T> {
    let hit = this.entries.get(key);
    if (!hit) {
      hit = make();
      this.entries.set(key, hit);
      hit.catch(() => this.entries.delete(key));
      while (this.entries.size > 64) this.entries.delete(this.entries.keys().next().value!);
    }
    return hit;
  }
}

/** Rows of a one-column published table as bars (no bar where the count is not shown). */
function bars(page: PublicPage, table: Table, column: number, rows = table.rows.filter((r) => r.kind === 'item')): BarDatum[] {
  return rows.map((r) => {
    const v = r.cells[column]?.value ?? null;
    return { label: labelText(page.i18n, r.label), value: typeof v === 'number' ? v : null, text: cellText(page.i18n, page.k, v) };
  });
}

async function reportsCharts(page: PublicPage, release: Release): Promise<ReportsCharts> {
  const body = release.body;
  const { t } = page;
  const models = legalModelTable(body);
  const months = monthTable(body);
  const categories = breakdownByModel(body, 'cat');
  const perps = breakdownByModel(body, 'perp');
  const all = categories.columns.length - 1;
  const shortMonth = new Intl.DateTimeFormat(page.lang, { year: '2-digit', month: 'short', timeZone: 'UTC' });
  const monthRows = months.rows.filter((r) => r.level === 1);
  const { classes, classFor } = countClasses(body.k, {
    zero: t('stats.map.zero'),
    small: t('stats.map.small', { k: body.k }),
    hidden: t('stats.map.hidden'),
    range: (from, to) => t('stats.map.range', { from: page.i18n.number(from), to: page.i18n.number(to) }),
    atLeast: (from) => t('stats.map.atLeast', { from: page.i18n.number(from) }),
  });
  const classOf = new Map<string, string>();
  const titleOf = new Map<string, string>();
  for (const c of body.dims.countries) {
    const v = body.cells[`total|c.${c}|*`] ?? null;
    const cls = classFor(v);
    if (cls) classOf.set(c, cls);
    titleOf.set(c, `${countryName(c, page.lang)}: ${cellText(page.i18n, body.k, v)}`);
  }
  const [modelsSvg, monthsSvg, categoriesSvg, perpsSvg] = await Promise.all([
    barChart(bars(page, models, 0), { axisTitle: t('stats.chart.count'), label: t('stats.chart.alt', { title: t('stats.chart.models') }) }),
    columnChart(
      monthRows.map((r) => {
        const v = r.cells[0]?.value ?? null;
        return { label: shortMonth.format(new Date(`${r.id}-01T00:00:00Z`)), value: typeof v === 'number' ? v : null, text: cellText(page.i18n, page.k, v) };
      }),
      { axisTitle: t('stats.chart.count'), label: t('stats.chart.alt', { title: t('stats.chart.months') }) },
    ),
    barChart(bars(page, categories, all), { axisTitle: t('stats.chart.count'), label: t('stats.chart.alt', { title: t('stats.chart.categories') }) }),
    barChart(bars(page, perps, all), { axisTitle: t('stats.chart.count'), label: t('stats.chart.alt', { title: t('stats.chart.perpetrators') }) }),
  ]);
  const map = choropleth({ id: 'reports-map', label: t('stats.map.alt', { title: t('stats.map.title') }), classes, classOf, titleOf, outsideFill: '#f3f3f5' });
  return { models: modelsSvg, map, mapClasses: classes, months: monthsSvg, categories: categoriesSvg, perpetrators: perpsSvg };
}

export async function publicRoutes(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const db = ctx.core.db;
  const k = ctx.config.statsK;
  const charts = new ChartCache<ReportsCharts>();
  const surveyCharts = new ChartCache<string | null>();

  const release = () =>
    currentRelease(db, ctx.clock, k, {
      onBackgroundError: () => app.log.error({ code: 'PSL_ERR_STATS_BUILD' }, 'statistics release build failed'),
    });
  const page = (request: FastifyRequest) => publicPage(ctx, request, k);
  const allAreaNames = () => areaNames(db);

  // Pages made only from a release are the same for everyone until the next release: rendered once per
  // release, language and address (they carry no form, token or cookie), then served from memory.
  const pages = new ChartCache<string>();
  const sendCached = async (reply: FastifyReply, key: string, make: () => Promise<VNode>) =>
    reply
      .code(200)
      .type('text/html; charset=utf-8')
      .send(await pages.get(key, async () => renderDocument(await make())));

  app.get('/statistics', async (request, reply) => {
    const p = page(request);
    const r = await release();
    return sendCached(reply, `${r.id}|${p.lang}|${request.url}`, async () => {
      const c = await charts.get(`${r.id}|${p.lang}|reports`, () => reportsCharts(p, r));
      return <ReportsView page={p} release={r} charts={c} />;
    });
  });

  app.get('/statistics/operations', async (request, reply) => {
    const p = page(request);
    const q = request.query as Record<string, unknown>;
    const facets = await publishedOperationFacets(db);
    const country = facets.countries.includes(queryText(q.country, 2).toUpperCase()) ? queryText(q.country, 2).toUpperCase() : '';
    const year = facets.years.includes(Number(queryText(q.year, 4))) ? queryText(q.year, 4) : '';
    const filter: OperationsFilter = { country, year, page: Math.max(1, Number.parseInt(queryText(q.page, 6), 10) || 1) };
    const scope = { ...(country ? { country } : {}), ...(year ? { year: Number(year) } : {}) };
    const [totals, list] = await Promise.all([operationTotals(db, scope), listPublishedOperations(db, { ...scope, page: filter.page })]);
    // Chart: people arrested and victims identified per year; map: operations per country (over the chosen years).
    const byYear = new Map<number, { arrested: number; victims: number }>();
    const byCountry = new Map<string, number>();
    for (const t of totals) {
      const y = byYear.get(t.year) ?? { arrested: 0, victims: 0 };
      y.arrested += t.sums.arrested.sum;
      y.victims += t.sums.victims_identified.sum;
      byYear.set(t.year, y);
      byCountry.set(t.country, (byCountry.get(t.country) ?? 0) + t.operations);
    }
    const arrestedLabel = p.t('stats.fig.arrested');
    const victimsLabel = p.t('stats.fig.victims_identified');
    const chartRows = [...byYear]
      .sort((a, b) => a[0] - b[0])
      .flatMap(([y, v]) => [
        { group: String(y), series: arrestedLabel, value: v.arrested },
        { group: String(y), series: victimsLabel, value: v.victims },
      ]);
    const byYearSvg = await groupedChart(chartRows, {
      axisTitle: p.t('survey.col.people'),
      legendTitle: p.t('stats.ops.chartSeries'),
      label: p.t('stats.chart.alt', { title: p.t('stats.ops.chart') }),
    });
    const opsClasses = [
      { id: 'zero', label: p.t('stats.map.zero'), fill: '#ffffff' },
      { id: 'one', label: p.i18n.number(1), fill: '#f4a08f' },
      { id: 'few', label: p.t('stats.map.range', { from: 2, to: 4 }), fill: '#e0604f' },
      { id: 'many', label: p.t('stats.map.atLeast', { from: 5 }), fill: '#8a0d23' },
    ];
    const classOf = new Map<string, string>();
    const titleOf = new Map<string, string>();
    for (const c of COUNTRY_CODES) {
      const n = byCountry.get(c) ?? 0;
      classOf.set(c, n === 0 ? 'zero' : n === 1 ? 'one' : n < 5 ? 'few' : 'many');
      titleOf.set(c, `${countryName(c, p.lang)}: ${p.i18n.number(n)}`);
    }
    const map = choropleth({ id: 'ops-map', label: p.t('stats.map.alt', { title: p.t('stats.ops.map') }), classes: opsClasses, classOf, titleOf, outsideFill: '#f3f3f5' });
    return sendHtml(
      reply,
      200,
      <OperationsView page={p} totals={totals} list={list} filter={filter} countries={facets.countries} years={facets.years} charts={{ byYear: byYearSvg, map, mapClasses: opsClasses }} />,
    );
  });

  app.get('/statistics/surveys', async (request, reply) => {
    const p = page(request);
    const r = await release();
    const chart = await surveyCharts.get(`${r.id}|${p.lang}|surveys`, async () => {
      const models = r.body.surveys.models;
      if (models.length === 0) return null;
      const q = STANDARD_QUESTIONS.find((x) => x.id === 'trust_police')!;
      const rows = models.flatMap((m) =>
        q.options.map((o) => {
          const v = r.body.cells[`sv.trust_police|m.${m}|${o}`];
          return { group: p.t(`stats.model.${m}` as ReporterMessageId), series: p.t(`survey.o.trust_police.${o}` as ReporterMessageId), value: typeof v === 'number' ? v : null };
        }),
      );
      return groupedChart(rows, { axisTitle: p.t('survey.col.people'), legendTitle: p.t('survey.chart.answer'), label: p.t('stats.chart.alt', { title: p.t('survey.chart.trust') }), stacked: true });
    });
    return sendCached(reply, `${r.id}|${p.lang}|${request.url}`, async () => <SurveysView page={p} release={r} areaNames={await allAreaNames()} chart={chart} />);
  });

  app.get('/statistics/evidence', async (request, reply) => {
    const p = page(request);
    const r = await release();
    const q = request.query as Record<string, unknown>;
    const countries = r.body.dims.countries;
    const facets = await publishedOperationFacets(db);
    const years = [...new Set([...r.body.dims.years, ...facets.years])].sort((a, b) => a - b);
    const year = (v: unknown) => (years.includes(Number(queryText(v, 4))) ? Number(queryText(v, 4)) : null);
    let from = year(q.from);
    let to = year(q.to);
    if (from !== null && to !== null && from > to) [from, to] = [to, from];
    const country = countries.includes(queryText(q.country, 2).toUpperCase()) ? queryText(q.country, 2).toUpperCase() : '';
    const choice: EvidenceChoice = { country, from, to };
    const scope = { ...(country ? { country } : {}), ...(from ? { fromYear: from } : {}), ...(to ? { toYear: to } : {}) };
    const [totals, list] = await Promise.all([operationTotals(db, scope), listPublishedOperations(db, { ...scope, page: 1, pageSize: EVIDENCE_LIST_MAX })]);
    const waves = r.body.surveys.waves.filter(
      (w) => (!country || w.country === country) && (from === null || Number(w.toMonth.slice(0, 4)) >= from) && (to === null || Number(w.fromMonth.slice(0, 4)) <= to),
    );
    return sendHtml(
      reply,
      200,
      <EvidenceView
        page={p}
        release={r}
        choice={choice}
        countries={countries}
        years={years}
        totals={totals}
        operations={list.rows}
        operationCount={list.total}
        waves={waves}
        areaNames={await allAreaNames()}
      />,
    );
  });

  app.get('/open-data', async (request, reply) => {
    const p = page(request);
    const r = await release();
    return sendCached(reply, `${r.id}|${p.lang}|${request.url}`, async () => <OpenDataView page={p} release={r} tables={allTables(r.body)} />);
  });

  const attachment = (reply: FastifyReply, name: string, type: string) => reply.type(type).header('content-disposition', `attachment; filename="${name}"`);

  app.get('/open-data/:file', async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const m = /^([a-z0-9-]{1,80})\.(csv|json)$/.exec(request.params.file);
    if (!m) return reply.callNotFound();
    const [, name, ext] = m as unknown as [string, string, 'csv' | 'json'];
    const csv = 'text/csv; charset=utf-8';
    const json = 'application/json; charset=utf-8';
    if (name === 'operations') {
      const ops = await allPublishedOperations(db);
      return ext === 'csv' ? attachment(reply, 'operations.csv', csv).send(operationsCsv(ops)) : reply.type(json).send(JSON.stringify(operationsJson(ops), null, 1));
    }
    if (name === 'operations-by-country-year') {
      const totals = await operationTotals(db);
      return ext === 'csv' ? attachment(reply, `${name}.csv`, csv).send(totalsCsv(totals)) : reply.type(json).send(JSON.stringify(totalsJson(totals), null, 1));
    }
    const r = await release();
    const tables = allTables(r.body);
    if (name === 'statistics' && ext === 'json') return reply.type(json).send(JSON.stringify(statisticsJson(r, tables), null, 1));
    const table = tables.find((t) => t.id === name);
    if (!table) return reply.callNotFound();
    return ext === 'csv' ? attachment(reply, `${name}.csv`, csv).send(tableCsv(table, r.body.k)) : reply.type(json).send(JSON.stringify(tableJson(table, r.body.k), null, 1));
  });

  // ------------------------------------------------------------ survey forms

  const surveyPage = (request: FastifyRequest, wave: Wave) => publicPage(ctx, request, k, wave.languages.length ? wave.languages : undefined);
  const organisationName = async (wave: Wave) => (await findOrganisation(db, wave.organisationId))?.name ?? '';

  async function openWave(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<Wave | null> {
    const wave = await findWave(db, request.params.id.slice(0, 64));
    if (!wave || wavePhase(wave, ctx.clock.now().toISOString().slice(0, 10)) !== 'collecting') {
      const p = wave ? surveyPage(request, wave) : page(request);
      sendHtml(reply, wave ? 410 : 404, <SurveyMessageView page={p} title="survey.closed.title" body="survey.closed.body" languages={wave?.languages} />);
      return null;
    }
    return wave;
  }

  app.get('/surveys/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const wave = await openWave(request, reply);
    if (!wave) return reply;
    return sendHtml(reply, 200, <SurveyFormView page={surveyPage(request, wave)} wave={wave} organisation={await organisationName(wave)} answers={{}} errors={{}} />);
  });

  app.post('/surveys/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const wave = await openWave(request, reply);
    if (!wave) return reply;
    const p = surveyPage(request, wave);
    const body = formOf(request);
    // What was chosen, shown again as it was if anything is wrong (nothing is stored until it is right).
    const answers: Record<string, string[]> = {};
    for (const q of waveQuestions(wave.custom))
      answers[q.id] = body
        .all(q.id)
        .slice(0, 20)
        .map((a) => a.slice(0, 40));
    const again = async (status: number, errors: SurveyErrors, notice?: ReporterMessageId) =>
      sendHtml(reply, status, <SurveyFormView page={p} wave={wave} organisation={await organisationName(wave)} answers={answers} errors={errors} notice={notice ? p.t(notice) : undefined} />);
    if (!csrfValid(request)) return again(403, {}, 'error.csrf');
    const result = validateAnswers(wave, answers);
    if (!result.ok) return again(400, result.problems);
    if (!(await ctx.limiter.take('survey', ctx.config.intakePerMinute))) return again(429, {}, 'error.busy');
    if (!(await submitResponse(ctx.core, wave, result.value)))
      return sendHtml(reply, 410, <SurveyMessageView page={p} title="survey.closed.title" body="survey.closed.body" languages={wave.languages} />);
    return reply.code(303).redirect(withLang(`/surveys/${wave.id}/thanks`, p.lang));
  });

  app.get('/surveys/:id/thanks', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const wave = await findWave(db, request.params.id.slice(0, 64));
    const p = wave ? surveyPage(request, wave) : page(request);
    return sendHtml(reply, 200, <SurveyMessageView page={p} title="survey.thanks.title" body="survey.thanks.body" languages={wave?.languages} />);
  });
}
