/**
 * The map of laws on sex work: an SVG rendered on the server (no script),
 * each country an <a> to its profile, coloured by its legal model with a
 * hatch over unverified ones, a legend in HTML, and a table with the same
 * content for screen readers and for reading at 320 px. Colours are set
 * with SVG presentation attributes (the CSP allows no inline style).
 */
import { LEGAL_MODELS, type CountryProfile, type LegalModel } from '../../../core/rights/legal-models.js';
import type { MapGeometry, MapShape } from '../../../core/rights/map-geometry.js';
import { withLang } from '../../html/render.js';
import { ReporterLayout } from '../layout.view.js';
import type { ReporterPage } from '../../html/page.js';
import { Disclaimer, jurisdictionName, profilePath, sortedByName } from './rights.view.js';
import { ServicesStyles } from '../services/services.view.js';

/** One colour per model: distinct in hue and lightness, so they stay apart for the common colour-vision deficiencies. */
export const MODEL_COLOURS: Readonly<Record<LegalModel, string>> = {
  criminalised: '#a50f15',
  partial_criminalisation_of_purchase: '#f16913',
  partially_criminalised_other: '#fdd0a2',
  regulated: '#6a51a3',
  decriminalised: '#238b45',
};
const NO_PROFILE = '#e3e3e3';
const SEA = '#eef4f8';
const BORDER = '#ffffff';

export type MapPlacement = 'outline' | 'byName' | 'dot' | 'outside' | 'missing';

/** How a profile appears on the map, for the table. */
export function placement(geometry: MapGeometry, p: CountryProfile): MapPlacement {
  if (geometry.dots.some((d) => d.code === p.code)) return 'dot';
  if (!geometry.drawn.has(p.code)) return geometry.outside.has(p.code) ? 'outside' : 'missing';
  return geometry.matchedByName.has(p.code) ? 'byName' : 'outline';
}

/** The model that colours a shape: the one its profiles share (null when none is loaded, or they differ). */
function shapeModel(shape: MapShape, byCode: ReadonlyMap<string, CountryProfile>): { model: LegalModel; unverified: boolean } | null {
  const ps = shape.profiles.map((c) => byCode.get(c)).filter((p): p is CountryProfile => p !== undefined);
  if (ps.length === 0 || ps.some((p) => p.legalModel !== ps[0]!.legalModel)) return null;
  return { model: ps[0]!.legalModel, unverified: ps.some((p) => p.confidence === 'low') };
}

function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
      <line x1="0" y1="0" x2="0" y2="6" stroke="#1b1b1f" stroke-width="1.6" stroke-opacity="0.7" />
    </pattern>
  );
}

export function RightsMap({ page, geometry, profiles }: { page: ReporterPage; geometry: MapGeometry; profiles: readonly CountryProfile[] }) {
  const { t, lang } = page;
  const byCode = new Map(profiles.map((p) => [p.code, p]));
  const nameOf = (shape: MapShape) => {
    const first = byCode.get(shape.profiles[0] ?? '');
    if (shape.profiles.length > 1 && first) return jurisdictionName(page, { ...first, subdivisionCode: null });
    return first ? jurisdictionName(page, first) : shape.link;
  };
  return (
    <svg
      class="rights-map"
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      xmlns="http://www.w3.org/2000/svg"
      role="group"
      aria-labelledby="map-title"
      aria-describedby="map-label"
      focusable="false"
    >
      <desc id="map-label">{t('rights.map.label')}</desc>
      <defs>
        <Hatch id="hatch" />
      </defs>
      <rect x="0" y="0" width={geometry.width} height={geometry.height} fill={SEA} />
      <path d={geometry.context} fill={NO_PROFILE} stroke={BORDER} stroke-width="0.6" aria-hidden="true" />
      {geometry.shapes.map((shape) => {
        const coloured = shapeModel(shape, byCode);
        if (!coloured) return <path d={shape.d} fill={NO_PROFILE} stroke={BORDER} stroke-width="0.6" aria-hidden="true" />;
        const label = t('rights.map.countryLink', { country: nameOf(shape), model: t(`rights.model.${coloured.model}`) });
        return (
          <a href={withLang(profilePath(shape.link), lang)} aria-label={label} class="country" data-code={shape.link} data-model={coloured.model}>
            <title>{label}</title>
            <path d={shape.d} fill={MODEL_COLOURS[coloured.model]} stroke={BORDER} stroke-width="0.6" />
            {coloured.unverified ? <path d={shape.d} fill="url(#hatch)" stroke="none" data-unverified="1" /> : null}
          </a>
        );
      })}
      {geometry.dots.map((dot) => {
        const p = byCode.get(dot.code);
        if (!p) return null;
        const label = t('rights.map.countryLink', { country: jurisdictionName(page, p), model: t(`rights.model.${p.legalModel}`) });
        return (
          <a href={withLang(profilePath(p.code), lang)} aria-label={label} class="country dot" data-code={p.code} data-model={p.legalModel}>
            <title>{label}</title>
            <circle cx={dot.x} cy={dot.y} r="6" fill={MODEL_COLOURS[p.legalModel]} stroke="#1b1b1f" stroke-width="1.2" />
            {p.confidence === 'low' ? <circle cx={dot.x} cy={dot.y} r="6" fill="url(#hatch)" stroke="none" data-unverified="1" /> : null}
          </a>
        );
      })}
    </svg>
  );
}

function Swatch({ fill, hatch }: { fill: string; hatch?: boolean }) {
  return (
    <svg class="swatch" width="22" height="16" viewBox="0 0 22 16" aria-hidden="true" focusable="false">
      {hatch ? (
        <defs>
          <Hatch id="hatch-legend" />
        </defs>
      ) : null}
      <rect x="0.5" y="0.5" width="21" height="15" fill={fill} stroke="#4a4a55" stroke-width="1" />
      {hatch ? <rect x="0.5" y="0.5" width="21" height="15" fill="url(#hatch-legend)" /> : null}
    </svg>
  );
}

export function RightsMapPageView({ page, geometry, profiles }: { page: ReporterPage; geometry: MapGeometry; profiles: readonly CountryProfile[] }) {
  const { t, lang } = page;
  const rows = sortedByName(page, profiles);
  return (
    <ReporterLayout page={page} title={t('rights.map.title')}>
      <ServicesStyles />
      <p>
        <a href={withLang('/rights', lang)}>{t('rights.title')}</a>
      </p>
      <h1 id="map-title">{t('rights.map.title')}</h1>
      {profiles.length === 0 ? <p>{t('rights.none')}</p> : <p>{t('rights.map.intro')}</p>}
      <figure class="map">
        <RightsMap page={page} geometry={geometry} profiles={profiles} />
        <figcaption>
          <h2 class="legend-title">{t('rights.map.legend')}</h2>
          <ul class="legend">
            {LEGAL_MODELS.map((m) => (
              <li data-model={m}>
                <Swatch fill={MODEL_COLOURS[m]} /> {t(`rights.model.${m}`)}
              </li>
            ))}
            <li>
              <Swatch fill="#ffffff" hatch /> {t('rights.map.unverified')}
            </li>
            <li>
              <Swatch fill={NO_PROFILE} /> {t('rights.map.noProfile')}
            </li>
          </ul>
          <p class="hint">{t('rights.map.dots')}</p>
        </figcaption>
      </figure>
      <div class="table-wrap" role="region" aria-labelledby="rights-table-caption" tabindex={0}>
        <table class="rights-table">
          <caption id="rights-table-caption">{t('rights.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rights.table.country')}</th>
              <th scope="col">{t('rights.table.model')}</th>
              <th scope="col">{t('rights.table.since')}</th>
              <th scope="col">{t('rights.table.confidence')}</th>
              <th scope="col">{t('rights.table.onMap')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ profile: p, name }) => (
              <tr data-code={p.code} data-model={p.legalModel}>
                <th scope="row">
                  <a href={withLang(profilePath(p.code), lang)}>{name}</a>
                </th>
                <td>{t(`rights.model.${p.legalModel}`)}</td>
                <td>{p.year === null ? t('rights.yearUnknown') : String(p.year)}</td>
                <td>{t(`rights.confidence.${p.confidence}`)}</td>
                <td>{t(`rights.onMap.${placement(geometry, p)}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Disclaimer page={page} />
    </ReporterLayout>
  );
}
