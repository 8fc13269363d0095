/**
 * The map of Europe and Central Asia as SVG path data, projected once per
 * process from Natural Earth's 1:110m countries (world-atlas) with d3-geo.
 *
 * Countries are matched by their ISO 3166-1 numeric code, never by the atlas's
 * names (some are dated). Two exceptions, both said in the page's table:
 * Kosovo has no ISO code, so its outline is matched by the atlas's name; and
 * the smallest states (Malta, Liechtenstein) are not in the 1:110m data at
 * all, so they are drawn as dots. The United Kingdom's outline is split where
 * its law differs: Northern Ireland is its own polygon in the atlas; England
 * and Wales and Scotland share a model and one outline.
 */
import { createRequire } from 'node:module';
import { geoConicEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** ISO 3166-1 numeric -> alpha-2, for the countries Parasol has profiles of. */
export const NUMERIC_TO_ALPHA2: Readonly<Record<string, string>> = {
  '008': 'AL',
  '051': 'AM',
  '040': 'AT',
  '031': 'AZ',
  '070': 'BA',
  '056': 'BE',
  '100': 'BG',
  '112': 'BY',
  '756': 'CH',
  '196': 'CY',
  '203': 'CZ',
  '276': 'DE',
  '208': 'DK',
  '233': 'EE',
  '724': 'ES',
  '246': 'FI',
  '250': 'FR',
  '826': 'GB',
  '268': 'GE',
  '300': 'GR',
  '191': 'HR',
  '348': 'HU',
  '372': 'IE',
  '352': 'IS',
  '380': 'IT',
  '417': 'KG',
  '398': 'KZ',
  '438': 'LI',
  '440': 'LT',
  '442': 'LU',
  '428': 'LV',
  '498': 'MD',
  '499': 'ME',
  '807': 'MK',
  '470': 'MT',
  '528': 'NL',
  '578': 'NO',
  '616': 'PL',
  '620': 'PT',
  '642': 'RO',
  '688': 'RS',
  '643': 'RU',
  '752': 'SE',
  '705': 'SI',
  '703': 'SK',
  '762': 'TJ',
  '795': 'TM',
  '792': 'TR',
  '804': 'UA',
  '860': 'UZ',
  '554': 'NZ',
};

/** Countries without an ISO numeric code, matched by the atlas's own name. */
const BY_NAME: Readonly<Record<string, string>> = { Kosovo: 'XK' };

/** States too small for the 1:110m data, drawn as dots at these points (longitude, latitude). */
export const DOT_STATES: Readonly<Record<string, readonly [number, number]>> = { MT: [14.45, 35.9], LI: [9.55, 47.15] };

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 560;

/** One coloured outline on the map. */
export interface MapShape {
  /** What the outline links to: a profile code, or a country whose parts have profiles (GB). */
  readonly link: string;
  /** The profiles whose legal model colours it. */
  readonly profiles: readonly string[];
  readonly d: string;
  /** How the outline was matched to its country. */
  readonly matchedBy: 'iso' | 'name';
}

export interface MapDot {
  readonly code: string;
  readonly x: number;
  readonly y: number;
}

export interface MapGeometry {
  readonly width: number;
  readonly height: number;
  /** Every other country in view, as one grey outline for context. */
  readonly context: string;
  readonly shapes: readonly MapShape[];
  readonly dots: readonly MapDot[];
  /** Profile codes that have an outline or a dot. */
  readonly drawn: ReadonlySet<string>;
  /** Profile codes whose outline was matched by name (no ISO code). */
  readonly matchedByName: ReadonlySet<string>;
  /** Profile codes in the atlas but outside the map's frame (New Zealand, the reference case). */
  readonly outside: ReadonlySet<string>;
}

/** Points that frame the region: Iceland to the Tian Shan, Crete and Cyprus to the North Cape. */
const FRAME: Position[] = [
  [-24.5, 63.3],
  [-10, 36],
  [-9.5, 52],
  [34.5, 34.5],
  [26, 34.8],
  [87, 49.5],
  [80, 42],
  [70, 36.7],
  [53, 35.5],
  [28, 71.2],
  [44, 69],
  [60, 58],
];

let cached: MapGeometry | undefined;

/** The map's geometry (computed on first use, then kept). */
export function mapGeometry(): MapGeometry {
  cached ??= build();
  return cached;
}

function isNorthernIreland(poly: Position[][]): boolean {
  const ring = poly[0] ?? [];
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  return Math.max(...xs) < -5.4 && Math.min(...ys) > 53.8 && Math.max(...ys) < 55.5;
}

function build(): MapGeometry {
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;

  const projection = geoConicEqualArea().parallels([40, 62]).rotate([-38, 0]);
  projection.fitExtent(
    [
      [10, 10],
      [MAP_WIDTH - 10, MAP_HEIGHT - 10],
    ],
    { type: 'MultiPoint', coordinates: FRAME },
  );
  projection.clipExtent([
    [0, 0],
    [MAP_WIDTH, MAP_HEIGHT],
  ]);
  const path = geoPath(projection).digits(1);
  const draw = (g: Geometry | Feature) => path(g as Feature) ?? '';

  const shapes: MapShape[] = [];
  const context: string[] = [];
  const matchedByName = new Set<string>();
  const outside = new Set<string>();
  for (const f of countries.features) {
    const id = typeof f.id === 'string' ? f.id : f.id === undefined ? undefined : String(f.id).padStart(3, '0');
    const byIso = id ? NUMERIC_TO_ALPHA2[id] : undefined;
    const byName = !id ? BY_NAME[f.properties?.name ?? ''] : undefined;
    const code = byIso ?? byName;
    if (!code) {
      const d = draw(f);
      if (d) context.push(d);
      continue;
    }
    if (byName) matchedByName.add(code);
    const matchedBy = byIso ? 'iso' : 'name';
    if (code === 'GB' && f.geometry.type === 'MultiPolygon') {
      const polys = (f.geometry as MultiPolygon).coordinates;
      const ni = polys.filter(isNorthernIreland);
      const gb = polys.filter((p) => !isNorthernIreland(p));
      const dGb = draw({ type: 'MultiPolygon', coordinates: gb });
      const dNi = draw({ type: 'MultiPolygon', coordinates: ni });
      if (dGb) shapes.push({ link: 'GB', profiles: ['GB-EAW', 'GB-SCT'], d: dGb, matchedBy });
      if (dNi) shapes.push({ link: 'GB-NIR', profiles: ['GB-NIR'], d: dNi, matchedBy });
      continue;
    }
    const d = draw(f.geometry as Polygon | MultiPolygon);
    if (d) shapes.push({ link: code, profiles: [code], d, matchedBy });
    else outside.add(code);
  }
  const dots: MapDot[] = Object.entries(DOT_STATES).map(([code, lonLat]) => {
    const [x, y] = projection([lonLat[0], lonLat[1]]) ?? [0, 0];
    return { code, x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  });
  const drawn = new Set<string>([...shapes.flatMap((s) => s.profiles), ...dots.map((d) => d.code)]);
  return { width: MAP_WIDTH, height: MAP_HEIGHT, context: context.join(''), shapes, dots, drawn, matchedByName, outside };
}
