/**
 * The rights guides: one Markdown file per guide and language,
 * src/core/rights/guides/<locale>/<guide>.md (read from the repository's
 * src/ whether this runs from src/ or dist/), each read once. A language
 * whose guide is not there yet shows the English one (a test lists them).
 * General information, not legal advice about one country; the pages add a
 * disclaimer and link each guide to the country profiles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReporterLocale } from '../../../i18n/locales.js';
import type { GuideSlug } from './guide.types.js';

export { GUIDE_SLUGS, isGuideSlug, type GuideSlug, type Guides } from './guide.types.js';

/** src/core/rights/guides of this checkout. */
export const GUIDES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../src/core/rights/guides');

export function guideFile(lang: string, slug: GuideSlug): string {
  return path.join(GUIDES_DIR, lang, `${slug}.md`);
}

const read = new Map<string, string>();

/** A guide's Markdown in a language (English where the language's file is missing). */
export function guideMarkdown(lang: ReporterLocale, slug: GuideSlug): string {
  const key = `${lang}/${slug}`;
  let text = read.get(key);
  if (text === undefined) {
    const file = guideFile(lang, slug);
    text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : lang === 'en' ? '' : guideMarkdown('en', slug);
    read.set(key, text);
  }
  return text;
}
