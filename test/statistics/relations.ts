/**
 * The sums a reader can see in the published tables, rebuilt from the cell
 * keys and the public dimensions of a release, independently of the code
 * that protects them (for the derivability check).
 */
import type { ReleaseBody } from '../../src/core/statistics/release.service.js';
import { STANDARD_QUESTIONS } from '../../src/core/surveys/instrument.js';
import type { Seen, SumRelation } from './derivability.js';

export function seenCells(body: ReleaseBody): Map<string, Seen> {
  return new Map(Object.entries(body.cells));
}

export function publishedRelations(body: ReleaseBody): SumRelation[] {
  const out: SumRelation[] = [];
  const keys = Object.keys(body.cells);
  const families = new Set(keys.filter((k) => !k.startsWith('sv')).map((k) => k.slice(0, k.indexOf('|'))));
  const models = [...new Set(Object.values(body.dims.modelOf))];
  for (const f of families) {
    out.push({ total: `${f}|*|*`, parts: models.map((m) => `${f}|m.${m}|*`) });
    for (const m of models) out.push({ total: `${f}|m.${m}|*`, parts: body.dims.countries.filter((c) => body.dims.modelOf[c] === m).map((c) => `${f}|c.${c}|*`) });
    out.push({ total: `${f}|*|*`, parts: [...body.dims.years.map((y) => `${f}|*|y.${y}`), `${f}|*|undated`] });
    for (const y of body.dims.years) {
      const months = body.dims.months.filter((m) => m.startsWith(`${y}-`)).map((m) => `${f}|*|mo.${m}`);
      if (months.every((m) => m in body.cells)) out.push({ total: `${f}|*|y.${y}`, parts: months });
    }
  }
  // Cities add up to their country's total.
  for (const country of new Set(body.cities.map((c) => c.country))) {
    out.push({ total: `total|c.${country}|*`, parts: body.cities.filter((c) => c.country === country).map((c) => `city|${country}|${c.area ?? 'rest'}`) });
  }
  // Surveys: single-choice answers add up to the respondents; legal models add up their waves.
  const published = body.surveys.waves.filter((w) => w.published);
  const single = STANDARD_QUESTIONS.filter((q) => q.kind === 'single');
  for (const w of published) {
    for (const q of single) out.push({ total: `svn|w.${w.id}|n`, parts: [...q.options, '_none'].map((o) => `sv.${q.id}|w.${w.id}|${o}`) });
    for (const q of w.custom) out.push({ total: `svn|w.${w.id}|n`, parts: [...q.options.map((o) => o.id), '_none'].map((o) => `svc.${w.id}.${q.id}|w.${w.id}|${o}`) });
  }
  for (const m of body.surveys.models) {
    const ids = published.filter((w) => w.model === m).map((w) => w.id);
    out.push({ total: `svn|m.${m}|n`, parts: ids.map((id) => `svn|w.${id}|n`) });
    for (const q of STANDARD_QUESTIONS) {
      const opts = q.kind === 'single' ? [...q.options, '_none'] : [...q.options];
      for (const o of opts) out.push({ total: `sv.${q.id}|m.${m}|${o}`, parts: ids.map((id) => `sv.${q.id}|w.${id}|${o}`) });
      if (q.kind === 'single') out.push({ total: `svn|m.${m}|n`, parts: opts.map((o) => `sv.${q.id}|m.${m}|${o}`) });
    }
  }
  return out;
}

/** Cities as seen cells (all shown), keyed like the relations above. */
export function cityCells(body: ReleaseBody): Map<string, Seen> {
  return new Map(body.cities.map((c) => [`city|${c.country}|${c.area ?? 'rest'}`, c.n]));
}
