/**
 * A choropleth of Europe and Central Asia, drawn on the server as SVG with
 * d3-geo from world-atlas (Natural Earth, 1:110m; ISC licence). Countries are
 * matched by ISO code, never by the atlas's names (some are dated), and
 * labelled with our own names. Projection and country outlines are computed
 * once per process; a map is then a few string joins.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { geoConicConformal, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { COUNTRY_CODES } from '../../../core/places/countries.js';
// ISO 3166-1 numeric → alpha-2 for the countries Parasol covers: one table, shared with the rights map.
import { NUMERIC_TO_ALPHA2 as NUMERIC } from '../../../core/rights/map-geometry.js';
import { escapeXml } from './svg.js';

export const MAP_WIDTH = 640;
export const MAP_HEIGHT = 440;

interface Outline {
  /** ISO alpha-2 when the country is one Parasol covers, else null (drawn as background). */
  readonly iso2: string | null;
  readonly d: string;
}

let outlines: Outline[] | undefined;

function loadOutlines(): Outline[] {
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(fs.readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  // Conformal conic centred on the area, fitted to Europe and Central Asia (Iceland and Portugal to Kazakhstan).
  const frame = {
    type: 'MultiPoint' as const,
    coordinates: [
      [-24, 35],
      [88, 38],
      [-12, 66],
      [70, 70],
      [28, 71],
      [20, 34],
    ],
  };
  const projection = geoConicConformal()
    .parallels([40, 62])
    .rotate([-32, 0])
    .fitExtent(
      [
        [6, 6],
        [MAP_WIDTH - 6, MAP_HEIGHT - 6],
      ],
      frame,
    );
  projection.clipExtent([
    [0, 0],
    [MAP_WIDTH, MAP_HEIGHT],
  ]);
  const path = geoPath(projection);
  const covered = new Set<string>(COUNTRY_CODES);
  const out: Outline[] = [];
  for (const f of countries.features as Array<Feature<Geometry, { name: string }>>) {
    const id = f.id === undefined ? '' : String(f.id).padStart(3, '0');
    const iso2 = NUMERIC[id] ?? (f.properties?.name === 'Kosovo' ? 'XK' : null);
    const d = path(f);
    if (!d) continue;
    // Round coordinates: a tenth of a pixel is plenty and keeps the page small.
    out.push({ iso2: iso2 && covered.has(iso2) ? iso2 : null, d: d.replace(/(\d+\.\d)\d+/g, '$1') });
  }
  return out;
}

export interface MapClass {
  readonly id: string;
  readonly label: string;
  readonly fill: string;
  /** Drawn hatched as well as coloured, so the class does not rest on colour alone. */
  readonly hatch?: boolean;
}

export interface ChoroplethInput {
  /** Prefix for ids inside the SVG (unique on the page). */
  readonly id: string;
  /** Accessible name of the whole map. */
  readonly label: string;
  readonly classes: readonly MapClass[];
  /** Class of each covered country (absent: the "outside" class). */
  readonly classOf: ReadonlyMap<string, string>;
  /** Text of each covered country's tooltip (name and value). */
  readonly titleOf: ReadonlyMap<string, string>;
  readonly outsideFill: string;
}

/** The SVG of a choropleth (escaped throughout; safe to put in the page). */
export function choropleth(input: ChoroplethInput): string {
  outlines ??= loadOutlines();
  const fills = new Map(input.classes.map((c) => [c.id, c]));
  const id = input.id.replace(/[^a-z0-9-]/gi, '');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" class="map-svg" role="img" aria-label="${escapeXml(input.label)}" focusable="false">`);
  parts.push(
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1b1b1f" stroke-width="1.4" stroke-opacity="0.55"/></pattern></defs>`,
  );
  parts.push(`<rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" fill="#eef3f7"/>`);
  for (const o of outlines) {
    if (o.iso2) continue;
    parts.push(`<path d="${o.d}" fill="#e2e2e6" stroke="#ffffff" stroke-width="0.5"/>`);
  }
  for (const o of outlines) {
    if (!o.iso2) continue;
    const cls = fills.get(input.classOf.get(o.iso2) ?? '');
    const fill = cls?.fill ?? input.outsideFill;
    const title = input.titleOf.get(o.iso2);
    parts.push(`<g><path d="${o.d}" fill="${escapeXml(fill)}" stroke="#4a4a55" stroke-width="0.6"/>`);
    if (cls?.hatch) parts.push(`<path d="${o.d}" fill="url(#${id}-hatch)" stroke="none"/>`);
    if (title) parts.push(`<title>${escapeXml(title)}</title>`);
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The countries the atlas draws (for tests: which covered countries have an outline). */
export function drawnCountries(): Set<string> {
  outlines ??= loadOutlines();
  return new Set(outlines.map((o) => o.iso2).filter((x): x is string => x !== null));
}

/** Sequential reds (light to dark), each with a readable label colour on white legends. */
export const REDS = ['#fcdcd6', '#f4a08f', '#e0604f', '#b3122e', '#6e0a1c'];

/** Classes for counts: none, fewer than k, not shown, then ranges from k up. */
export function countClasses(
  k: number,
  labels: { zero: string; small: string; hidden: string; range: (from: number, to: number) => string; atLeast: (from: number) => string },
): { classes: MapClass[]; classFor: (v: number | 'small' | 'hidden' | null) => string | null } {
  const bounds = [k, 10, 50, 200, 1000].filter((b, i, all) => b >= k && (i === 0 || b > all[i - 1]!));
  const unique = [...new Set(bounds)].sort((a, b) => a - b);
  const classes: MapClass[] = [
    { id: 'zero', label: labels.zero, fill: '#ffffff' },
    { id: 'small', label: labels.small, fill: '#fdeee9', hatch: true },
    { id: 'hidden', label: labels.hidden, fill: '#d8d8de', hatch: true },
    ...unique.map((from, i) => {
      const next = unique[i + 1];
      return { id: `r${i}`, label: next ? labels.range(from, next - 1) : labels.atLeast(from), fill: REDS[Math.min(i, REDS.length - 1)]! };
    }),
  ];
  return {
    classes,
    classFor: (v) => {
      if (v === null) return null;
      if (v === 'small') return 'small';
      if (v === 'hidden') return 'hidden';
      if (v === 0) return 'zero';
      let idx = 0;
      unique.forEach((from, i) => {
        if (v >= from) idx = i;
      });
      return `r${idx}`;
    },
  };
}
