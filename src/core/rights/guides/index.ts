/**
 * The rights guides: Markdown per language, kept as modules so that they are
 * type-checked (every language has every guide) and shipped with the build.
 * General information, not legal advice about one country; the pages add a
 * disclaimer and link each guide to the country profiles.
 */
import type { ReporterLocale } from '../../../i18n/locales.js';
import { ar } from './ar.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ro } from './ro.js';
import { ru } from './ru.js';
import { th } from './th.js';
import type { GuideSlug, Guides } from './guide.types.js';

export { GUIDE_SLUGS, isGuideSlug, type GuideSlug, type Guides } from './guide.types.js';

const GUIDES: Readonly<Record<ReporterLocale, Guides>> = { en, fr, es, ro, ru, th, ar };

/** A guide's Markdown in a language. */
export function guideMarkdown(lang: ReporterLocale, slug: GuideSlug): string {
  return GUIDES[lang][slug];
}
