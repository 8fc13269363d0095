/** The public statistics of reports: key figures, charts, the map and the tables behind them. */
import type { Release } from '../../../core/statistics/release.service.js';
import { breakdownByModel, cityTable, countryTable, legalModelTable, monthTable, share, yearTable } from '../../../core/statistics/tables.js';
import { withLang } from '../../html/render.js';
import { PublicLayout } from './layout.view.js';
import type { MapClass } from './map.js';
import type { PublicPage } from '../../html/page.js';
import { cellText, DataTable, Figure } from './tables.view.js';

export interface ReportsCharts {
  readonly models: string;
  readonly map: string;
  readonly mapClasses: readonly MapClass[];
  readonly months: string;
  readonly categories: string;
  readonly perpetrators: string;
}

/** The legend of a choropleth, as HTML (translatable, readable by screen readers, printable). */
export function MapLegend({ page, classes, id }: { page: PublicPage; classes: readonly MapClass[]; id: string }) {
  return (
    <div class="map-legend">
      <p class="legend-title" id={`${id}-legend`}>
        {page.t('stats.map.legend')}
      </p>
      <ul aria-labelledby={`${id}-legend`}>
        {classes.map((c) => (
          <li>
            <svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <defs>
                <pattern id={`${id}-sw-${c.id}`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                  <line x1="0" y1="0" x2="0" y2="4" stroke="#1b1b1f" stroke-width="1.2" stroke-opacity="0.55" />
                </pattern>
              </defs>
              <rect x="0.5" y="0.5" width="15" height="15" fill={c.fill} stroke="#4a4a55" />
              {c.hatch ? <rect x="0.5" y="0.5" width="15" height="15" fill={`url(#${id}-sw-${c.id})`} /> : null}
            </svg>{' '}
            {c.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReleaseNote({ page, release }: { page: PublicPage; release: Release }) {
  const { t, i18n } = page;
  return (
    <div class="release-note">
      <p>{t('stats.release', { date: i18n.day(release.body.cutoffDay) })}</p>
      <p>{t('stats.consent')}</p>
      <p>{t('stats.triaged')}</p>
      <p>{t('stats.kRule', { k: release.body.k, max: release.body.k - 1 })}</p>
    </div>
  );
}

export function ReportsView({ page, release, charts }: { page: PublicPage; release: Release; charts: ReportsCharts }) {
  const { t, i18n } = page;
  const body = release.body;
  const k = body.k;
  const total = body.cells['total|*|*'] ?? null;
  const police = body.cells['police|*|*'] ?? null;
  const policeShare = share(police, total);
  const withReports = body.dims.countries.filter((c) => {
    const v = body.cells[`total|c.${c}|*`];
    return v !== undefined && v !== 0;
  }).length;
  const models = legalModelTable(body);
  const countries = countryTable(body);
  const months = monthTable(body);
  const years = yearTable(body);
  const categories = breakdownByModel(body, 'cat');
  const perpetrators = breakdownByModel(body, 'perp');
  const cities = cityTable(body);
  return (
    <PublicLayout page={page} title={t('stats.title')} tab="reports">
      <h1>{t('stats.title')}</h1>
      <p class="lead">{t('stats.intro')}</p>
      <ReleaseNote page={page} release={release} />

      <section aria-labelledby="key-figures">
        <h2 id="key-figures">{t('stats.key.title')}</h2>
        <dl class="key-figures">
          <div>
            <dt>{t('stats.key.reports')}</dt>
            <dd data-key="total|*|*">{cellText(i18n, k, total)}</dd>
          </div>
          <div>
            <dt>{t('stats.key.police')}</dt>
            <dd>{policeShare === null ? cellText(i18n, k, null) : `${i18n.number(policeShare)} %`}</dd>
          </div>
          <div>
            <dt>{t('stats.key.countries')}</dt>
            <dd>{i18n.number(withReports)}</dd>
          </div>
        </dl>
        {total === 0 ? <p>{t('stats.empty')}</p> : null}
      </section>

      <section aria-labelledby="by-model">
        <h2 id="by-model">{t('stats.section.models')}</h2>
        <p>{t('stats.section.modelsIntro')}</p>
        <Figure page={page} svg={charts.models} title={t('stats.chart.models')} tableId="table-reports-by-legal-model" note={t('stats.chart.note', { k })} />
        <DataTable page={page} table={models} />
      </section>

      <section aria-labelledby="by-country">
        <h2 id="by-country">{t('stats.section.countries')}</h2>
        <Figure
          page={page}
          svg={charts.map}
          title={t('stats.map.title')}
          tableId="table-reports-by-country"
          note={t('stats.map.smallCountries')}
          className="map"
          legend={<MapLegend page={page} classes={charts.mapClasses} id="reports-map" />}
        />
        <DataTable page={page} table={countries} />
      </section>

      <section aria-labelledby="by-month">
        <h2 id="by-month">{t('stats.section.time')}</h2>
        <Figure page={page} svg={charts.months} title={t('stats.chart.months')} tableId="table-reports-by-month" note={t('stats.chart.note', { k })} />
        <DataTable page={page} table={months} />
      </section>

      <section aria-labelledby="by-category">
        <h2 id="by-category">{t('stats.section.categories')}</h2>
        <p>{t('stats.section.categoriesIntro')}</p>
        <Figure page={page} svg={charts.categories} title={t('stats.chart.categories')} tableId="table-categories-by-legal-model" note={t('stats.chart.note', { k })} />
        <DataTable page={page} table={categories} />
      </section>

      <section aria-labelledby="by-perpetrator">
        <h2 id="by-perpetrator">{t('stats.section.perpetrators')}</h2>
        <Figure page={page} svg={charts.perpetrators} title={t('stats.chart.perpetrators')} tableId="table-perpetrators-by-legal-model" note={t('stats.chart.note', { k })} />
        <DataTable page={page} table={perpetrators} />
      </section>

      <section aria-labelledby="police">
        <h2 id="police">{t('stats.section.police')}</h2>
        <p>{t('stats.section.policeIntro')}</p>
        <DataTable page={page} table={years} />
      </section>

      <section aria-labelledby="cities">
        <h2 id="cities">{t('stats.section.cities')}</h2>
        <p>{t('stats.section.citiesIntro', { k })}</p>
        <DataTable page={page} table={cities} />
      </section>

      <p>
        {t('stats.section.more')} <a href={withLang('/statistics/evidence', page.lang)}>{t('stats.nav.evidence')}</a> · <a href={withLang('/open-data', page.lang)}>{t('stats.nav.openData')}</a>
      </p>
    </PublicLayout>
  );
}
