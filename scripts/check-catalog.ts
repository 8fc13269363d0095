/**
 * Checks one catalog file against its English source, as the catalog test
 * does (src/i18n/check.ts): ids, ICU syntax, arguments and tags, plural
 * categories of the locale. Prints each problem by id; exit 1 if any.
 *
 * Usage: npx tsx scripts/check-catalog.ts reporter|staff LOCALE [FILE]
 *   FILE defaults to src/i18n/catalogs/<surface>/<LOCALE>.json.
 */
import fs from 'node:fs';
import { checkCatalog } from '../src/i18n/check.js';
import { catalogFile, readSource } from '../src/i18n/files.js';

const [surface, locale, file] = process.argv.slice(2);
if ((surface !== 'reporter' && surface !== 'staff') || !locale) {
  console.error('Usage: npx tsx scripts/check-catalog.ts reporter|staff LOCALE [FILE]');
  process.exit(2);
}
const path = file ?? catalogFile(surface, locale);
let catalog: unknown;
try {
  catalog = JSON.parse(fs.readFileSync(path, 'utf8'));
} catch (e) {
  console.error(`${path}: ${(e as Error).message}`);
  process.exit(1);
}
const problems = checkCatalog(readSource(surface), catalog, locale);
for (const p of problems) console.log(`${p.id}: ${p.problem}`);
console.log(problems.length ? `${problems.length} problem(s) in ${path}` : `${path}: ${Object.keys(catalog as object).length} messages, all good`);
process.exitCode = problems.length ? 1 : 0;
