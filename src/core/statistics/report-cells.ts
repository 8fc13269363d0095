/**
 * Report statistics: the aggregate query and the cells built from it.
 *
 * Only reports whose reporter agreed to anonymous statistics count, and only
 * those received before the release's cut-off day (the first day of the
 * month, so figures change once a month and no single new report can be
 * picked out from one day to the next). Only reports a caseworker has
 * triaged count (status moved on from "new"; not spam, not merged into
 * another report): anyone can file k−1 fake reports into a cell to learn
 * about a real one, and untriaged reports would let them. The anonymous
 * records that deleted reports leave behind (where the reporter agreed, and
 * only for triaged reports) count as well.
 *
 * Cells are published along one dimension at a time around a common total:
 * place (country, grouped by legal model) or time (year, month), each for all
 * reports and for each category, perpetrator type and police involvement.
 * No place-by-time cross-table is published: with it, the three two-way
 * tables of (category, place, time) would constrain each other in ways a
 * reader could exploit.
 */
import { sql } from 'kysely';
import type { Db } from '../shared/deps.js';
import { COUNTRY_CODES } from '../places/countries.js';
import { CATEGORIES, PERPETRATOR_TYPES, type Category, type PerpetratorType } from '../taxonomy/taxonomy.js';
import { LEGAL_MODELS, legalModelOf, type LegalModel } from './legal-models.js';
import type { AtLeastSum, AtMost, Equation, Relations } from './protect.js';

/** Reports per (country, area, incident month, police consent). */
export interface TotalRow {
  readonly country: string;
  readonly area: string | null;
  readonly month: string | null;
  readonly police: string;
  readonly n: number;
}

/** Reports per (country, incident year, list of codes as stored: space-separated categories or perpetrator types). */
export interface CodesRow {
  readonly country: string;
  readonly year: string | null;
  readonly codes: string;
  readonly n: number;
}

export interface Aggregates {
  readonly totals: readonly TotalRow[];
  readonly categories: readonly CodesRow[];
  readonly perpetrators: readonly CodesRow[];
}

/**
 * The aggregate queries, over reports whose authors agreed to statistics
 * (and the anonymous records deleted reports leave behind): three GROUP BYs
 * with no per-code matching in SQL. Categories and perpetrator types are
 * stored space-separated; each distinct list is grouped as it is and split
 * here, which stays cheap because reports share few distinct lists.
 */
export async function aggregateReports(db: Db, cutoffDay: string): Promise<Aggregates> {
  const counted = db
    .selectFrom('reports')
    .where('statistics_consent', '=', 1)
    .where('created_day', '<', cutoffDay)
    .where('status', '!=', 'new')
    .where((eb) => eb.or([eb('is_spam', 'is', null), eb('is_spam', '=', 0)]))
    .where('merged_into', 'is', null);
  const records = db.selectFrom('statistics_records').where('received_month', '<', cutoffDay.slice(0, 7));
  const year = sql<string | null>`substr(incident_month, 1, 4)`;
  const [totals, recordTotals, categories, recordCategories, perpetrators, recordPerpetrators] = await Promise.all([
    counted
      .select(['country_code as country', 'area_id as area', 'incident_month as month', 'police_consent as police', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', 'area_id', 'incident_month', 'police_consent'])
      .execute(),
    records
      .select(['country_code as country', 'area_id as area', 'incident_month as month', 'police_consent as police', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', 'area_id', 'incident_month', 'police_consent'])
      .execute(),
    counted
      .select(['country_code as country', year.as('year'), 'categories as codes', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', year, 'categories'])
      .execute(),
    records
      .select(['country_code as country', year.as('year'), 'categories as codes', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', year, 'categories'])
      .execute(),
    counted
      .select(['country_code as country', year.as('year'), 'perpetrator_types as codes', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', year, 'perpetrator_types'])
      .execute(),
    records
      .select(['country_code as country', year.as('year'), 'perpetrator_types as codes', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['country_code', year, 'perpetrator_types'])
      .execute(),
  ]);
  const total = (r: { country: string; area: string | null; month: string | null; police: string; n: unknown }): TotalRow => ({
    country: r.country,
    area: r.area ?? null,
    month: r.month ?? null,
    police: r.police,
    n: Number(r.n),
  });
  const codes = (r: { country: string; year: string | null; codes: string; n: unknown }): CodesRow => ({ country: r.country, year: r.year ?? null, codes: r.codes, n: Number(r.n) });
  return {
    totals: [...totals, ...recordTotals].map(total),
    categories: [...categories, ...recordCategories].map(codes),
    perpetrators: [...perpetrators, ...recordPerpetrators].map(codes),
  };
}

/** Families of report cells: all reports, each category, each perpetrator type, and police involvement. */
export type ReportFamily = 'total' | `cat.${Category}` | `perp.${PerpetratorType}` | 'police';

export const REPORT_FAMILIES: readonly ReportFamily[] = ['total', ...CATEGORIES.map((c) => `cat.${c}` as const), ...PERPETRATOR_TYPES.map((p) => `perp.${p}` as const), 'police'];

/** Geography nodes: '*' (everywhere), 'm.<legal model>', 'c.<country>'. Time nodes: '*', 'y.<year>', 'mo.<YYYY-MM>', 'undated'. */
export function cellKey(family: string, geo: string, time: string): string {
  return `${family}|${geo}|${time}`;
}

export function familyOfKey(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

export interface ReportDimensions {
  /** Countries in the tables (every country a report can come from, and any others in the data). */
  readonly countries: readonly string[];
  readonly modelOf: Readonly<Record<string, LegalModel>>;
  readonly years: readonly number[];
  readonly months: readonly string[];
}

export interface ReportCells {
  readonly dims: ReportDimensions;
  readonly values: Map<string, number>;
  readonly relations: Relations;
  /** Reports per (country, area), for the table of cities. */
  readonly byArea: ReadonlyArray<{ country: string; area: string; n: number }>;
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The month before a 'YYYY-MM-DD' cut-off day. */
export function lastMonthBefore(cutoffDay: string): string {
  const [y, m] = cutoffDay.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Builds every report cell and the relations between them. */
export function reportCells(aggs: Aggregates, cutoffDay: string): ReportCells {
  const rows = aggs.totals;
  const countries = [...new Set<string>([...COUNTRY_CODES, ...rows.map((r) => r.country), ...aggs.categories.map((r) => r.country), ...aggs.perpetrators.map((r) => r.country)])].sort();
  const modelOf = Object.fromEntries(countries.map((c) => [c, legalModelOf(c)])) as Record<string, LegalModel>;
  const dataMonths = rows
    .map((r) => r.month)
    .filter((m): m is string => typeof m === 'string' && /^\d{4}-\d{2}$/.test(m))
    .sort();
  const lastMonth = [lastMonthBefore(cutoffDay), dataMonths[dataMonths.length - 1] ?? ''].sort().pop()!;
  const firstMonth = dataMonths.length ? `${dataMonths[0]!.slice(0, 4)}-01` : `${lastMonth.slice(0, 4)}-01`;
  const months = monthsBetween(firstMonth, lastMonth);
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  const dims: ReportDimensions = { countries, modelOf, years, months };

  const geoNodes = ['*', ...LEGAL_MODELS.map((m) => `m.${m}`), ...countries.map((c) => `c.${c}`)];
  const timeNodes = (family: string) => ['*', ...years.map((y) => `y.${y}`), 'undated', ...(family === 'total' ? months.map((m) => `mo.${m}`) : [])];

  const values = new Map<string, number>();
  for (const f of REPORT_FAMILIES) {
    for (const g of geoNodes) values.set(cellKey(f, g, '*'), 0);
    for (const t of timeNodes(f)) values.set(cellKey(f, '*', t), 0);
  }
  const add = (family: string, country: string, month: string | null, n: number) => {
    if (n === 0) return;
    const geos = ['*', `m.${modelOf[country]}`, `c.${country}`];
    for (const g of geos) values.set(cellKey(family, g, '*'), values.get(cellKey(family, g, '*'))! + n);
    const times = month && /^\d{4}(-\d{2})?$/.test(month) ? [`y.${month.slice(0, 4)}`, ...(family === 'total' && month.length === 7 ? [`mo.${month}`] : [])] : ['undated'];
    for (const t of times) values.set(cellKey(family, '*', t), values.get(cellKey(family, '*', t))! + n);
  };
  const validCategories = new Set<string>(CATEGORIES);
  const validPerpetrators = new Set<string>(PERPETRATOR_TYPES);
  const areaCounts = new Map<string, { country: string; area: string; n: number }>();
  for (const r of aggs.categories) for (const c of new Set(r.codes.split(' '))) if (validCategories.has(c)) add(`cat.${c}`, r.country, r.year, r.n);
  for (const r of aggs.perpetrators) for (const p of new Set(r.codes.split(' '))) if (validPerpetrators.has(p)) add(`perp.${p}`, r.country, r.year, r.n);
  for (const r of rows) {
    add('total', r.country, r.month, r.n);
    if (r.police !== 'none') add('police', r.country, r.month, r.n);
    if (r.area) {
      const key = `${r.country}|${r.area}`;
      const a = areaCounts.get(key) ?? { country: r.country, area: r.area, n: 0 };
      a.n += r.n;
      areaCounts.set(key, a);
    }
  }

  return { dims, values, relations: reportRelations(dims), byArea: [...areaCounts.values()] };
}

/** Every relation between report cells, from the dimensions alone (what a reader of the tables knows too). */
export function reportRelations(dims: ReportDimensions): Relations {
  const { countries, modelOf, years, months } = dims;
  const geoNodes = ['*', ...LEGAL_MODELS.map((m) => `m.${m}`), ...countries.map((c) => `c.${c}`)];
  const timeNodes = (family: string) => ['*', ...years.map((y) => `y.${y}`), 'undated', ...(family === 'total' ? months.map((m) => `mo.${m}`) : [])];
  const equations: Equation[] = [];
  const atMost: AtMost[] = [];
  const atLeastSum: AtLeastSum[] = [];
  for (const f of REPORT_FAMILIES) {
    equations.push({ parent: cellKey(f, '*', '*'), children: LEGAL_MODELS.map((m) => cellKey(f, `m.${m}`, '*')) });
    for (const m of LEGAL_MODELS) {
      const members = countries.filter((c) => modelOf[c] === m);
      equations.push({ parent: cellKey(f, `m.${m}`, '*'), children: members.map((c) => cellKey(f, `c.${c}`, '*')) });
    }
    equations.push({ parent: cellKey(f, '*', '*'), children: [...years.map((y) => cellKey(f, '*', `y.${y}`)), cellKey(f, '*', 'undated')] });
    if (f === 'total') {
      for (const y of years) equations.push({ parent: cellKey(f, '*', `y.${y}`), children: months.filter((m) => m.startsWith(`${y}-`)).map((m) => cellKey(f, '*', `mo.${m}`)) });
    } else {
      // A count of reports with one category (perpetrator type, police involvement) is at most the count of all reports.
      for (const g of geoNodes) atMost.push({ cell: cellKey(f, g, '*'), bound: cellKey('total', g, '*') });
      for (const t of timeNodes(f)) if (t !== '*') atMost.push({ cell: cellKey(f, '*', t), bound: cellKey('total', '*', t) });
    }
  }
  // Every report has at least one category.
  for (const g of geoNodes) atLeastSum.push({ cells: CATEGORIES.map((c) => cellKey(`cat.${c}`, g, '*')), bound: cellKey('total', g, '*') });
  for (const t of timeNodes('cat')) if (t !== '*') atLeastSum.push({ cells: CATEGORIES.map((c) => cellKey(`cat.${c}`, '*', t)), bound: cellKey('total', '*', t) });

  return { equations, atMost, atLeastSum };
}

export interface CityRow {
  readonly country: string;
  /** An area id, or null for the rest of the country. */
  readonly area: string | null;
  readonly n: number;
}

/**
 * Cities (areas) to publish for a country whose total is shown: only those
 * with at least k reports, and only so many that the rest of the country is
 * either none or at least k (smaller cities are folded into the rest until
 * it is). Every published number here is at least k, and they add up to the
 * shown country total, so nothing new can be worked out from them.
 */
export function citiesOf(country: string, countryTotal: number, areas: ReadonlyArray<{ area: string; n: number }>, k: number): CityRow[] {
  const shown = areas.filter((a) => a.n >= k).sort((a, b) => b.n - a.n || a.area.localeCompare(b.area));
  let rest = countryTotal - shown.reduce((s, a) => s + a.n, 0);
  while (shown.length > 0 && rest > 0 && rest < k) rest += shown.pop()!.n;
  if (shown.length === 0) return [];
  return [...shown.map((a) => ({ country, area: a.area, n: a.n })), ...(rest > 0 ? [{ country, area: null, n: rest }] : [])];
}

/**
 * The cost of hiding a cell, per count: grand totals most, then legal
 * models and years, then countries and months; cells of all reports more
 * than those of one category. Survey respondents and pooled figures likewise.
 */
export function hidingWeight(key: string): number {
  const [family = '', where = '', last = ''] = key.split('|');
  if (family === 'svn') return where.startsWith('m.') ? 400 : 200;
  if (family.startsWith('sv')) return where.startsWith('m.') ? 20 : 1;
  const geo = where;
  const time = last;
  const level = geo === '*' && time === '*' ? 10_000 : geo.startsWith('m.') || time.startsWith('y.') ? 20 : 1;
  return level * (family === 'total' ? 5 : 1);
}
