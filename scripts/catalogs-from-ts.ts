/**
 * Writes the message catalogs and rights guides in the files translators work
 * in, from the TypeScript modules they used to be:
 *
 *   src/i18n/<surface>/<locale>.ts and src/i18n/<surface>/<module>/<locale>.ts
 *     -> src/i18n/catalogs/<surface>/en.json  { id: { message, description } }
 *        src/i18n/catalogs/<surface>/<locale>.json  { id: message }
 *   src/core/rights/guides/<locale>.ts  -> src/core/rights/guides/<locale>/<guide>.md
 *
 * Usage: npx tsx scripts/catalogs-from-ts.ts [CHECKOUT]   (default: this repository)
 *
 * It reads the leaf modules themselves (not the surfaces' index files), so it
 * works on any checkout that still has them, before or after the loaders read
 * JSON. Deterministic: ids in the English source's order (the core module,
 * then services, safety, stats, consent, network, then any other module by
 * name), every locale in that same order, two-space JSON with a final newline.
 * A locale's JSON is rewritten from the TS files present; the TS files are not
 * deleted (git rm them once the JSON is committed). It then adds to every
 * plural the CLDR categories its language lacks (scripts/catalogs-fill-plurals.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fillPlurals } from './catalogs-fill-plurals.js';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const KNOWN_MODULES = ['services', 'safety', 'stats', 'consent', 'network'];
const LOCALE_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.ts$/;

type Source = Record<string, { message: string; description: string }>;

async function exported(file: string, locale: string): Promise<Record<string, unknown> | undefined> {
  if (!fs.existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const value = mod[locale] ?? mod[locale.replace(/-/g, '')] ?? Object.values(mod).find((v) => v && typeof v === 'object');
  if (!value || typeof value !== 'object') throw new Error(`${file} exports no catalog object`);
  return value as Record<string, unknown>;
}

function localesIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => LOCALE_FILE.exec(f)?.[1])
    .filter((l): l is string => Boolean(l) && l !== 'index')
    .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

function modulesIn(dir: string): string[] {
  const dirs = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'en.ts')))
    .map((d) => d.name);
  return [...KNOWN_MODULES.filter((m) => dirs.includes(m)), ...dirs.filter((m) => !KNOWN_MODULES.includes(m)).sort()];
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function surface(name: 'reporter' | 'staff'): Promise<void> {
  const dir = path.join(root, 'src/i18n', name);
  if (!fs.existsSync(path.join(dir, 'en.ts'))) {
    console.log(`${name}: no src/i18n/${name}/en.ts, nothing to convert`);
    return;
  }
  const parts = ['', ...modulesIn(dir)];
  const source: Source = {};
  for (const part of parts) {
    const en = await exported(path.join(dir, part, 'en.ts'), 'en');
    for (const [id, m] of Object.entries(en ?? {})) {
      const { message, description } = m as { message: string; description: string };
      source[id] = { message, description };
    }
  }
  const out = path.join(root, 'src/i18n/catalogs', name);
  write(path.join(out, 'en.json'), json(source));
  const ids = Object.keys(source);
  const locales = localesIn(dir).filter((l) => l !== 'en');
  for (const locale of locales) {
    const merged: Record<string, unknown> = {};
    for (const part of parts) Object.assign(merged, await exported(path.join(dir, part, `${locale}.ts`), locale));
    // The source's order; anything the source lacks stays at the end, for the catalog test to name.
    const ordered: Record<string, unknown> = {};
    for (const id of ids) if (id in merged) ordered[id] = merged[id];
    for (const id of Object.keys(merged)) if (!(id in ordered)) ordered[id] = merged[id];
    write(path.join(out, `${locale}.json`), json(ordered));
  }
  console.log(`${name}: ${ids.length} messages, modules ${parts.filter(Boolean).join(', ')}; en ${locales.join(' ')}`);
}

async function guides(): Promise<void> {
  const dir = path.join(root, 'src/core/rights/guides');
  const locales = fs.existsSync(dir) ? localesIn(dir).filter((l) => !['guide.types', 'index'].includes(l)) : [];
  for (const locale of locales) {
    const guides = await exported(path.join(dir, `${locale}.ts`), locale);
    for (const [slug, markdown] of Object.entries(guides ?? {})) {
      if (typeof markdown !== 'string') throw new Error(`guide ${locale}/${slug} is not text`);
      write(path.join(dir, locale, `${slug}.md`), markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    }
  }
  console.log(`guides: ${locales.join(' ') || 'none'}`);
}

await surface('reporter');
await surface('staff');
await guides();
// Every plural with the CLDR categories its language needs (worded as its 'other' branch), as the catalog test requires.
for (const line of fillPlurals(root)) console.log(`plural categories added: ${line}`);
