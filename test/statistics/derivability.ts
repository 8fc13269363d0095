/**
 * An independent check of published tables, written apart from the code
 * that protects them: from what a reader sees (shown counts, and which cells
 * say "fewer than k" or "not shown") and the sums the tables state (a total
 * is the sum of its rows; a legal model is the sum of its countries; a year
 * is the sum of its months; a survey's respondents are the sum of the
 * answers to a single-choice question), can any held-back cell be computed
 * exactly? Linear algebra: a held-back cell is
 * determined exactly when the unit vector of its unknown lies in the row
 * space of the system, i.e. when a row of the reduced echelon form has a
 * single non-zero entry. (Coefficients are ±1 and stay small fractions, so
 * floating point with a tolerance is exact enough.)
 */

const EPS = 1e-9;

export type Seen = number | 'small' | 'hidden';

export interface SumRelation {
  readonly total: string;
  readonly parts: readonly string[];
}

/**
 * The held-back cells that a reader could compute exactly from the sums,
 * given the published values. Relations naming a cell that is not published
 * at all are ignored (a reader cannot use them).
 */
export function derivableCells(published: ReadonlyMap<string, Seen>, relations: readonly SumRelation[]): string[] {
  const unknowns = [...published].filter(([, v]) => typeof v !== 'number').map(([k]) => k);
  const index = new Map(unknowns.map((k, i) => [k, i]));
  const rows: number[][] = [];
  for (const r of relations) {
    if (!published.has(r.total) || !r.parts.every((p) => published.has(p))) continue;
    const row = unknowns.map(() => 0);
    let touches = false;
    const add = (key: string, coef: number) => {
      const i = index.get(key);
      if (i !== undefined) {
        row[i] = row[i]! + coef;
        touches = true;
      }
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (touches) rows.push(row);
  }
  // Reduced row echelon form.
  let lead = 0;
  const m = rows.length;
  const n = unknowns.length;
  for (let r = 0; r < m && lead < n; r++) {
    let i = r;
    while (Math.abs(rows[i]![lead]!) < EPS) {
      i++;
      if (i === m) {
        i = r;
        lead++;
        if (lead === n) break;
      }
    }
    if (lead === n) break;
    [rows[i], rows[r]] = [rows[r]!, rows[i]!];
    const pivot = rows[r]![lead]!;
    rows[r] = rows[r]!.map((x) => x / pivot);
    const pr = rows[r]!;
    for (let j = 0; j < m; j++) {
      if (j === r) continue;
      const row = rows[j]!;
      const f = row[lead]!;
      if (Math.abs(f) < EPS) continue;
      for (let c = 0; c < n; c++) {
        const v = row[c]! - f * pr[c]!;
        row[c] = Math.abs(v) < EPS ? 0 : v;
      }
    }
    lead++;
  }
  const out: string[] = [];
  for (const row of rows) {
    const nz = row.map((x, i) => (Math.abs(x) < EPS ? -1 : i)).filter((i) => i >= 0);
    if (nz.length === 1) out.push(unknowns[nz[0]!]!);
  }
  return out;
}
