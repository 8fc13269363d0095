/**
 * Published police and immigration operations: totals by country and year
 * with the ratios people ask about, a chart, a map and the list itself.
 * These numbers describe what the authorities did (from testimony, the press
 * and official statements), not people who reported to Parasol, so they are
 * shown as recorded; dates are published by month at most.
 */
import type { OperationList, OperationTotals } from '../../../core/monitoring/operations.service.js';
import { FIGURES, type Operation } from '../../../core/monitoring/operations.types.js';
import { countryName } from '../../../core/places/countries.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { safeHref, withLang } from '../../html/render.js';
import { PublicLayout } from './layout.view.js';
import type { MapClass } from './map.js';
import type { PublicPage } from '../../html/page.js';
import { MapLegend } from './statistics.view.js';
import { Figure } from './tables.view.js';

export interface OperationsFilter {
  readonly country: string;
  readonly year: string;
  readonly page: number;
}

/** The public date of an operation: its month, or its year when that is all that is known. */
export function publicDate(page: PublicPage, op: Pick<Operation, 'month' | 'year'>): string {
  return op.month ? page.i18n.day(op.month) : String(op.year);
}

export function placeOf(page: PublicPage, op: Pick<Operation, 'city' | 'countryCode'>): string {
  const country = countryName(op.countryCode, page.lang);
  return op.city ? page.t('place.areaInCountry', { area: op.city, country }) : country;
}

/** A sum of a figure over operations, saying when it is known for only some of them. */
export function sumText(page: PublicPage, s: { sum: number; known: number }, operations: number): string {
  if (s.known === 0) return page.t('stats.ops.unknown');
  const n = page.i18n.number(s.sum);
  return s.known === operations ? n : page.t('stats.ops.partial', { sum: n, known: s.known, total: operations });
}

export function victimsRatio(page: PublicPage, r: OperationTotals['victimsPerArrested']): string {
  if (r.operations === 0) return page.t('stats.ops.unknown');
  return page.t('stats.ops.ratio.victims', { victims: page.i18n.number(r.victims), arrested: page.i18n.number(r.arrested) });
}

export function removedRatio(page: PublicPage, t: OperationTotals): string {
  const s = t.sums.removed;
  if (s.known === 0) return page.t('stats.ops.unknown');
  return page.t('stats.ops.ratio.removed', { removed: page.i18n.number(s.sum), operations: s.known });
}

export function TotalsTable({ page, totals, id }: { page: PublicPage; totals: readonly OperationTotals[]; id: string }) {
  const { t } = page;
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      <table class="data" id={id} data-table="operations-by-country-year">
        <caption id={`${id}-caption`}>{t('stats.ops.totalsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.col.country')}</th>
            <th scope="col">{t('stats.col.year')}</th>
            <th scope="col" class="num">
              {t('stats.ops.col.operations')}
            </th>
            {FIGURES.map((f) => (
              <th scope="col" class="num">
                {t(`stats.fig.${f}` as ReporterMessageId)}
              </th>
            ))}
            <th scope="col">{t('stats.ops.col.victimsPerArrested')}</th>
            <th scope="col">{t('stats.ops.col.removedPerOperation')}</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((row) => (
            <tr data-row={`${row.country}-${row.year}`}>
              <th scope="row">{countryName(row.country, page.lang)}</th>
              <td>{row.year}</td>
              <td class="num">{page.i18n.number(row.operations)}</td>
              {FIGURES.map((f) => (
                <td class="num" data-figure={f}>
                  {sumText(page, row.sums[f], row.operations)}
                </td>
              ))}
              <td data-ratio="victims-per-arrested">{victimsRatio(page, row.victimsPerArrested)}</td>
              <td data-ratio="removed-per-operation">{removedRatio(page, row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OperationsList({ page, rows, id }: { page: PublicPage; rows: readonly Operation[]; id: string }) {
  const { t } = page;
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      <table class="data operations" id={id} data-table="operations">
        <caption id={`${id}-caption`}>{t('stats.ops.listCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.ops.col.date')}</th>
            <th scope="col">{t('stats.ops.col.place')}</th>
            <th scope="col">{t('stats.ops.col.agencies')}</th>
            <th scope="col">{t('stats.ops.col.purpose')}</th>
            <th scope="col">{t('stats.ops.col.outcomes')}</th>
            <th scope="col">{t('stats.ops.col.harms')}</th>
            <th scope="col">{t('stats.ops.col.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((op) => (
            <tr data-row={op.id}>
              <th scope="row">{publicDate(page, op)}</th>
              <td>{placeOf(page, op)}</td>
              <td>{op.agencies.map((a) => t(`stats.agency.${a}` as ReporterMessageId)).join(', ')}</td>
              <td>{t(`stats.purpose.${op.purpose}` as ReporterMessageId)}</td>
              <td>
                <ul class="figures">
                  {FIGURES.filter((f) => op.figures[f] !== null).map((f) => (
                    <li data-figure={f}>
                      {t(`stats.fig.${f}` as ReporterMessageId)}: <strong>{page.i18n.number(op.figures[f]!)}</strong>
                    </li>
                  ))}
                </ul>
              </td>
              <td>{op.harms.map((h) => t(`stats.harm.${h}` as ReporterMessageId)).join(', ')}</td>
              <td>
                <ul class="sources">
                  {op.sources.map((s) => (
                    <li>
                      {t(`stats.source.${s.type}` as ReporterMessageId)}:{' '}
                      {s.url ? (
                        <a href={safeHref(s.url)} rel="noreferrer nofollow">
                          {s.title}
                        </a>
                      ) : (
                        s.title
                      )}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface OperationsCharts {
  readonly byYear: string;
  readonly map: string;
  readonly mapClasses: readonly MapClass[];
}

export function OperationsView({
  page,
  totals,
  list,
  filter,
  countries,
  years,
  charts,
}: {
  page: PublicPage;
  totals: readonly OperationTotals[];
  list: OperationList;
  filter: OperationsFilter;
  countries: readonly string[];
  years: readonly number[];
  charts: OperationsCharts;
}) {
  const { t } = page;
  const query = (p: number) => {
    const q = new URLSearchParams();
    if (filter.country) q.set('country', filter.country);
    if (filter.year) q.set('year', filter.year);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return withLang(`/statistics/operations${s ? `?${s}` : ''}`, page.lang);
  };
  return (
    <PublicLayout page={page} title={t('stats.ops.title')} tab="operations">
      <h1>{t('stats.ops.title')}</h1>
      <p class="lead">{t('stats.ops.intro')}</p>
      <form method="get" action="/statistics/operations" class="filters">
        <input type="hidden" name="lang" value={page.lang} />
        <h2 class="filters-title">{t('stats.ops.filter')}</h2>
        <div class="field">
          <label for="f-country">{t('stats.col.country')}</label>
          <select id="f-country" name="country">
            <option value="">{t('stats.ops.filterAll')}</option>
            {countries.map((c) => (
              <option value={c} selected={c === filter.country}>
                {countryName(c, page.lang)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-year">{t('stats.col.year')}</label>
          <select id="f-year" name="year">
            <option value="">{t('stats.ops.filterAll')}</option>
            {years.map((y) => (
              <option value={String(y)} selected={String(y) === filter.year}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('stats.ops.filterSubmit')}</button>
      </form>
      {list.total === 0 ? (
        <p>{t('stats.ops.none')}</p>
      ) : (
        <>
          <section aria-labelledby="ops-totals">
            <h2 id="ops-totals">{t('stats.ops.totals')}</h2>
            <Figure page={page} svg={charts.byYear} title={t('stats.ops.chart')} tableId="operations-totals" />
            <Figure page={page} svg={charts.map} title={t('stats.ops.map')} tableId="operations-totals" className="map" legend={<MapLegend page={page} classes={charts.mapClasses} id="ops-map" />} />
            <TotalsTable page={page} totals={totals} id="operations-totals" />
          </section>
          <section aria-labelledby="ops-list">
            <h2 id="ops-list">{t('stats.ops.list')}</h2>
            <OperationsList page={page} rows={list.rows} id="operations-list" />
            {list.pages > 1 ? (
              <nav class="pager" aria-label={t('stats.pager', { page: list.page, pages: list.pages })}>
                <p>{t('stats.pager', { page: list.page, pages: list.pages })}</p>
                {list.page > 1 ? <a href={query(list.page - 1)}>{t('stats.pager.previous')}</a> : null}
                {list.page < list.pages ? <a href={query(list.page + 1)}>{t('stats.pager.next')}</a> : null}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </PublicLayout>
  );
}
