/**
 * Published tables and figures as HTML. Every cell is rendered from the
 * release exactly as the CSV and JSON render it: a count, "fewer than k",
 * "not shown", or "not available". Charts and maps sit in a figure whose
 * caption points to the table with the same numbers.
 */
import type { ComponentChildren } from 'preact';
import type { PublishedCell } from '../../../core/statistics/release.service.js';
import type { Label, Table, TableCell } from '../../../core/statistics/tables.js';
import { countryName } from '../../../core/places/countries.js';
import type { ReporterTranslator } from '../../../i18n/reporter/index.js';
import type { PublicPage } from '../../html/page.js';

/** A label in words, in the page's language. */
export function labelText(i18n: ReporterTranslator, label: Label): string {
  if ('msg' in label) {
    const values = label.values ? Object.fromEntries(Object.entries(label.values).map(([k, v]) => [k, k === 'country' && typeof v === 'string' ? countryName(v, i18n.locale) : v])) : undefined;
    return i18n.t(label.msg, values);
  }
  if ('country' in label) return countryName(label.country, i18n.locale);
  if ('month' in label) return i18n.day(label.month);
  if ('texts' in label) return label.texts[i18n.locale] ?? label.text;
  return label.text;
}

/** A published value in words. */
export function cellText(i18n: ReporterTranslator, k: number, value: PublishedCell | null, share = false): string {
  if (value === null) return i18n.t('stats.cell.na');
  if (value === 'small') return i18n.t('stats.cell.small', { k });
  if (value === 'hidden') return i18n.t('stats.cell.hidden');
  return share ? `${i18n.number(value)}` : i18n.number(value);
}

function Cell({ page, cell, share }: { page: PublicPage; cell: TableCell; share: boolean }) {
  const status = cell.value === null ? 'na' : typeof cell.value === 'number' ? 'shown' : cell.value;
  return (
    <td class={`num ${status}`} data-key={cell.key} data-status={status}>
      {cellText(page.i18n, page.k, cell.value, share)}
    </td>
  );
}

/** A table with its caption; wide tables scroll inside a focusable region. */
export function DataTable({ page, table, id, columns }: { page: PublicPage; table: Table; id?: string; columns?: readonly number[] }) {
  const tableId = id ?? `table-${table.id}`;
  const cols = columns ?? table.columns.map((_, i) => i);
  return (
    <div class="table-wrap" role="region" aria-labelledby={`${tableId}-caption`} tabindex={0}>
      <table class="data" id={tableId} data-table={table.id}>
        <caption id={`${tableId}-caption`}>{labelText(page.i18n, table.title)}</caption>
        <thead>
          <tr>
            <th scope="col">{labelText(page.i18n, table.rowHeader)}</th>
            {cols.map((i) => (
              <th scope="col" class="num">
                {labelText(page.i18n, table.columns[i]!.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) =>
            row.kind === 'heading' ? (
              <tr class="heading" data-row={row.id}>
                <th scope="colgroup" colSpan={cols.length + 1}>
                  {labelText(page.i18n, row.label)}
                </th>
              </tr>
            ) : (
              <tr class={`${row.kind}${row.level ? ' sub' : ''}`} data-row={row.id}>
                <th scope="row">{labelText(page.i18n, row.label)}</th>
                {cols.map((i) => (
                  <Cell page={page} cell={row.cells[i] ?? { value: null }} share={table.columns[i]!.kind === 'share'} />
                ))}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart or map. The SVG comes from our renderers: Vega draws it from
 * published numbers and our own catalog labels (it escapes every text it
 * writes), and `cleanSvg`/`choropleth` strip anything that could run or load.
 */
export function Figure({
  page,
  svg,
  title,
  tableId,
  note,
  className,
  legend,
}: {
  page: PublicPage;
  svg: string;
  title: string;
  tableId: string;
  note?: string;
  className?: string;
  legend?: ComponentChildren;
}) {
  return (
    <figure class={className ?? 'chart'}>
      {/* Safe: SVG generated on the server from aggregated, published numbers; all text escaped by the renderer; no script, style or link survives cleanSvg. */}
      <div class="figure-body" dangerouslySetInnerHTML={{ __html: svg }} />
      {legend}
      <figcaption>
        {title}
        {note ? <span class="note"> {note}</span> : null} <a href={`#${tableId}`}>{page.t('stats.figure.table')}</a>
      </figcaption>
    </figure>
  );
}
