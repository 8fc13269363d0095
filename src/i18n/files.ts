/**
 * Where the catalogs live and how they are read: one JSON file per surface
 * and locale under src/i18n/catalogs/ (the format translation tools read:
 * en.json carries { message, description } per id, every other locale a flat
 * id -> ICU message map). The path is the repository's, from src/ and dist/
 * alike (as static/ and data/ are), so a build ships them without a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Surface = 'reporter' | 'staff';
export type SourceCatalog = Readonly<Record<string, { readonly message: string; readonly description: string }>>;

/** src/i18n/catalogs of this checkout, whether this module runs from src/i18n or dist/i18n. */
export const CATALOG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/i18n/catalogs');

export function catalogFile(surface: Surface, locale: string): string {
  return path.join(CATALOG_DIR, surface, `${locale}.json`);
}

export function hasCatalog(surface: Surface, locale: string): boolean {
  return fs.existsSync(catalogFile(surface, locale));
}

/** The English source of a surface, with descriptions for translators. */
export function readSource(surface: Surface): SourceCatalog {
  return JSON.parse(fs.readFileSync(catalogFile(surface, 'en'), 'utf8')) as SourceCatalog;
}

/** A locale's catalog as id -> ICU message (English: the source's messages). */
export function readCatalog(surface: Surface, locale: string): Record<string, string> {
  if (locale === 'en') return Object.fromEntries(Object.entries(readSource(surface)).map(([id, m]) => [id, m.message]));
  return JSON.parse(fs.readFileSync(catalogFile(surface, locale), 'utf8')) as Record<string, string>;
}
