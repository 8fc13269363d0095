/**
 * Adds to every plural of every catalog the CLDR categories its locale needs
 * and lacks (Intl.PluralRules(locale).resolvedOptions().pluralCategories),
 * each with the text of the plural's "other" branch: what the message already
 * showed for those numbers, since a missing category falls back to "other".
 * The output of every message stays the same; a reviewer of the language can
 * then word the new branch (e.g. Arabic "zero") where the language wants it.
 * Only the missing branches are inserted; the rest of each file is untouched.
 *
 * Usage: npx tsx scripts/catalogs-fill-plurals.ts [CHECKOUT]
 * (scripts/catalogs-from-ts.ts runs it after converting.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

function fill(message: string, categories: readonly string[]): string {
  const inserts: Array<{ at: number; text: string }> = [];
  const walk = (nodes: MessageFormatElement[]) => {
    for (const n of nodes) {
      if (n.type === TYPE.tag) walk(n.children);
      if (n.type === TYPE.plural || n.type === TYPE.select) {
        const other = n.options.other;
        if (n.type === TYPE.plural && n.pluralType !== 'ordinal' && other?.location) {
          const body = message.slice(other.location.start.offset, other.location.end.offset);
          const missing = categories.filter((c) => !(c in n.options));
          if (missing.length) inserts.push({ at: other.location.end.offset, text: missing.map((c) => ` ${c} ${body}`).join('') });
        }
        for (const o of Object.values(n.options)) walk(o.value);
      }
    }
  };
  walk(parse(message, { ignoreTag: false, captureLocation: true }));
  let out = message;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** Fills the missing plural categories of every non-English catalog of a checkout; returns what it changed. */
export function fillPlurals(root: string): string[] {
  const report: string[] = [];
  for (const surface of ['reporter', 'staff']) {
    const dir = path.join(root, 'src/i18n/catalogs', surface);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json') && f !== 'en.json')
      .sort()) {
      const locale = file.slice(0, -'.json'.length);
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const catalog = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>;
      const changed: string[] = [];
      for (const [id, message] of Object.entries(catalog)) {
        const filled = fill(message, categories);
        if (filled !== message) {
          catalog[id] = filled;
          changed.push(id);
        }
      }
      if (changed.length) {
        fs.writeFileSync(path.join(dir, file), `${JSON.stringify(catalog, null, 2)}\n`);
        report.push(`${surface}/${locale}: ${changed.join(', ')}`);
      }
    }
  }
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of fillPlurals(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..')))) console.log(line);
