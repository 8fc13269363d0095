/**
 * The published tables, built from a release: one description used by the
 * HTML pages, the CSV files and the JSON, so that all three show exactly the
 * same cells. Labels are language-neutral (message ids, country codes,
 * months); each surface puts them into words.
 */
import type { ReporterMessageId } from '../../i18n/reporter/index.js';
import { CATEGORY_GROUPS, CATEGORY_GROUP_CODES, PERPETRATOR_TYPES } from '../taxonomy/taxonomy.js';
import { NO_ANSWER, waveQuestions } from '../surveys/instrument.js';
import { publishedOptions, surveyKey, type PublicWave } from '../surveys/survey-cells.js';
import { LEGAL_MODELS, type LegalModel } from './legal-models.js';
import type { PublishedCell, ReleaseBody } from './release.service.js';
import { cellKey } from './report-cells.js';

export type Label =
  | { readonly msg: ReporterMessageId; readonly values?: Readonly<Record<string, string | number>> }
  | { readonly country: string }
  | { readonly month: string }
  | { readonly text: string }
  /** Text an organisation wrote in several languages (its own survey questions); `text` is the fallback. */
  | { readonly texts: Readonly<Partial<Record<string, string>>>; readonly text: string };

export interface TableColumn {
  readonly id: string;
  readonly label: Label;
  /** 'share': a percentage computed only from shown cells. */
  readonly kind: 'count' | 'share';
}

export type RowKind = 'item' | 'subtotal' | 'total' | 'heading';

export interface TableCell {
  /** A count, 'small' (fewer than k), 'hidden', or null (not published, or a share that cannot be computed). */
  readonly value: PublishedCell | null;
  /** The release cell behind a count. */
  readonly key?: string;
}

export interface TableRow {
  readonly id: string;
  readonly label: Label;
  readonly kind: RowKind;
  /** 1 for rows inside a group (countries under their legal model, months under their year). */
  readonly level: 0 | 1;
  readonly cells: readonly TableCell[];
}

export interface Table {
  readonly id: string;
  readonly title: Label;
  readonly rowHeader: Label;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

const msg = (id: ReporterMessageId, values?: Record<string, string | number>): Label => (values ? { msg: id, values } : { msg: id });

/** A cell of the release (null when its family was withdrawn). */
function cell(body: ReleaseBody, key: string): TableCell {
  const v = body.cells[key];
  return v === undefined ? { value: null } : { value: v, key };
}

/** A percentage of two shown counts; null when either is not shown (a share must never reveal a hidden count). */
export function share(part: PublishedCell | null, whole: PublishedCell | null): number | null {
  if (typeof part !== 'number' || typeof whole !== 'number' || whole === 0) return null;
  return Math.round((part / whole) * 100);
}

function countsAndPolice(body: ReleaseBody, geo: string, time: string): TableCell[] {
  const total = cell(body, cellKey('total', geo, time));
  const police = cell(body, cellKey('police', geo, time));
  return [total, police, { value: share(police.value, total.value) }];
}

const policeColumns: TableColumn[] = [
  { id: 'reports', label: msg('stats.col.reports'), kind: 'count' },
  { id: 'police', label: msg('stats.col.police'), kind: 'count' },
  { id: 'police_share', label: msg('stats.col.policeShare'), kind: 'share' },
];

export const modelLabel = (m: LegalModel): Label => msg(`stats.model.${m}` as ReporterMessageId);

export function legalModelTable(body: ReleaseBody): Table {
  return {
    id: 'reports-by-legal-model',
    title: msg('stats.table.byModel'),
    rowHeader: msg('stats.col.legalModel'),
    columns: policeColumns,
    rows: [
      ...LEGAL_MODELS.map((m): TableRow => ({ id: m, label: modelLabel(m), kind: 'item', level: 0, cells: countsAndPolice(body, `m.${m}`, '*') })),
      { id: 'all', label: msg('stats.row.all'), kind: 'total', level: 0, cells: countsAndPolice(body, '*', '*') },
    ],
  };
}

export function countryTable(body: ReleaseBody): Table {
  const rows: TableRow[] = [];
  for (const m of LEGAL_MODELS) {
    rows.push({ id: m, label: modelLabel(m), kind: 'subtotal', level: 0, cells: countsAndPolice(body, `m.${m}`, '*') });
    for (const c of body.dims.countries.filter((c) => body.dims.modelOf[c] === m)) {
      rows.push({ id: c, label: { country: c }, kind: 'item', level: 1, cells: countsAndPolice(body, `c.${c}`, '*') });
    }
  }
  rows.push({ id: 'all', label: msg('stats.row.all'), kind: 'total', level: 0, cells: countsAndPolice(body, '*', '*') });
  return { id: 'reports-by-country', title: msg('stats.table.byCountry'), rowHeader: msg('stats.col.country'), columns: policeColumns, rows };
}

export function monthTable(body: ReleaseBody): Table {
  const rows: TableRow[] = [];
  for (const y of body.dims.years) {
    rows.push({ id: String(y), label: { text: String(y) }, kind: 'subtotal', level: 0, cells: [cell(body, cellKey('total', '*', `y.${y}`))] });
    for (const m of body.dims.months.filter((m) => m.startsWith(`${y}-`))) rows.push({ id: m, label: { month: m }, kind: 'item', level: 1, cells: [cell(body, cellKey('total', '*', `mo.${m}`))] });
  }
  rows.push({ id: 'undated', label: msg('stats.row.undated'), kind: 'item', level: 0, cells: [cell(body, cellKey('total', '*', 'undated'))] });
  rows.push({ id: 'all', label: msg('stats.row.all'), kind: 'total', level: 0, cells: [cell(body, cellKey('total', '*', '*'))] });
  return { id: 'reports-by-month', title: msg('stats.table.byMonth'), rowHeader: msg('stats.col.month'), columns: [{ id: 'reports', label: msg('stats.col.reports'), kind: 'count' }], rows };
}

export function yearTable(body: ReleaseBody): Table {
  return {
    id: 'reports-by-year',
    title: msg('stats.table.byYear'),
    rowHeader: msg('stats.col.year'),
    columns: policeColumns,
    rows: [
      ...body.dims.years.map((y): TableRow => ({ id: String(y), label: { text: String(y) }, kind: 'item', level: 0, cells: countsAndPolice(body, '*', `y.${y}`) })),
      { id: 'undated', label: msg('stats.row.undated'), kind: 'item', level: 0, cells: countsAndPolice(body, '*', 'undated') },
      { id: 'all', label: msg('stats.row.all'), kind: 'total', level: 0, cells: countsAndPolice(body, '*', '*') },
    ],
  };
}

type Breakdown = 'cat' | 'perp';

function breakdownRows(body: ReleaseBody, kind: Breakdown, columns: ReadonlyArray<{ geo: string; time: string }>): TableRow[] {
  const rows: TableRow[] = [];
  const item = (code: string, labelId: ReporterMessageId): TableRow => ({
    id: code,
    label: msg(labelId),
    kind: 'item',
    level: kind === 'cat' ? 1 : 0,
    cells: columns.map((c) => cell(body, cellKey(`${kind}.${code}`, c.geo, c.time))),
  });
  if (kind === 'cat') {
    for (const g of CATEGORY_GROUP_CODES) {
      rows.push({ id: `group.${g}`, label: msg(`category.group.${g}` as ReporterMessageId), kind: 'heading', level: 0, cells: [] });
      for (const c of CATEGORY_GROUPS[g]) rows.push(item(c, `category.${c}` as ReporterMessageId));
    }
  } else {
    for (const p of PERPETRATOR_TYPES) rows.push(item(p, `perpetrator.${p}` as ReporterMessageId));
  }
  rows.push({ id: 'all', label: msg('stats.row.allReports'), kind: 'total', level: 0, cells: columns.map((c) => cell(body, cellKey('total', c.geo, c.time))) });
  return rows;
}

const breakdownTitle = (kind: Breakdown, by: 'model' | 'year' | 'country'): ReporterMessageId => `stats.table.${kind === 'cat' ? 'categories' : 'perpetrators'}.${by}` as ReporterMessageId;
const breakdownHeader = (kind: Breakdown): Label => msg(kind === 'cat' ? 'stats.col.category' : 'stats.col.perpetrator');
const breakdownId = (kind: Breakdown, by: string) => `${kind === 'cat' ? 'categories' : 'perpetrators'}-by-${by}`;

export function breakdownByModel(body: ReleaseBody, kind: Breakdown): Table {
  const cols = [...LEGAL_MODELS.map((m) => ({ geo: `m.${m}`, time: '*' })), { geo: '*', time: '*' }];
  return {
    id: breakdownId(kind, 'legal-model'),
    title: msg(breakdownTitle(kind, 'model')),
    rowHeader: breakdownHeader(kind),
    columns: [...LEGAL_MODELS.map((m): TableColumn => ({ id: m, label: modelLabel(m), kind: 'count' })), { id: 'all', label: msg('stats.row.all'), kind: 'count' }],
    rows: breakdownRows(body, kind, cols),
  };
}

export function breakdownByYear(body: ReleaseBody, kind: Breakdown): Table {
  const times = [...body.dims.years.map((y) => `y.${y}`), 'undated', '*'];
  return {
    id: breakdownId(kind, 'year'),
    title: msg(breakdownTitle(kind, 'year')),
    rowHeader: breakdownHeader(kind),
    columns: [
      ...body.dims.years.map((y): TableColumn => ({ id: String(y), label: { text: String(y) }, kind: 'count' })),
      { id: 'undated', label: msg('stats.row.undated'), kind: 'count' },
      { id: 'all', label: msg('stats.row.all'), kind: 'count' },
    ],
    rows: breakdownRows(
      body,
      kind,
      times.map((time) => ({ geo: '*', time })),
    ),
  };
}

export function breakdownByCountry(body: ReleaseBody, kind: Breakdown, only?: string): Table {
  const countries = only ? [only] : body.dims.countries;
  return {
    id: breakdownId(kind, 'country'),
    title: msg(breakdownTitle(kind, 'country')),
    rowHeader: breakdownHeader(kind),
    columns: countries.map((c): TableColumn => ({ id: c, label: { country: c }, kind: 'count' })),
    rows: breakdownRows(
      body,
      kind,
      countries.map((c) => ({ geo: `c.${c}`, time: '*' })),
    ),
  };
}

export function cityTable(body: ReleaseBody): Table {
  const rows: TableRow[] = [];
  const countries = [...new Set(body.cities.map((c) => c.country))];
  for (const country of countries) {
    rows.push({ id: country, label: { country }, kind: 'subtotal', level: 0, cells: [cell(body, cellKey('total', `c.${country}`, '*'))] });
    for (const c of body.cities.filter((x) => x.country === country)) {
      rows.push({ id: c.area ?? `${country}.elsewhere`, label: c.name ? { text: c.name } : msg('stats.row.elsewhere', { country }), kind: 'item', level: 1, cells: [{ value: c.n }] });
    }
  }
  return { id: 'reports-by-city', title: msg('stats.table.byCity'), rowHeader: msg('stats.col.place'), columns: [{ id: 'reports', label: msg('stats.col.reports'), kind: 'count' }], rows };
}

/** Every report table, in the order of the open data. */
export function reportTables(body: ReleaseBody): Table[] {
  return [
    legalModelTable(body),
    countryTable(body),
    cityTable(body),
    yearTable(body),
    monthTable(body),
    breakdownByModel(body, 'cat'),
    breakdownByYear(body, 'cat'),
    breakdownByCountry(body, 'cat'),
    breakdownByModel(body, 'perp'),
    breakdownByYear(body, 'perp'),
    breakdownByCountry(body, 'perp'),
  ];
}

// ---------------------------------------------------------------- surveys

/** Label of a survey question or option, in the wave's own words for its custom questions. */
export function questionLabel(w: PublicWave | null, q: string): Label {
  const custom = w?.custom.find((c) => c.id === q);
  if (custom) return { texts: custom.text, text: custom.text.en ?? Object.values(custom.text)[0] ?? q };
  return msg(`survey.q.${q}` as ReporterMessageId);
}

export function optionLabel(w: PublicWave | null, q: string, o: string): Label {
  if (o === NO_ANSWER) return msg('survey.noAnswer');
  const custom = w?.custom.find((c) => c.id === q);
  if (custom) {
    const opt = custom.options.find((x) => x.id === o);
    return { texts: opt?.text ?? {}, text: opt?.text.en ?? Object.values(opt?.text ?? {})[0] ?? o };
  }
  return msg(`survey.o.${q}.${o}` as ReporterMessageId);
}

function surveyRows(body: ReleaseBody, where: string, w: PublicWave | null, questions: ReturnType<typeof waveQuestions>, withShare: boolean): TableRow[] {
  const nKey = surveyKey('svn', where, 'n');
  const n = body.cells[nKey] ?? null;
  const rows: TableRow[] = [{ id: 'n', label: msg('survey.respondents'), kind: 'total', level: 0, cells: withShare ? [{ value: n, key: nKey }, { value: null }] : [{ value: n, key: nKey }] }];
  for (const q of questions) {
    const family = q.custom ? `svc.${w!.id}.${q.id}` : `sv.${q.id}`;
    rows.push({ id: q.id, label: questionLabel(w, q.id), kind: 'heading', level: 0, cells: [] });
    for (const o of publishedOptions(q)) {
      const c = cell(body, surveyKey(family, where, o));
      rows.push({ id: `${q.id}.${o}`, label: optionLabel(w, q.id, o), kind: 'item', level: 1, cells: withShare ? [c, { value: share(c.value, n) }] : [c] });
    }
  }
  return rows;
}

/** Results of one published wave. */
export function waveTable(body: ReleaseBody, w: PublicWave): Table {
  return {
    id: `survey-${w.id}`,
    title: { text: w.title },
    rowHeader: msg('survey.col.answer'),
    columns: [
      { id: 'people', label: msg('survey.col.people'), kind: 'count' },
      { id: 'share', label: msg('survey.col.share'), kind: 'share' },
    ],
    rows: surveyRows(body, `w.${w.id}`, w, waveQuestions(w.custom), true),
  };
}

/** Standard questions pooled by legal model (published waves only). */
export function surveyModelTable(body: ReleaseBody): Table | null {
  const models = body.surveys.models;
  if (models.length === 0) return null;
  const perModel = models.map((m) => surveyRows(body, `m.${m}`, null, waveQuestions([]), false));
  return {
    id: 'survey-by-legal-model',
    title: msg('survey.table.byModel'),
    rowHeader: msg('survey.col.answer'),
    columns: models.map((m): TableColumn => ({ id: m, label: modelLabel(m), kind: 'count' })),
    rows: perModel[0]!.map((row, i) => ({ ...row, cells: row.kind === 'heading' ? [] : perModel.map((rows) => rows[i]!.cells[0]!) })),
  };
}

export function surveyTables(body: ReleaseBody): Table[] {
  const byModel = surveyModelTable(body);
  return [...body.surveys.waves.filter((w) => w.published).map((w) => waveTable(body, w)), ...(byModel ? [byModel] : [])];
}

/** Every table of a release. */
export function allTables(body: ReleaseBody): Table[] {
  return [...reportTables(body), ...surveyTables(body)];
}
