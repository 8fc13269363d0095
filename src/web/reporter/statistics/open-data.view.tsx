/** The open data page: every file, and the data dictionary in the reader's language. */
import { AGENCIES, HARMS, PURPOSES, SOURCE_TYPES } from '../../../core/monitoring/operations.types.js';
import { LEGAL_MODELS } from '../../../core/statistics/legal-models.js';
import type { Release } from '../../../core/statistics/release.service.js';
import type { Table } from '../../../core/statistics/tables.js';
import type { ReporterMessageId } from '../../../i18n/reporter/index.js';
import { PublicLayout } from './layout.view.js';
import type { PublicPage } from '../../html/page.js';
import { ReleaseNote } from './statistics.view.js';
import { labelText } from './tables.view.js';

function CodeList({ page, prefix, codes }: { page: PublicPage; prefix: string; codes: readonly string[] }) {
  return (
    <dl class="codes">
      {codes.map((c) => (
        <div>
          <dt>
            <code>{c}</code>
          </dt>
          <dd>{page.t(`${prefix}.${c}` as ReporterMessageId)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OpenDataView({ page, release, tables }: { page: PublicPage; release: Release; tables: readonly Table[] }) {
  const { t } = page;
  const k = release.body.k;
  return (
    <PublicLayout page={page} title={t('stats.open.title')} tab="openData">
      <h1>{t('stats.open.title')}</h1>
      <p class="lead">{t('stats.open.intro')}</p>
      <ReleaseNote page={page} release={release} />
      <section aria-labelledby="files">
        <h2 id="files">{t('stats.open.files')}</h2>
        <div class="table-wrap" role="region" aria-labelledby="files-caption" tabindex={0}>
          <table class="data">
            <caption id="files-caption">{t('stats.open.filesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.open.col.table')}</th>
                <th scope="col">{t('stats.open.col.download')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('stats.open.all')}</th>
                <td>
                  <a href="/open-data/statistics.json" type="application/json">
                    statistics.json
                  </a>
                </td>
              </tr>
              {tables.map((table) => (
                <tr>
                  <th scope="row">{labelText(page.i18n, table.title)}</th>
                  <td>
                    <a href={`/open-data/${table.id}.csv`} type="text/csv">
                      {table.id}.csv
                    </a>
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('stats.open.operations')}</th>
                <td>
                  <a href="/open-data/operations.csv" type="text/csv">
                    operations.csv
                  </a>{' '}
                  ·{' '}
                  <a href="/open-data/operations.json" type="application/json">
                    operations.json
                  </a>
                </td>
              </tr>
              <tr>
                <th scope="row">{t('stats.ops.totalsCaption')}</th>
                <td>
                  <a href="/open-data/operations-by-country-year.csv" type="text/csv">
                    operations-by-country-year.csv
                  </a>{' '}
                  ·{' '}
                  <a href="/open-data/operations-by-country-year.json" type="application/json">
                    operations-by-country-year.json
                  </a>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="dictionary">
        <h2 id="dictionary">{t('stats.open.dictionary')}</h2>
        <h3>{t('stats.open.cells')}</h3>
        <ul>
          <li>{t('stats.open.cellNumber')}</li>
          <li>{t('stats.open.cellSmall', { k, max: k - 1 })}</li>
          <li>{t('stats.open.cellHidden', { k })}</li>
          <li>{t('stats.open.cellEmpty')}</li>
        </ul>
        <h3>{t('stats.open.tableColumns')}</h3>
        <ul>
          <li>{t('stats.open.rowId')}</li>
          <li>{t('stats.open.rowLabel')}</li>
          <li>{t('stats.open.otherColumns')}</li>
        </ul>
        <h3>{t('stats.open.opColumns')}</h3>
        <ul>
          <li>{t('stats.open.opDate')}</li>
          <li>{t('stats.open.opCodes')}</li>
          <li>{t('stats.open.opFigures')}</li>
        </ul>
        <h3>{t('stats.open.codes')}</h3>
        <h4>{t('stats.col.legalModel')}</h4>
        <CodeList page={page} prefix="stats.model" codes={LEGAL_MODELS} />
        <h4>{t('stats.ops.col.agencies')}</h4>
        <CodeList page={page} prefix="stats.agency" codes={AGENCIES} />
        <h4>{t('stats.ops.col.purpose')}</h4>
        <CodeList page={page} prefix="stats.purpose" codes={PURPOSES} />
        <h4>{t('stats.ops.col.harms')}</h4>
        <CodeList page={page} prefix="stats.harm" codes={HARMS} />
        <h4>{t('stats.ops.col.sources')}</h4>
        <CodeList page={page} prefix="stats.source" codes={SOURCE_TYPES} />
      </section>
    </PublicLayout>
  );
}
