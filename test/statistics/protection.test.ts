/**
 * Small-cell protection, without a database: the LP solver against brute
 * force, and `protect` against an exhaustive search of every table a reader
 * could believe in. A held-back cell is safe when at least two whole
 * numbers remain possible for it given everything published.
 */
import { describe, expect, it } from 'vitest';
import { feasible, optimise, type LinearProgram } from '../../src/core/statistics/lp.js';
import { audit, protect, publishedView, type Equation, type Published } from '../../src/core/statistics/protect.js';
import { familyOfKey, reportCells, type Aggregates, type CodesRow, type TotalRow } from '../../src/core/statistics/report-cells.js';
import { CATEGORIES, PERPETRATOR_TYPES } from '../../src/core/taxonomy/taxonomy.js';
import { derivableCells, type Seen } from './derivability.js';

/** A deterministic pseudo-random generator (tests must not flake). */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

describe('the LP solver', () => {
  it('finds the exact range of each variable in small integral systems (checked by enumeration)', () => {
    const next = rng(7);
    for (let trial = 0; trial < 60; trial++) {
      // x0..x3 in [0, 6], two random sum constraints with random right-hand sides from a real point.
      const point = [0, 1, 2, 3].map(() => next(7));
      const rows = [0, 1].map(() => [0, 1, 2, 3].filter(() => next(2) === 1));
      const equal = rows.filter((r) => r.length > 0).map((r) => ({ terms: r.map((i) => [i, 1] as const), rhs: r.reduce((s, i) => s + point[i]!, 0) }));
      const lp: LinearProgram = { n: 4, lo: [0, 0, 0, 0], hi: [6, 6, 6, 6], equal, atMost: [] };
      const fp = feasible(lp)!;
      expect(fp).not.toBeNull();
      for (let v = 0; v < 4; v++) {
        let min = Infinity;
        let max = -Infinity;
        for (let a = 0; a < 7 ** 4; a++) {
          const x = [a % 7, Math.floor(a / 7) % 7, Math.floor(a / 49) % 7, Math.floor(a / 343) % 7];
          if (equal.every((e) => e.terms.reduce((s, [i]) => s + x[i]!, 0) === e.rhs)) {
            min = Math.min(min, x[v]!);
            max = Math.max(max, x[v]!);
          }
        }
        expect(Math.round(optimise(fp, [[v, 1]], 'min')!.value)).toBe(min);
        expect(Math.round(optimise(fp, [[v, 1]], 'max')!.value)).toBe(max);
      }
    }
  });

  it('reports an impossible system and an unbounded objective', () => {
    expect(feasible({ n: 1, lo: [0], hi: [3], equal: [{ terms: [[0, 1]], rhs: 5 }], atMost: [] })).toBeNull();
    const fp = feasible({ n: 1, lo: [5], hi: [Infinity], equal: [], atMost: [] })!;
    expect(optimise(fp, [[0, 1]], 'max')).toBeNull();
    expect(optimise(fp, [[0, 1]], 'min')!.value).toBe(5);
  });
});

/** A table of r×c cells with row, column and grand totals, as cells and equations. */
function table2d(cells: number[][]) {
  const values = new Map<string, number>();
  const equations: Equation[] = [];
  const R = cells.length;
  const C = cells[0]!.length;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) values.set(`c${r}.${c}`, cells[r]![c]!);
    values.set(
      `r${r}`,
      cells[r]!.reduce((a, b) => a + b, 0),
    );
    equations.push({ parent: `r${r}`, children: cells[r]!.map((_, c) => `c${r}.${c}`) });
  }
  for (let c = 0; c < C; c++) {
    values.set(
      `k${c}`,
      cells.reduce((s, row) => s + row[c]!, 0),
    );
    equations.push({ parent: `k${c}`, children: cells.map((_, r) => `c${r}.${c}`) });
  }
  values.set(
    'G',
    [...values].filter(([key]) => key.startsWith('r')).reduce((s, [, v]) => s + v, 0),
  );
  equations.push({ parent: 'G', children: cells.map((_, r) => `r${r}`) });
  equations.push({ parent: 'G', children: cells[0]!.map((_, c) => `k${c}`) });
  return { values, relations: { equations, atMost: [], atLeastSum: [] } };
}

/**
 * Every inner table a reader could believe, given the published cells and
 * what each label means: each held-back inner cell takes every value its
 * label allows; totals follow. Returns, for each held-back cell, the set of
 * values it takes across all those tables.
 */
function possibleValues(cells: number[][], published: ReadonlyMap<string, Published>, k: number): Map<string, Set<number>> {
  const R = cells.length;
  const C = cells[0]!.length;
  const grand = cells.flat().reduce((a, b) => a + b, 0);
  const cap = grand + 2 * k;
  const allowed = (key: string, v: number) => {
    const p = published.get(key)!;
    return p.status === 'shown' ? v === p.value : p.status === 'small' ? v >= 1 && v <= k - 1 : v >= k;
  };
  const inner = Array.from({ length: R * C }, (_, i) => `c${Math.floor(i / C)}.${i % C}`);
  const domains = inner.map((key) => {
    const p = published.get(key)!;
    if (p.status === 'shown') return [p.value];
    if (p.status === 'small') return Array.from({ length: k - 1 }, (_, i) => i + 1);
    return Array.from({ length: cap - k + 1 }, (_, i) => i + k);
  });
  const seen = new Map<string, Set<number>>();
  for (const [key, p] of published) if (p.status !== 'shown') seen.set(key, new Set());
  const x = new Array<number>(R * C).fill(0);
  const value = (key: string): number => {
    if (key.startsWith('c')) {
      const [r, c] = key.slice(1).split('.').map(Number) as [number, number];
      return x[r * C + c]!;
    }
    if (key.startsWith('r')) return x.slice(Number(key.slice(1)) * C, Number(key.slice(1)) * C + C).reduce((a, b) => a + b, 0);
    if (key.startsWith('k')) return Array.from({ length: R }, (_, r) => x[r * C + Number(key.slice(1))]!).reduce((a, b) => a + b, 0);
    return x.reduce((a, b) => a + b, 0);
  };
  const walk = (i: number) => {
    // A row is complete: its total must fit what is published about it (prunes the search).
    if (i > 0 && i % C === 0 && !allowed(`r${i / C - 1}`, value(`r${i / C - 1}`))) return;
    if (i === inner.length) {
      for (const key of published.keys()) if (!allowed(key, value(key))) return;
      for (const [key, set] of seen) set.add(value(key));
      return;
    }
    for (const v of domains[i]!) {
      x[i] = v;
      walk(i + 1);
    }
    x[i] = 0;
  };
  walk(0);
  return seen;
}

describe('protect', () => {
  it('leaves no held-back cell of a two-way table with margins determined (exhaustive search, 120 random tables)', () => {
    const next = rng(2024);
    const k = 3;
    let suppressedSeen = 0;
    for (let trial = 0; trial < 120; trial++) {
      const R = 2 + (trial % 4 === 0 ? 1 : 0);
      const C = 2;
      const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => (next(3) === 0 ? 0 : next(R === 3 ? 5 : 8))));
      const { values, relations } = table2d(cells);
      const p = protect({ values, relations, k, familyOf: () => 't' });
      if (p.withdrawn.size > 0) continue;
      const published = publishedView(values, p.status);
      const possible = possibleValues(cells, published, k);
      for (const [key, set] of possible) {
        suppressedSeen++;
        expect(set.has(values.get(key)!), `${key} true value must stay possible`).toBe(true);
        expect(set.size, `${JSON.stringify(cells)}: ${key} can be worked out`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(suppressedSeen).toBeGreaterThan(50);
  });

  it('catches the "two small cells that must both be the maximum" case: 4 + 4 under a shown 8', () => {
    const values = new Map([
      ['T', 8],
      ['a', 4],
      ['b', 4],
      ['c', 0],
    ]);
    const relations = { equations: [{ parent: 'T', children: ['a', 'b', 'c'] }], atMost: [], atLeastSum: [] };
    const unprotected = publishedView(
      values,
      new Map([
        ['T', 'shown'],
        ['a', 'small'],
        ['b', 'small'],
        ['c', 'shown'],
      ] as const),
    );
    expect(audit(unprotected, relations, 5).exposed.sort()).toEqual(['a', 'b']);
    const p = protect({ values, relations, k: 5, familyOf: () => 't' });
    expect(p.status.get('T')).toBe('hidden');
    expect(audit(publishedView(values, p.status), relations, 5).exposed).toEqual([]);
  });

  it('a lone small cell next to a shown total gets a complementary suppression', () => {
    const values = new Map([
      ['T', 30],
      ['a', 4],
      ['b', 26],
    ]);
    const relations = { equations: [{ parent: 'T', children: ['a', 'b'] }], atMost: [], atLeastSum: [] };
    const p = protect({ values, relations, k: 5, familyOf: () => 't' });
    expect(p.status.get('a')).toBe('small');
    expect([p.status.get('T'), p.status.get('b')]).toContain('hidden');
    const seen = new Map([...publishedView(values, p.status)].map(([key, v]) => [key, v.status === 'shown' ? v.value : v.status] as const));
    expect(derivableCells(seen, [{ total: 'T', parts: ['a', 'b'] }])).toEqual([]);
  });
});

describe('the report tables', () => {
  /** Random sparse report aggregates over a few countries, months and categories. */
  function randomRows(seed: number, count: number): Aggregates {
    const next = rng(seed);
    const countries = ['RO', 'MD', 'GB', 'FR', 'SE', 'DE', 'KZ', 'BA'];
    const totals: TotalRow[] = [];
    const categories: CodesRow[] = [];
    const perpetrators: CodesRow[] = [];
    for (let i = 0; i < count; i++) {
      const n = 1 + next(4);
      const country = countries[next(countries.length)]!;
      const month = next(5) === 0 ? null : `202${4 + next(2)}-0${1 + next(9)}`;
      totals.push({ country, area: null, month, police: next(3) === 0 ? 'anonymous' : 'none', n });
      const cats = [CATEGORIES[next(6)]!, ...(next(2) ? [CATEGORIES[6 + next(8)]!] : [])];
      categories.push({ country, year: month?.slice(0, 4) ?? null, codes: cats.join(' '), n });
      perpetrators.push({ country, year: month?.slice(0, 4) ?? null, codes: PERPETRATOR_TYPES[next(4)]!, n });
    }
    return { totals, categories, perpetrators };
  }

  for (const [seed, count] of [
    [1, 6],
    [2, 25],
    [3, 60],
    [4, 140],
  ] as const) {
    it(`no held-back cell can be computed: random reports (seed ${seed}, ${count} groups), linear algebra and linear programming over every relation`, () => {
      const cells = reportCells(randomRows(seed, count), '2026-05-01');
      const p = protect({ values: cells.values, relations: cells.relations, k: 5, familyOf: familyOfKey });
      const published = publishedView(cells.values, p.status);
      // Every relation the tables state, rebuilt here from the keys (independently of the code under test).
      const relations: Array<{ total: string; parts: string[] }> = [];
      const families = new Set([...published.keys()].map(familyOfKey));
      const modelOf = cells.dims.modelOf;
      const models = [...new Set(Object.values(modelOf))];
      for (const f of families) {
        relations.push({ total: `${f}|*|*`, parts: models.map((m) => `${f}|m.${m}|*`) });
        for (const m of models) relations.push({ total: `${f}|m.${m}|*`, parts: cells.dims.countries.filter((c) => modelOf[c] === m).map((c) => `${f}|c.${c}|*`) });
        relations.push({ total: `${f}|*|*`, parts: [...cells.dims.years.map((y) => `${f}|*|y.${y}`), `${f}|*|undated`] });
        if (f === 'total') for (const y of cells.dims.years) relations.push({ total: `total|*|y.${y}`, parts: cells.dims.months.filter((m) => m.startsWith(`${y}-`)).map((m) => `total|*|mo.${m}`) });
      }
      const seen = new Map<string, Seen>([...published].map(([key, v]) => [key, v.status === 'shown' ? v.value : v.status]));
      expect(derivableCells(seen, relations)).toEqual([]);
      // Bounds too (two small cells under a total can pin each other): the exact LP audit over every relation.
      expect(audit(published, cells.relations, 5, { lpLimit: 400 }).exposed).toEqual([]);
      expect([...p.status.values()].filter((s) => s === 'small').length).toBeGreaterThan(0);
    });
  }
});
