/**
 * Open data: the same tables as the pages, as CSV and JSON, in English with
 * codes. A cell is a whole number or one of the phrases the pages show
 * ("fewer than 5", "not shown"), never the hidden count; the data
 * dictionary travels with the JSON.
 */
import type { OperationTotals } from '../../../core/monitoring/operations.service.js';
import { AGENCIES, FIGURES, HARMS, PURPOSES, SOURCE_TYPES, type Operation } from '../../../core/monitoring/operations.types.js';
import { countryName } from '../../../core/places/countries.js';
import { toCsv } from '../../../core/statistics/csv.js';
import { LEGAL_MODELS } from '../../../core/statistics/legal-models.js';
import type { PublishedCell, Release } from '../../../core/statistics/release.service.js';
import type { Table } from '../../../core/statistics/tables.js';
import { reporterTranslator, type ReporterMessageId } from '../../../i18n/reporter/index.js';
import { cellText, labelText } from './tables.view.js';

const en = reporterTranslator('en');

/** A cell as open data: a number, "fewer than k", "not shown", or null. */
export function openCell(value: PublishedCell | null, k: number): number | string | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  return cellText(en, k, value);
}

interface OpenRow {
  readonly row: string;
  readonly label: string;
  readonly group: string | null;
  readonly kind: string;
  readonly values: Record<string, number | string | null>;
}

function openRows(table: Table, k: number): OpenRow[] {
  const rows: OpenRow[] = [];
  let group: string | null = null;
  for (const r of table.rows) {
    const label = labelText(en, r.label);
    if (r.kind === 'heading') {
      group = label;
      continue;
    }
    if (r.level === 0 && r.kind === 'subtotal') group = label;
    rows.push({
      row: r.id,
      label,
      group: r.level === 1 ? group : null,
      kind: r.kind,
      values: Object.fromEntries(table.columns.map((c, i) => [c.id, openCell(r.cells[i]?.value ?? null, k)])),
    });
  }
  return rows;
}

/** One table as CSV: row code, label, group, then one column per column of the table. */
export function tableCsv(table: Table, k: number): string {
  const rows = openRows(table, k);
  return toCsv(
    ['row', 'label', 'group', ...table.columns.map((c) => c.id)],
    rows.map((r) => [r.row, r.label, r.group ?? '', ...table.columns.map((c) => r.values[c.id] ?? '')]),
  );
}

export function tableJson(table: Table, k: number) {
  return {
    id: table.id,
    title: labelText(en, table.title),
    rowHeader: labelText(en, table.rowHeader),
    columns: table.columns.map((c) => ({ id: c.id, label: labelText(en, c.label), kind: c.kind })),
    rows: openRows(table, k),
  };
}

const codes = (prefix: string, list: readonly string[]) => Object.fromEntries(list.map((c) => [c, en.t(`${prefix}.${c}` as ReporterMessageId)]));

/** The data dictionary, in English. */
export function dictionary(k: number) {
  return {
    cells: {
      number: 'A whole number: a count.',
      [cellText(en, k, 'small')]: `A count from 1 to ${k - 1}, held back.`,
      [cellText(en, k, 'hidden')]: `A count of at least ${k}, held back so that a smaller count cannot be worked out from totals.`,
      empty: 'Not published (a table withdrawn as too sparse to protect), or a share that cannot be computed from shown counts.',
    },
    columns: {
      row: 'Code of the row: a legal model, a country (ISO 3166-1 alpha-2; XK is Kosovo), a year, a month (YYYY-MM), "undated", a category or perpetrator code, or "all".',
      label: 'The row in words.',
      group: 'The group the row belongs to (a legal model for countries, a year for months, a category group).',
      reports: 'Reports whose authors agreed to anonymous statistics, received before the cut-off day.',
      police: 'Of those, reports whose author agreed that police may receive them (anonymously or with contact details).',
      police_share: 'police as a percentage of reports, computed only where both are shown.',
      people: 'People who chose the answer (survey tables).',
      share: 'people as a percentage of respondents, computed only where both are shown.',
    },
    rules: [
      `Counts from 1 to ${k - 1} are shown as "${cellText(en, k, 'small')}"; zero is shown.`,
      'Further counts are held back ("not shown") wherever a small count could otherwise be worked out from totals, margins, or the other tables.',
      'Places are countries, or cities with at least k reports; dates are months. Report figures are published by place or by period, never both together.',
      'A report counts only if its author agreed to anonymous statistics. Figures change once a month.',
      `Survey results are published after a wave closes and only if at least ${k} people answered.`,
      'Operations describe what the authorities did, from community testimony, the press and official statements; they are not suppressed.',
    ],
    legalModels: codes('stats.model', LEGAL_MODELS),
    operations: {
      date: 'The month (YYYY-MM), or the year (YYYY) when only that is known.',
      country: 'ISO 3166-1 alpha-2.',
      city: 'City or district, as recorded.',
      agencies: codes('stats.agency', AGENCIES),
      purpose: codes('stats.purpose', PURPOSES),
      figures: Object.fromEntries(FIGURES.map((f) => [f, `${en.t(`stats.fig.${f}` as ReporterMessageId)}. Empty when not known; 0 when none.`])),
      harms: codes('stats.harm', HARMS),
      sourceTypes: codes('stats.source', SOURCE_TYPES),
    },
  };
}

export function statisticsJson(release: Release, tables: readonly Table[]) {
  const body = release.body;
  return {
    format: 'parasol-statistics/1',
    licence: 'CC BY 4.0',
    release: { id: release.id, builtAt: release.builtAt.slice(0, 10), cutoffDay: body.cutoffDay, k: body.k },
    dictionary: dictionary(body.k),
    tables: tables.map((t) => tableJson(t, body.k)),
    surveys: body.surveys.waves.map((w) => ({
      id: w.id,
      title: w.title,
      country: w.country,
      fromMonth: w.fromMonth,
      toMonth: w.toMonth,
      languages: w.languages,
      published: w.published,
      respondents: w.n,
    })),
  };
}

const OP_COLUMNS = ['id', 'date', 'country', 'country_name', 'city', 'agencies', 'purpose', ...FIGURES, 'harms', 'source_types', 'source_titles', 'source_urls'] as const;

/** A short public id for an operation (not its database id). */
function opId(op: Operation): string {
  return op.id.slice(0, 12);
}

export function operationsCsv(ops: readonly Operation[]): string {
  return toCsv(
    OP_COLUMNS,
    ops.map((o) => [
      opId(o),
      o.month ?? String(o.year),
      o.countryCode,
      countryName(o.countryCode, 'en'),
      o.city,
      o.agencies.join(' '),
      o.purpose,
      ...FIGURES.map((f) => o.figures[f]),
      o.harms.join(' '),
      o.sources.map((s) => s.type).join(' | '),
      o.sources.map((s) => s.title).join(' | '),
      o.sources.map((s) => s.url).join(' | '),
    ]),
  );
}

export function operationsJson(ops: readonly Operation[]) {
  return {
    format: 'parasol-operations/1',
    licence: 'CC BY 4.0',
    dictionary: dictionary(5).operations,
    operations: ops.map((o) => ({
      id: opId(o),
      date: o.month ?? String(o.year),
      country: o.countryCode,
      city: o.city || null,
      agencies: o.agencies,
      purpose: o.purpose,
      figures: o.figures,
      harms: o.harms,
      sources: o.sources,
    })),
  };
}

const TOTAL_COLUMNS = [
  'country',
  'year',
  'operations',
  ...FIGURES.flatMap((f) => [f, `${f}_known_for`]),
  'victims_identified_where_arrests_known',
  'arrested_where_victims_known',
  'victims_per_arrested',
  'removed_per_operation',
] as const;

function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 1000) / 1000 : null;
}

export function totalsCsv(totals: readonly OperationTotals[]): string {
  return toCsv(
    TOTAL_COLUMNS,
    totals.map((t) => [
      t.country,
      t.year,
      t.operations,
      ...FIGURES.flatMap((f) => [t.sums[f].known ? t.sums[f].sum : null, t.sums[f].known]),
      t.victimsPerArrested.operations ? t.victimsPerArrested.victims : null,
      t.victimsPerArrested.operations ? t.victimsPerArrested.arrested : null,
      t.victimsPerArrested.operations ? ratio(t.victimsPerArrested.victims, t.victimsPerArrested.arrested) : null,
      t.sums.removed.known ? ratio(t.sums.removed.sum, t.sums.removed.known) : null,
    ]),
  );
}

export function totalsJson(totals: readonly OperationTotals[]) {
  return {
    format: 'parasol-operation-totals/1',
    licence: 'CC BY 4.0',
    rows: totals.map((t) => ({
      country: t.country,
      year: t.year,
      operations: t.operations,
      figures: Object.fromEntries(FIGURES.map((f) => [f, { sum: t.sums[f].known ? t.sums[f].sum : null, knownFor: t.sums[f].known }])),
      victimsPerArrested: t.victimsPerArrested.operations
        ? { victims: t.victimsPerArrested.victims, arrested: t.victimsPerArrested.arrested, ratio: ratio(t.victimsPerArrested.victims, t.victimsPerArrested.arrested) }
        : null,
      removedPerOperation: t.sums.removed.known ? ratio(t.sums.removed.sum, t.sums.removed.known) : null,
    })),
  };
}
