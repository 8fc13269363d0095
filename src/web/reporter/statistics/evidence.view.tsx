/**
 * The printable evidence report for a chosen period and place: reports
 * (for the place over all years, and by year over all places: never both at
 * once), operations and survey results, with the method. The print
 * stylesheet drops navigation and forms; browsers save it as PDF.
 */
import type { Operation } from '../../../core/monitoring/operations.types.js';
import type { OperationTotals } from '../../../core/monitoring/operations.service.js';
import { countryName } from '../../../core/places/countries.js';
import type { Release } from '../../../core/statistics/release.service.js';
import { breakdownByCountry, breakdownByModel, breakdownByYear, legalModelTable, share, waveTable, yearTable, type Table } from '../../../core/statistics/tables.js';
import type { PublicWave } from '../../../core/surveys/survey-cells.js';
import { PublicLayout } from './layout.view.js';
import { OperationsList, TotalsTable } from './operations.view.js';
import type { PublicPage } from '../../html/page.js';
import { WaveSummary } from './surveys.view.js';
import { cellText, DataTable } from './tables.view.js';

export interface EvidenceChoice {
  readonly country: string;
  readonly from: number | null;
  readonly to: number | null;
}

export const EVIDENCE_LIST_MAX = 200;

/** Keeps the rows of a by-year table for the chosen years (plus the undated and total rows). */
function yearRows(table: Table, choice: EvidenceChoice): Table {
  const inPeriod = (id: string) => !/^\d{4}$/.test(id) || ((choice.from === null || Number(id) >= choice.from) && (choice.to === null || Number(id) <= choice.to));
  return { ...table, rows: table.rows.filter((r) => inPeriod(r.id)) };
}

/** Keeps the columns of a by-year table for the chosen years (plus undated and total). */
function yearColumns(table: Table, choice: EvidenceChoice): number[] {
  return table.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !/^\d{4}$/.test(c.id) || ((choice.from === null || Number(c.id) >= choice.from) && (choice.to === null || Number(c.id) <= choice.to)))
    .map(({ i }) => i);
}

export function EvidenceView({
  page,
  release,
  choice,
  countries,
  years,
  totals,
  operations,
  operationCount,
  waves,
  areaNames,
}: {
  page: PublicPage;
  release: Release;
  choice: EvidenceChoice;
  countries: readonly string[];
  years: readonly number[];
  totals: readonly OperationTotals[];
  operations: readonly Operation[];
  operationCount: number;
  waves: readonly PublicWave[];
  areaNames: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = page;
  const body = release.body;
  const k = body.k;
  const place = choice.country ? countryName(choice.country, page.lang) : t('stats.evidence.everywhere');
  const period =
    choice.from === null && choice.to === null ? t('stats.evidence.allYears') : t('stats.evidence.period', { from: choice.from ?? years[0] ?? '', to: choice.to ?? years[years.length - 1] ?? '' });
  const geo = choice.country ? `c.${choice.country}` : '*';
  const total = body.cells[`total|${geo}|*`] ?? null;
  const police = body.cells[`police|${geo}|*`] ?? null;
  const policeShare = share(police, total);
  return (
    <PublicLayout page={page} title={t('stats.evidence.title')} tab="evidence" printable>
      <div class="no-print">
        <h1>{t('stats.evidence.title')}</h1>
        <p class="lead">{t('stats.evidence.intro')}</p>
        <form method="get" action="/statistics/evidence" class="filters">
          <input type="hidden" name="lang" value={page.lang} />
          <h2 class="filters-title">{t('stats.evidence.choose')}</h2>
          <div class="field">
            <label for="e-country">{t('stats.evidence.country')}</label>
            <select id="e-country" name="country">
              <option value="">{t('stats.evidence.everywhere')}</option>
              {countries.map((c) => (
                <option value={c} selected={c === choice.country}>
                  {countryName(c, page.lang)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="e-from">{t('stats.evidence.from')}</label>
            <select id="e-from" name="from">
              <option value="">{t('stats.evidence.anyYear')}</option>
              {years.map((y) => (
                <option value={String(y)} selected={y === choice.from}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="e-to">{t('stats.evidence.to')}</label>
            <select id="e-to" name="to">
              <option value="">{t('stats.evidence.anyYear')}</option>
              {years.map((y) => (
                <option value={String(y)} selected={y === choice.to}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('stats.evidence.submit')}</button>
        </form>
      </div>

      <article class="evidence" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" class="report-title">
          {t('stats.evidence.heading', { place, period })}
        </h2>
        <p class="meta">{t('stats.evidence.prepared', { built: i18n.day(release.builtAt.slice(0, 10)), cutoff: i18n.day(body.cutoffDay), k })}</p>
        <p>{t('stats.kRule', { k, max: k - 1 })}</p>

        <section aria-labelledby="ev-place">
          <h3 id="ev-place">{t('stats.evidence.reportsPlace', { place })}</h3>
          <dl class="key-figures">
            <div>
              <dt>{t('stats.key.reports')}</dt>
              <dd>{cellText(i18n, k, total)}</dd>
            </div>
            <div>
              <dt>{t('stats.key.police')}</dt>
              <dd>{policeShare === null ? cellText(i18n, k, null) : `${i18n.number(policeShare)} %`}</dd>
            </div>
          </dl>
          {choice.country ? (
            <>
              <DataTable page={page} table={breakdownByCountry(body, 'cat', choice.country)} id="ev-categories" />
              <DataTable page={page} table={breakdownByCountry(body, 'perp', choice.country)} id="ev-perpetrators" />
            </>
          ) : (
            <>
              <DataTable page={page} table={legalModelTable(body)} id="ev-models" />
              <DataTable page={page} table={breakdownByModel(body, 'cat')} id="ev-categories" />
              <DataTable page={page} table={breakdownByModel(body, 'perp')} id="ev-perpetrators" />
            </>
          )}
        </section>

        <section aria-labelledby="ev-period">
          <h3 id="ev-period">{t('stats.evidence.reportsPeriod')}</h3>
          <p class="note">{t('stats.evidence.reportsNote')}</p>
          <DataTable page={page} table={yearRows(yearTable(body), choice)} id="ev-years" />
          <DataTable page={page} table={breakdownByYear(body, 'cat')} id="ev-categories-years" columns={yearColumns(breakdownByYear(body, 'cat'), choice)} />
        </section>

        <section aria-labelledby="ev-ops">
          <h3 id="ev-ops">{t('stats.evidence.ops', { place, period })}</h3>
          {operationCount === 0 ? (
            <p>{t('stats.ops.none')}</p>
          ) : (
            <>
              <TotalsTable page={page} totals={totals} id="ev-ops-totals" />
              <OperationsList page={page} rows={operations} id="ev-ops-list" />
              {operationCount > operations.length ? <p class="note">{t('stats.evidence.opsMore', { shown: operations.length, total: operationCount })}</p> : null}
            </>
          )}
        </section>

        <section aria-labelledby="ev-surveys">
          <h3 id="ev-surveys">{t('stats.evidence.surveys', { place, period })}</h3>
          {waves.length === 0 ? <p>{t('stats.evidence.noSurveys')}</p> : null}
          {waves.map((w) => (
            <div class="wave">
              <WaveSummary page={page} wave={w} areaNames={areaNames} level={4} />
              {w.published ? <DataTable page={page} table={waveTable(body, w)} id={`ev-wave-${w.id}`} /> : <p class="not-published">{t('survey.wave.notPublished', { k })}</p>}
            </div>
          ))}
        </section>

        <section aria-labelledby="ev-method">
          <h3 id="ev-method">{t('stats.evidence.method')}</h3>
          <p>{t('stats.evidence.methodText', { k })}</p>
          <p>{t('stats.consent')}</p>
          <p>{t('stats.triaged')}</p>
        </section>
      </article>
    </PublicLayout>
  );
}
