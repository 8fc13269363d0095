/**
 * Charts rendered to SVG on the server with Vega-Lite (so they appear
 * without JavaScript and print well), from published numbers only: a cell
 * shown as "fewer than k" or "not shown" gets no bar, only its label.
 * Rendering costs tens of milliseconds, so each SVG is cached by its spec.
 * Vega and Vega-Lite (some 18 MB in memory) are loaded on the first chart,
 * not when the server starts: most instances serve reports, not charts.
 *
 * Drawn for a phone first: every chart is horizontal bars about 300 units
 * wide with 14-unit text, so that on a 320 px screen the SVG is shown at
 * nearly its own size and its words stay readable; long labels wrap onto
 * several lines (at word boundaries, Thai included) instead of being cut.
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

/** Text size in SVG units: shown at about this many pixels on a 320 px screen. */
const TEXT = 14;
/** Width of the bars' area: with the wrapped labels beside it, about 300 units in all. */
const PLOT_WIDTH = 110;
/** A label line holds at most this many characters before it wraps. */
const LINE_CHARS = 12;
const LINE_HEIGHT = 16;

const baseConfig = {
  aria: false,
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif',
  view: { stroke: null },
  axis: { labelColor: INK, titleColor: INK, labelFontSize: TEXT, titleFontSize: TEXT, gridColor: '#d8d8de', domainColor: '#8a8a95', tickColor: '#8a8a95', labelLimit: 0, labelLineHeight: LINE_HEIGHT },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: TEXT, titleFontSize: TEXT, labelLimit: 0, orient: 'bottom', direction: 'vertical' },
  text: { color: INK, fontSize: TEXT },
} as const;

/** Word boundaries in any script (ICU's dictionaries find Thai words, which have no spaces between them). */
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Characters drawn a full em wide (Chinese, Japanese, Korean, full-width forms). */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
/** Width of a text in half-width columns: a wide character takes two. */
const columns = (text: string): number => [...text].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

/**
 * Room to add beside the drawing for wide characters: the renderer, measuring
 * text without a font, takes every character as narrower than a full em, so
 * labels in Chinese would reach past the edge of the drawing and be cut.
 */
function widePadding(labels: readonly string[]): number {
  const widest = Math.max(0, ...labels.flatMap((l) => l.split('\n')).map((line) => [...line].filter((ch) => WIDE.test(ch)).length));
  return Math.ceil(widest * TEXT * 0.3);
}
const padFor = (labels: readonly string[]) => {
  const extra = widePadding(labels);
  return { left: 5 + extra, right: 5 + extra, top: 5, bottom: 5 };
};

/** A label broken into lines of about LINE_CHARS characters at word boundaries, joined by newlines (Vega draws one line each). */
export function wrapLabel(label: string, max = LINE_CHARS): string {
  const lines: string[] = [];
  let line = '';
  for (const { segment } of words.segment(label)) {
    if (line && columns((line + segment).trimEnd()) > max && segment.trim()) {
      lines.push(line.trimEnd());
      line = segment.trimStart();
    } else {
      line += segment;
    }
    // A single word longer than a line (long compound words) is broken with a hyphen.
    while (columns(line) > max + 2) {
      const chars = [...line];
      let cut = 0;
      for (let used = 0; cut < chars.length && used + columns(chars[cut]!) <= max - 1; cut++) used += columns(chars[cut]!);
      const wide = WIDE.test(chars[cut - 1] ?? '');
      lines.push(`${chars.slice(0, cut).join('')}${wide ? '' : '-'}`);
      line = chars.slice(cut).join('');
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}

/** Axis labels drawn line by line from the wrapped text. */
const wrappedAxis = { labelExpr: "split(datum.label, '\\n')" } as const;
const lineCount = (labels: readonly string[]): number => Math.max(1, ...labels.map((l) => l.split('\n').length));

const cache = new Map<string, string>();
const CACHE_MAX = 300;

async function render(spec: TopLevelSpec, label: string): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(spec)).update(label).digest('hex');
  const hit = cache.get(key);
  if (hit) return hit;
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = cleanSvg(await view.toSVG(), { label, className: 'chart-svg', keepSize: true });
    cache.set(key, svg);
    while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Horizontal bars, one per row, with the published text at the end of each. */
export function barChart(rows: readonly BarDatum[], opts: { axisTitle: string; label: string; width?: number }): Promise<string> {
  const data = rows.map((r) => ({ label: wrapLabel(r.label), value: r.value ?? 0, text: r.text }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? PLOT_WIDTH,
    height: { step: 8 + LINE_HEIGHT * lineCount(data.map((d) => d.label)) },
    data: { values: data },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: wrappedAxis },
      x: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
    },
    layer: [{ mark: { type: 'bar', color: RED } }, { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { text: { field: 'text' } } }],
    padding: padFor(data.flatMap((d) => [d.label, d.text])),
    config: baseConfig,
  } as unknown as TopLevelSpec;
  return render(spec, opts.label);
}

/** Bars along time (months, one row each, oldest first), with gaps where a count is not shown. */
export function columnChart(rows: readonly BarDatum[], opts: { axisTitle: string; label: string; width?: number }): Promise<string> {
  const data = rows.map((r, i) => ({ label: r.label, order: i, value: r.value }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: opts.width ?? PLOT_WIDTH + 40,
    height: { step: 20 },
    data: { values: data },
    mark: { type: 'bar', color: RED },
    encoding: {
      y: { field: 'label', type: 'ordinal', sort: null, title: null },
      x: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
    },
    padding: padFor([...data.map((d) => d.label), opts.axisTitle]),
    config: baseConfig,
  } as unknown as TopLevelSpec;
  return render(spec, opts.label);
}

/** Grouped bars (one group per x value, one bar per series), with a legend. */
export function groupedChart(rows: readonly SeriesDatum[], opts: { axisTitle: string; legendTitle: string; label: string; stacked?: boolean; width?: number }): Promise<string> {
  // Legend entries wrap like axis labels (legal models' names are long in many languages).
  const series = [...new Set(rows.map((r) => wrapLabel(r.series, 2 * LINE_CHARS)))];
  const data = rows.filter((r) => r.value !== null).map((r) => ({ group: wrapLabel(r.group), series: wrapLabel(r.series, 2 * LINE_CHARS), value: r.value }));
  const lines = lineCount(data.map((d) => d.group));
  const color = {
    field: 'series',
    type: 'nominal',
    title: opts.legendTitle,
    sort: series,
    legend: { labelExpr: "split(datum.label, '\\n')" },
    scale: { domain: series, range: SERIES.slice(0, Math.max(1, series.length)) },
  };
  const spec = opts.stacked
    ? {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: opts.width ?? PLOT_WIDTH,
        height: { step: 10 + LINE_HEIGHT * lines },
        data: { values: data },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null, title: null, axis: wrappedAxis },
          x: { field: 'value', type: 'quantitative', title: opts.axisTitle, stack: 'zero', axis: { tickMinStep: 1, format: 'd' } },
          color,
          order: { field: 'seriesOrder' },
        },
        transform: [{ calculate: `indexof(${JSON.stringify(series)}, datum.series)`, as: 'seriesOrder' }],
        padding: padFor([...data.map((d) => d.group), ...series, opts.legendTitle, opts.axisTitle]),
        config: baseConfig,
      }
    : {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width: opts.width ?? PLOT_WIDTH,
        height: { step: Math.max(6 + LINE_HEIGHT * lines, 12 * series.length + 8) },
        data: { values: data },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'group', type: 'ordinal', sort: null, title: null, axis: wrappedAxis },
          yOffset: { field: 'series', type: 'nominal', sort: series },
          x: { field: 'value', type: 'quantitative', title: opts.axisTitle, axis: { tickMinStep: 1, format: 'd' } },
          color,
        },
        padding: padFor([...data.map((d) => d.group), ...series, opts.legendTitle, opts.axisTitle]),
        config: baseConfig,
      };
  return render(spec as unknown as TopLevelSpec, opts.label);
}
