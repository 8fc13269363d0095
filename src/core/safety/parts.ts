/**
 * The structured parts of a warning: chosen from translated lists, so every
 * member reads them in their own language (kind of person, how to recognise
 * them, how they act), beside the free texts, which are shown as written and
 * marked with the language they were written in. The parts travel inside the
 * warning's sealed body like the texts: they describe the person warned
 * about, never the reporter.
 */
import { isTextLanguage, type TextLanguage } from '../shared/languages.js';
import { isPerpetratorType, type PerpetratorType } from '../taxonomy/taxonomy.js';

export { isTextLanguage, TEXT_LANGUAGES, type TextLanguage } from '../shared/languages.js';

/** Signs by which members may recognise the person (catalog: `warningSign.<code>`). */
export const WARNING_SIGNS = ['car', 'fake_profile', 'poses_official', 'brings_others', 'regular_client', 'false_name'] as const;
export type WarningSign = (typeof WARNING_SIGNS)[number];

/** How the person acts (catalog: `warningModus.<code>`). */
export const WARNING_MODUS = ['refuses_pay', 'removes_condom', 'films', 'threatens_exposure', 'changes_place', 'drugs_drink', 'violence', 'robs'] as const;
export type WarningModus = (typeof WARNING_MODUS)[number];

export function isWarningSign(v: string): v is WarningSign {
  return (WARNING_SIGNS as readonly string[]).includes(v);
}
export function isWarningModus(v: string): v is WarningModus {
  return (WARNING_MODUS as readonly string[]).includes(v);
}

/** A warning's structured parts. */
export interface WarningParts {
  readonly people: readonly PerpetratorType[];
  readonly signs: readonly WarningSign[];
  readonly modus: readonly WarningModus[];
  /** The language the free texts are written in; null on warnings written before it was asked (shown unmarked). */
  readonly lang: TextLanguage | null;
}

export const NO_PARTS: WarningParts = { people: [], signs: [], modus: [], lang: null };

/** Reads the parts from a decrypted body (version 1 bodies have none: free text only). */
export function partsOf(body: { people?: unknown; signs?: unknown; modusCodes?: unknown; lang?: unknown }): WarningParts {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    people: strings(body.people).filter(isPerpetratorType),
    signs: strings(body.signs).filter(isWarningSign),
    modus: strings(body.modusCodes).filter(isWarningModus),
    lang: typeof body.lang === 'string' && isTextLanguage(body.lang) ? body.lang : null,
  };
}
