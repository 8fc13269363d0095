/**
 * Small-cell protection for published counts (guarantee 9).
 *
 * Every published number is a cell with a key. A cell is shown (its exact
 * count, including 0), "small" (a count from 1 to k−1, shown as "fewer than
 * k": primary suppression) or "hidden" (a count of at least k that is held
 * back so that a small cell cannot be worked out: complementary
 * suppression). Zero is shown: it singles nobody out, and hiding it would
 * make every sparse table unreadable.
 *
 * What a reader knows is modelled exactly: the shown values, the range each
 * label implies (small: 1..k−1; hidden: k or more, because only cells of at
 * least k are ever chosen to be hidden), and every relation between cells
 * (a total is the sum of its parts; a count of reports with one category is
 * at most the count of all reports; every report has at least one
 * category). The audit computes, for every suppressed cell, the smallest and
 * largest value it can have given all of that: first by bounds propagation
 * (exact on tree-shaped tables), then by linear programming on each group
 * of linked suppressed cells. A cell is exposed when only one whole number
 * remains possible. `protect` adds hidden cells until none is exposed, and
 * withdraws a whole family of cells when nothing else would do.
 */
import { feasible, optimise, type LinearProgram, type Terms } from './lp.js';

export type CellStatus = 'shown' | 'small' | 'hidden';

/** parent = Σ children */
export interface Equation {
  readonly parent: string;
  readonly children: readonly string[];
}

/** cell ≤ bound */
export interface AtMost {
  readonly cell: string;
  readonly bound: string;
}

/** Σ cells ≥ bound */
export interface AtLeastSum {
  readonly cells: readonly string[];
  readonly bound: string;
}

export interface Relations {
  readonly equations: readonly Equation[];
  readonly atMost: readonly AtMost[];
  readonly atLeastSum: readonly AtLeastSum[];
}

/** What is published about one cell. */
export type Published = { readonly status: 'shown'; readonly value: number } | { readonly status: 'small' } | { readonly status: 'hidden' };

export interface Range {
  readonly lo: number;
  readonly hi: number;
}

export interface AuditOptions {
  /** Largest group of linked suppressed cells solved by linear programming (larger ones: propagation only). */
  readonly lpLimit?: number;
  /**
   * Link groups through every relation, inequalities too, and solve each by
   * linear programming whatever its size or shape (slow; for tests).
   */
  readonly exhaustive?: boolean;
}

export interface AuditResult {
  /** Feasible range of every suppressed cell. */
  readonly ranges: Map<string, Range>;
  /** Suppressed cells whose value is determined (one whole number remains). */
  readonly exposed: string[];
  /** Groups of linked suppressed cells too large for linear programming (checked by propagation only). */
  readonly largeGroups: number;
}

const DEFAULT_LP_LIMIT = 120;

/** The range a reader can infer from a cell's label alone. */
export function labelRange(p: Published, k: number): Range {
  if (p.status === 'shown') return { lo: p.value, hi: p.value };
  if (p.status === 'small') return { lo: 1, hi: k - 1 };
  return { lo: k, hi: Infinity };
}

type Constraint = { kind: 'eq'; parent: string; children: readonly string[] } | { kind: 'le'; cell: string; bound: string } | { kind: 'ge'; cells: readonly string[]; bound: string };

function constraintsOf(rel: Relations, known: (key: string) => boolean): Constraint[] {
  const out: Constraint[] = [];
  for (const e of rel.equations) if (known(e.parent) && e.children.every(known)) out.push({ kind: 'eq', parent: e.parent, children: e.children });
  for (const a of rel.atMost) if (known(a.cell) && known(a.bound)) out.push({ kind: 'le', cell: a.cell, bound: a.bound });
  for (const a of rel.atLeastSum) if (known(a.bound) && a.cells.every(known)) out.push({ kind: 'ge', cells: a.cells, bound: a.bound });
  return out;
}

function keysOf(c: Constraint): string[] {
  return c.kind === 'eq' ? [c.parent, ...c.children] : c.kind === 'le' ? [c.cell, c.bound] : [...c.cells, c.bound];
}

/** A sum of upper bounds (some infinite), and the sum of all but one of them, without ∞ − ∞. */
function sumWithout(values: readonly number[]): { total: number; without: (j: number) => number } {
  let finite = 0;
  let infinite = 0;
  for (const v of values) {
    if (Number.isFinite(v)) finite += v;
    else infinite++;
  }
  return {
    total: infinite > 0 ? Infinity : finite,
    without: (j) => {
      const v = values[j]!;
      const inf = infinite - (Number.isFinite(v) ? 0 : 1);
      return inf > 0 ? Infinity : finite - (Number.isFinite(v) ? v : 0);
    },
  };
}

const floorE = (x: number) => (Number.isFinite(x) ? Math.floor(x + 1e-7) : x);
const ceilE = (x: number) => (Number.isFinite(x) ? Math.ceil(x - 1e-7) : x);

/**
 * Bounds propagation to a fixed point. Sound: the true values always stay
 * inside the ranges, so a range that shrinks to one number is a value
 * anyone can compute. Returns false if the ranges became empty (an
 * inconsistent publication, which is a bug).
 */
function propagate(cons: readonly Constraint[], lo: Map<string, number>, hi: Map<string, number>, isVar: (k: string) => boolean): boolean {
  const byKey = new Map<string, number[]>();
  cons.forEach((c, i) => {
    for (const key of keysOf(c)) if (isVar(key)) (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(i);
  });
  const queued = new Uint8Array(cons.length);
  const queue: number[] = [];
  cons.forEach((c, i) => {
    if (keysOf(c).some(isVar)) {
      queue.push(i);
      queued[i] = 1;
    }
  });
  const L = (k: string) => lo.get(k)!;
  const H = (k: string) => hi.get(k)!;
  let ok = true;
  const tighten = (key: string, newLo: number, newHi: number) => {
    if (!isVar(key)) return;
    const l = ceilE(Math.max(L(key), newLo));
    const h = floorE(Math.min(H(key), newHi));
    if (l > h) ok = false;
    if (l !== L(key) || h !== H(key)) {
      lo.set(key, l);
      hi.set(key, h);
      for (const j of byKey.get(key) ?? []) {
        if (!queued[j]) {
          queued[j] = 1;
          queue.push(j);
        }
      }
    }
  };
  let steps = 0;
  while (queue.length > 0 && ok) {
    if (++steps > 2_000_000) break;
    const i = queue.shift()!;
    queued[i] = 0;
    const c = cons[i]!;
    if (c.kind === 'eq') {
      const sumLo = c.children.reduce((s, k) => s + L(k), 0);
      const his = sumWithout(c.children.map(H));
      tighten(c.parent, sumLo, his.total);
      const pLo = L(c.parent);
      const pHi = H(c.parent);
      c.children.forEach((ch, j) => tighten(ch, pLo - his.without(j), pHi - (sumLo - L(ch))));
    } else if (c.kind === 'le') {
      tighten(c.cell, -Infinity, H(c.bound));
      tighten(c.bound, L(c.cell), Infinity);
    } else {
      const his = sumWithout(c.cells.map(H));
      tighten(c.bound, -Infinity, his.total);
      const bLo = L(c.bound);
      c.cells.forEach((x, j) => tighten(x, bLo - his.without(j), Infinity));
    }
  }
  return ok;
}

/**
 * Works out what a reader can infer about every suppressed cell from a
 * publication: the ranges, and the cells whose value is determined.
 */
export function audit(published: ReadonlyMap<string, Published>, rel: Relations, k: number, opts: AuditOptions = {}): AuditResult {
  const lpLimit = opts.lpLimit ?? DEFAULT_LP_LIMIT;
  const cons = constraintsOf(rel, (key) => published.has(key));
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const [key, p] of published) {
    const r = labelRange(p, k);
    lo.set(key, r.lo);
    hi.set(key, r.hi);
  }
  const isVar = (key: string) => published.get(key)?.status !== 'shown';
  if (!propagate(cons, lo, hi, isVar)) throw new Error('the published cells contradict each other');

  // Groups of suppressed cells linked by an equation (by any relation when exhaustive). A group whose
  // cells and equations form a tree is already exact after propagation; others are solved by linear programming.
  const linking = opts.exhaustive ? cons : cons.filter((c) => c.kind === 'eq');
  let largeGroups = 0;
  for (let pass = 0; pass < 20; pass++) {
    let tightened = false;
    for (const { vars, inside, edges } of groupsOf(linking, cons, isVar)) {
      if (vars.every((v) => lo.get(v) === hi.get(v))) continue;
      const tree = edges === vars.length + inside.length - 1 && inside.every((c) => c.kind === 'eq');
      if (tree && !opts.exhaustive) continue;
      if (vars.length > lpLimit && !opts.exhaustive) {
        if (pass === 0) largeGroups++;
        continue;
      }
      if (refineByLp(vars, inside, lo, hi, isVar)) tightened = true;
    }
    if (!tightened) break;
    if (!propagate(cons, lo, hi, isVar)) throw new Error('the published cells contradict each other');
  }
  const ranges = new Map<string, Range>();
  const exposed: string[] = [];
  for (const [key] of published) {
    if (!isVar(key)) continue;
    const r = { lo: lo.get(key)!, hi: hi.get(key)! };
    ranges.set(key, r);
    if (r.lo === r.hi) exposed.push(key);
  }
  return { ranges, exposed, largeGroups };
}

interface Group {
  readonly vars: string[];
  /** Constraints all of whose suppressed cells are in the group. */
  readonly inside: Constraint[];
  /** Incidences between the group's cells and its linking constraints. */
  readonly edges: number;
}

/** Groups of suppressed cells connected through the linking constraints. */
function groupsOf(linking: readonly Constraint[], all: readonly Constraint[], isVar: (k: string) => boolean): Group[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const c of linking) {
    const vars = keysOf(c).filter(isVar);
    vars.forEach(add);
    for (let i = 1; i < vars.length; i++) {
      const a = find(vars[0]!);
      const b = find(vars[i]!);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<string, { vars: string[]; inside: Constraint[]; edges: number }>();
  for (const key of parent.keys()) {
    const r = find(key);
    (groups.get(r) ?? groups.set(r, { vars: [], inside: [], edges: 0 }).get(r)!).vars.push(key);
  }
  const linkSet = new Set(linking);
  for (const c of all) {
    const vars = keysOf(c).filter(isVar);
    if (vars.length === 0) continue;
    const roots = new Set(vars.map((v) => (parent.has(v) ? find(v) : `!${v}`)));
    if (roots.size !== 1) continue;
    const g = groups.get([...roots][0]!);
    if (!g) continue;
    g.inside.push(c);
    if (linkSet.has(c)) g.edges += vars.length;
  }
  return [...groups.values()];
}

/**
 * Exact ranges of one group of linked suppressed cells, by linear
 * programming (the tables' constraint matrices are integral, so the bounds
 * are whole numbers). Returns true when a range shrank.
 */
function refineByLp(vars: readonly string[], cons: readonly Constraint[], lo: Map<string, number>, hi: Map<string, number>, isVar: (k: string) => boolean): boolean {
  const index = new Map(vars.map((v, i) => [v, i] as const));
  const equal: Array<{ terms: Terms; rhs: number }> = [];
  const atMost: Array<{ terms: Terms; rhs: number }> = [];
  // Builds Σ coef·key, moving known cells (shown, or outside this group and already fixed) to the right-hand side.
  const linear = (parts: ReadonlyArray<readonly [string, number]>) => {
    const terms: Array<[number, number]> = [];
    let constant = 0;
    for (const [key, coef] of parts) {
      const i = index.get(key);
      if (i !== undefined) terms.push([i, coef]);
      else if (!isVar(key) || lo.get(key) === hi.get(key)) constant += coef * lo.get(key)!;
      else return null;
    }
    return { terms, constant };
  };
  for (const c of cons) {
    if (c.kind === 'eq') {
      const l = linear([[c.parent, 1], ...c.children.map((ch) => [ch, -1] as const)]);
      if (l && l.terms.length) equal.push({ terms: l.terms, rhs: -l.constant });
    } else if (c.kind === 'le') {
      const l = linear([
        [c.cell, 1],
        [c.bound, -1],
      ]);
      if (l && l.terms.length) atMost.push({ terms: l.terms, rhs: -l.constant });
    } else {
      const l = linear([[c.bound, 1], ...c.cells.map((x) => [x, -1] as const)]);
      if (l && l.terms.length) atMost.push({ terms: l.terms, rhs: -l.constant });
    }
  }
  const lp: LinearProgram = { n: vars.length, lo: vars.map((v) => lo.get(v)!), hi: vars.map((v) => hi.get(v)!), equal, atMost };
  const fp = feasible(lp);
  if (!fp) throw new Error('the published cells contradict each other');
  let tightened = false;
  // Values seen in optimal points: a cell already seen at two values a whole number apart is not determined.
  const seenLo = vars.map(() => Infinity);
  const seenHi = vars.map(() => -Infinity);
  const record = (x: readonly number[]) =>
    x.forEach((v, i) => {
      if (v < seenLo[i]!) seenLo[i] = v;
      if (v > seenHi[i]!) seenHi[i] = v;
    });
  vars.forEach((v, i) => {
    if (seenHi[i]! - seenLo[i]! >= 1 - 1e-7) return;
    const min = optimise(fp, [[i, 1]], 'min');
    const max = optimise(fp, [[i, 1]], 'max');
    if (min) record(min.x);
    if (max) record(max.x);
    const l = Math.max(lo.get(v)!, min ? ceilE(min.value) : -Infinity);
    const h = Math.min(hi.get(v)!, max ? floorE(max.value) : Infinity);
    if (l !== lo.get(v) || h !== hi.get(v)) {
      lo.set(v, l);
      hi.set(v, h);
      tightened = true;
    }
  });
  return tightened;
}

export interface ProtectInput {
  /** The true count of every cell that would be published. */
  readonly values: ReadonlyMap<string, number>;
  readonly relations: Relations;
  readonly k: number;
  /** The family a cell belongs to: a family is withdrawn as a whole when no hidden cell can protect it. */
  readonly familyOf: (key: string) => string;
  /**
   * How much hiding a cell costs readers, per count (default 1): totals and
   * subtotals cost more than the cells they sum, so that protection prefers
   * to hide a country or a month rather than a grand total.
   */
  readonly weightOf?: (key: string) => number;
  readonly lpLimit?: number;
}

export interface Protection {
  /** Status of every cell that is published (cells of withdrawn families are absent). */
  readonly status: Map<string, CellStatus>;
  readonly withdrawn: Set<string>;
  /** Cells hidden to protect small ones. */
  readonly hidden: number;
  readonly largeGroups: number;
}

/** What the public sees of the cells, given their statuses. */
export function publishedView(values: ReadonlyMap<string, number>, status: ReadonlyMap<string, CellStatus>): Map<string, Published> {
  const out = new Map<string, Published>();
  for (const [key, s] of status) out.set(key, s === 'shown' ? { status: 'shown', value: values.get(key)! } : { status: s });
  return out;
}

/**
 * Chooses what to publish: small cells are "fewer than k"; then, until no
 * suppressed cell can be worked out, the smallest shown cell of at least k in
 * a relation of an exposed cell is hidden as well.
 */
export function protect(input: ProtectInput): Protection {
  const { values, relations, k, familyOf } = input;
  const cost = (key: string) => values.get(key)! * (input.weightOf?.(key) ?? 1);
  /**
   * The cost of hiding `m` for real: a cell whose other sums are all shown
   * would be given away by any of them, so each such sum needs a partner
   * hidden too (its cheapest shown cell of at least k). One step of look-ahead.
   */
  const lookahead = (m: string, via: string[]): { total: number; partners: string[] } => {
    let total = cost(m);
    const partners: string[] = [];
    for (const r of eqRelationsByKey.get(m) ?? []) {
      if (r === via || !r.every((x) => status.has(x))) continue;
      if (r.some((x) => x !== m && status.get(x) !== 'shown')) continue;
      let partner: string | undefined;
      for (const x of r) {
        if (x === m || values.get(x)! < k) continue;
        if (partner === undefined || cost(x) < cost(partner)) partner = x;
      }
      if (partner === undefined) return { total: Infinity, partners: [] };
      if (!partners.includes(partner)) {
        partners.push(partner);
        total += cost(partner);
      }
    }
    return { total, partners };
  };
  const withdrawn = new Set<string>();
  const status = new Map<string, CellStatus>();
  for (const [key, v] of values) status.set(key, v === 0 || v >= k ? 'shown' : 'small');
  // Every relation as a list of its cells, indexed by cell: candidates to hide are searched along them.
  const relationsByKey = new Map<string, string[][]>();
  const eqRelationsByKey = new Map<string, string[][]>();
  const index = (members: string[], equation: boolean) => {
    for (const m of members) {
      (relationsByKey.get(m) ?? relationsByKey.set(m, []).get(m)!).push(members);
      if (equation) (eqRelationsByKey.get(m) ?? eqRelationsByKey.set(m, []).get(m)!).push(members);
    }
  };
  for (const e of relations.equations) index([e.parent, ...e.children], true);
  for (const a of relations.atMost) index([a.cell, a.bound], false);
  for (const a of relations.atLeastSum) index([...a.cells, a.bound], false);
  let hidden = 0;
  for (let round = 0; round < 100_000; round++) {
    const result = audit(publishedView(values, status), relations, k, { lpLimit: input.lpLimit });
    if (result.exposed.length === 0) return { status, withdrawn, hidden, largeGroups: result.largeGroups };
    const touched = new Set<string[]>();
    const hiddenNow = new Set<string>();
    let changed = false;
    const unresolved: string[] = [];
    const usable = (r: string[]) => r.every((m) => status.has(m));
    for (const key of result.exposed.sort()) {
      const own = (relationsByKey.get(key) ?? []).filter(usable);
      // Something next to this cell was hidden in this round already: look again in the next one.
      if (own.some((r) => touched.has(r) || r.some((m) => hiddenNow.has(m)))) continue;
      // The nearest relations (directly, or through other suppressed cells) that hold a shown cell of at least k;
      // the cheapest such cell is hidden. Sums (equations) are searched first: hiding along an inequality
      // (a category count against the count of all reports) would spread into another family of cells.
      let best: string | undefined;
      let bestCost = Infinity;
      let bestPartners: string[] = [];
      let via: string[] | undefined;
      for (const pool of [eqRelationsByKey, relationsByKey]) {
        const start = (pool.get(key) ?? []).filter(usable);
        const seenRel = new Set<string[]>(start);
        const seenKey = new Set<string>([key]);
        let frontier = start;
        for (let depth = 0; depth < 6 && frontier.length > 0 && best === undefined; depth++) {
          for (const r of frontier) {
            for (const m of r) {
              if (status.get(m) !== 'shown') continue;
              if (values.get(m)! < k) continue;
              const { total, partners } = lookahead(m, r);
              if (best === undefined || total < bestCost || (total === bestCost && m < best)) {
                best = m;
                bestCost = total;
                bestPartners = partners;
                via = r;
              }
            }
          }
          if (best !== undefined) break;
          const next: string[][] = [];
          for (const r of frontier) {
            for (const m of r) {
              if (status.get(m) === 'shown' || seenKey.has(m)) continue;
              seenKey.add(m);
              for (const r2 of (pool.get(m) ?? []).filter(usable)) {
                if (!seenRel.has(r2)) {
                  seenRel.add(r2);
                  next.push(r2);
                }
              }
            }
          }
          frontier = next;
        }
        if (best !== undefined) break;
      }
      if (best === undefined) {
        unresolved.push(key);
        continue;
      }
      for (const m of [best, ...bestPartners]) {
        if (status.get(m) === 'shown') {
          status.set(m, 'hidden');
          hiddenNow.add(m);
          hidden++;
        }
      }
      changed = true;
      for (const r of own) touched.add(r);
      if (via) touched.add(via);
    }
    if (!changed) {
      // Nothing left to hide: withdraw the families whose cells stay exposed.
      if (unresolved.length === 0) throw new Error('cell protection made no progress');
      for (const key of unresolved) withdrawn.add(familyOf(key));
      for (const key of [...status.keys()]) if (withdrawn.has(familyOf(key))) status.delete(key);
    }
  }
  throw new Error('cell protection did not finish');
}
