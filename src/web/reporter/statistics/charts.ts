/**
 * Charts rendered to SVG on the server with Vega-Lite (so they appear
 * without JavaScript and print well), from published numbers only: a cell
 * shown as "fewer than k" or "not shown" gets no bar, only its label.
 * Rendering costs tens of milliseconds, so each SVG is cached by its spec.
 * Vega and Vega-Lite (some 18 MB in memory) are loaded on the first chart,
 * not when the server starts: most instances serve reports, not charts.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { cleanSvg } from './svg.js';

export interface BarDatum {
  readonly label: string;
  /** The count to draw, or null when it is not shown. */
  readonly value: number | null;
  /** What to write at the end of the bar ("12", "fewer than 5"). */
  readonly text: string;
}

export interface SeriesDatum {
  readonly group: string;
  readonly series: string;
  readonly value: number | null;
}

const INK = '#1b1b1f';
const RED = '#b3122e';
/** Colour-blind-safe series colours with at least 3:1 contrast on white. */
const SERIES = ['#b3122e', '#1f4fd1', '#6b5b00', '#0f6e52', '#7a2e8c', '#4a4a55'];

const baseConfig = {
  aria: false,
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif',
  view: { stroke: null },
  axis: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, gridColor: '#d8d8de', domainColor: '#8a8a95', tickColor: '#8a8a95', labelLimit: 300 },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, labelLimit: 600, orient: 'bottom', direction: 'vertical' },
  text: { color: INK, fontSize: 12 },
} as const;

const cache = new Map<string, string>();
const CACHE_MAX = 300;

async function render(spec: TopLevelSpec, label: string): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(spec)).update(label).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = cleanSvg(await view.toSVG(), { label, className: 'chart-svg' });
    cache.set(key, svg);
    while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Horizontal bars, one per row, with the published text at the end of each. */
export function barChart(rows: readonly BarDatum[], opts: { axisTitle: string; label: string; width?: number }): Promise<string> {
  const data = rows.map((r) => ({ label: r.label, value: r.value ?? 0, text: r.text }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? 420,
    height: { step: 22 },
    data: { values: data },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
    },
    layer: [{ mark: { type: 'bar', color: RED } }, { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'text' } } }],
    config: baseConfig,
  } as unknown as TopLevelSpec;
  return render(spec, opts.label);
}

/** Vertical bars along time (months), with gaps where a count is not shown. */
export function columnChart(rows: readonly BarDatum[], opts: { axisTitle: string; label: string; width?: number }): Promise<string> {
  const data = rows.map((r, i) => ({ label: r.label, order: i, value: r.value }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? Math.max(300, Math.min(720, rows.length * 14)),
    height: 180,
    data: { values: data },
    mark: { type: 'bar', color: RED },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: -60, labelOverlap: 'parity' } },
      y: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
    },
    config: baseConfig,
  } as unknown as TopLevelSpec;
  return render(spec, opts.label);
}

/** Grouped bars (one group per x value, one bar per series), with a legend. */
export function groupedChart(rows: readonly SeriesDatum[], opts: { axisTitle: string; legendTitle: string; label: string; stacked?: boolean; width?: number }): Promise<string> {
  const series = [...new Set(rows.map((r) => r.series))];
  const data = rows.filter((r) => r.value !== null).map((r) => ({ group: r.group, series: r.series, value: r.value }));
  const color = { field: 'series', type: 'nominal', title: opts.legendTitle, sort: series, scale: { domain: series, range: SERIES.slice(0, Math.max(1, series.length)) } };
  const spec = opts.stacked
    ? {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: opts.width ?? 420,
        height: { step: 26 },
        data: { values: data },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: null },
          x: { field: 'value', type: 'quantitative', title: opts.axisTitle, stack: 'zero', axis: { tickMinStep: 1, format: 'd' } },
          color,
          order: { field: 'seriesOrder' },
        },
        transform: [{ calculate: `indexof(${JSON.stringify(series)}, datum.series)`, as: 'seriesOrder' }],
        config: baseConfig,
      }
    : {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: opts.width ?? 420,
        height: 200,
        data: { values: data },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'group', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
          xOffset: { field: 'series', type: 'nominal', sort: series },
          y: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
          color,
        },
        config: baseConfig,
      };
  return render(spec as unknown as TopLevelSpec, opts.label);
}
