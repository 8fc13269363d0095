/**
 * A small, dense linear-programming solver (two-phase simplex with Bland's
 * rule, so it cannot cycle), for auditing published tables: it finds the
 * smallest and largest value a hidden cell can take given everything that is
 * published. Problems here have at most a few hundred variables.
 */

/** A sparse linear expression: [variable index, coefficient] pairs. */
export type Terms = ReadonlyArray<readonly [number, number]>;

export interface LinearProgram {
  /** Number of variables. */
  readonly n: number;
  /** Lower bounds (finite). */
  readonly lo: readonly number[];
  /** Upper bounds (Infinity for none). */
  readonly hi: readonly number[];
  /** Σ terms = rhs */
  readonly equal: ReadonlyArray<{ readonly terms: Terms; readonly rhs: number }>;
  /** Σ terms ≤ rhs */
  readonly atMost: ReadonlyArray<{ readonly terms: Terms; readonly rhs: number }>;
}

const EPS = 1e-9;

/** A feasible basis of a program, from which objectives can be optimised. */
export interface FeasibleProgram {
  readonly lp: LinearProgram;
  /** Rows of the tableau (without objective); last entry of each row is the right-hand side. */
  readonly rows: number[][];
  readonly basis: number[];
  /** Columns that may enter the basis (artificial columns may not). */
  readonly allowed: boolean[];
  /** Number of structural (shifted) variables: the program's n. */
  readonly n: number;
}

function pivot(rows: number[][], basis: number[], r: number, c: number, objective?: number[]): void {
  const row = rows[r]!;
  const p = row[c]!;
  for (let j = 0; j < row.length; j++) row[j]! /= p;
  for (let i = 0; i < rows.length; i++) {
    if (i === r) continue;
    const other = rows[i]!;
    const f = other[c]!;
    if (Math.abs(f) < EPS) continue;
    for (let j = 0; j < other.length; j++) other[j]! -= f * row[j]!;
  }
  if (objective) {
    const f = objective[c]!;
    if (Math.abs(f) >= EPS) for (let j = 0; j < objective.length; j++) objective[j]! -= f * row[j]!;
  }
  basis[r] = c;
}

/**
 * Runs the simplex on `objective` (reduced costs, last entry = −value),
 * minimising. Returns false when unbounded.
 */
function simplex(rows: number[][], basis: number[], objective: number[], allowed: boolean[]): boolean {
  const width = objective.length - 1;
  for (let iter = 0; iter < 50_000; iter++) {
    // Bland: the lowest-index column with a negative reduced cost enters.
    let enter = -1;
    for (let j = 0; j < width; j++) {
      if (allowed[j] && objective[j]! < -EPS) {
        enter = j;
        break;
      }
    }
    if (enter === -1) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]![enter]!;
      if (a > EPS) {
        const ratio = rows[i]![width]! / a;
        if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && leave !== -1 && basis[i]! < basis[leave]!)) {
          best = ratio;
          leave = i;
        }
      }
    }
    if (leave === -1) return false;
    pivot(rows, basis, leave, enter, objective);
  }
  throw new Error('simplex did not converge');
}

/**
 * Phase one: finds a feasible point, or returns null when the constraints
 * cannot all hold. Variables are shifted to x = lo + y, y ≥ 0.
 */
export function feasible(lp: LinearProgram): FeasibleProgram | null {
  const { n } = lp;
  const specs: Array<{ terms: Terms; rhs: number; slack: boolean }> = [];
  const shift = (terms: Terms, rhs: number) => rhs - terms.reduce((s, [i, a]) => s + a * lp.lo[i]!, 0);
  for (const e of lp.equal) specs.push({ terms: e.terms, rhs: shift(e.terms, e.rhs), slack: false });
  for (const e of lp.atMost) specs.push({ terms: e.terms, rhs: shift(e.terms, e.rhs), slack: true });
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(lp.hi[i]!)) specs.push({ terms: [[i, 1]], rhs: lp.hi[i]! - lp.lo[i]!, slack: true });
  }
  const slacks = specs.filter((s) => s.slack).length;
  const m = specs.length;
  const width = n + slacks + m;
  const rows: number[][] = [];
  const basis: number[] = [];
  let slackCol = n;
  specs.forEach((s, r) => {
    const row = new Array<number>(width + 1).fill(0);
    for (const [i, a] of s.terms) row[i]! += a;
    if (s.slack) row[slackCol++] = 1;
    row[width] = s.rhs;
    if (s.rhs < 0) for (let j = 0; j <= width; j++) row[j] = -row[j]!;
    row[n + slacks + r] = 1;
    rows.push(row);
    basis.push(n + slacks + r);
  });
  const allowed = new Array<boolean>(width).fill(true);
  // Phase-one objective: minimise the sum of artificials; reduced costs = −(sum of rows) on non-artificials.
  const objective = new Array<number>(width + 1).fill(0);
  for (const row of rows) for (let j = 0; j < n + slacks; j++) objective[j]! -= row[j]!;
  for (const row of rows) objective[width]! -= row[width]!;
  simplex(rows, basis, objective, allowed);
  if (-objective[width]! > 1e-7) return null;
  // Drive artificials out of the basis; a row where that is impossible is redundant.
  for (let r = rows.length - 1; r >= 0; r--) {
    if (basis[r]! < n + slacks) continue;
    const row = rows[r]!;
    let c = -1;
    for (let j = 0; j < n + slacks; j++) {
      if (Math.abs(row[j]!) > EPS) {
        c = j;
        break;
      }
    }
    if (c === -1) {
      rows.splice(r, 1);
      basis.splice(r, 1);
    } else pivot(rows, basis, r, c);
  }
  for (let j = n + slacks; j < width; j++) allowed[j] = false;
  return { lp, rows, basis, allowed, n };
}

export interface Optimum {
  readonly value: number;
  /** The optimal point, in the original (unshifted) variables. */
  readonly x: number[];
}

/** Optimises a linear objective over a feasible program; null when unbounded. Does not change `fp`. */
export function optimise(fp: FeasibleProgram, objectiveTerms: Terms, sense: 'min' | 'max'): Optimum | null {
  const rows = fp.rows.map((r) => r.slice());
  const basis = fp.basis.slice();
  const width = rows[0] ? rows[0].length - 1 : fp.allowed.length;
  const cost = new Array<number>(width).fill(0);
  const sign = sense === 'min' ? 1 : -1;
  for (const [i, a] of objectiveTerms) cost[i]! += sign * a;
  const objective = new Array<number>(width + 1).fill(0);
  for (let j = 0; j < width; j++) objective[j] = cost[j]!;
  rows.forEach((row, r) => {
    const cb = cost[basis[r]!]!;
    if (cb !== 0) for (let j = 0; j <= width; j++) objective[j]! -= cb * row[j]!;
  });
  if (!simplex(rows, basis, objective, fp.allowed)) return null;
  const y = new Array<number>(width).fill(0);
  rows.forEach((row, r) => {
    y[basis[r]!] = row[width]!;
  });
  const x = fp.lp.lo.map((lo, i) => lo + y[i]!);
  const value = objectiveTerms.reduce((s, [i, a]) => s + a * x[i]!, 0);
  return { value, x };
}
