/** Plain-text tables and number formats for benchmark output. */

export type Align = 'l' | 'r';

/** Renders rows as a fixed-width table; `align` per column, left by default. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = [], indent = '  '): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '–');
export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '–');
export const mb = (bytes: number): string => `${fixed(bytes / 1e6, 1)} MB`;
export const verdict = (holds: boolean): string => (holds ? 'holds' : 'MISSED');
