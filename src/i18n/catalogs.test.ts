/** Every locale of every surface has exactly the source catalog's keys, valid ICU, and the same arguments. */
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { reporterCatalog, reporterSource } from './reporter/index.js';
import { REPORTER_LOCALES } from './locales.js';
import { STAFF_LOCALES, staffCatalog, staffSource } from './staff/index.js';

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }>; children?: Node[] };

/** Argument names used by a message (ICU AST: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 8 tag). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if ([1, 2, 3, 4, 5, 6].includes(n.type) && n.value) names.add(n.value);
      if (n.options) for (const o of Object.values(n.options)) walk(o.value);
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown as Node[]);
  return [...names].sort();
}

const surfaces = [
  {
    name: 'reporter',
    source: reporterSource as Record<string, { message: string; description: string }>,
    locales: REPORTER_LOCALES as readonly string[],
    catalogs: Object.fromEntries(REPORTER_LOCALES.map((l) => [l, reporterCatalog(l)])) as Record<string, Record<string, string>>,
  },
  {
    name: 'staff',
    source: staffSource as Record<string, { message: string; description: string }>,
    locales: STAFF_LOCALES as readonly string[],
    catalogs: Object.fromEntries(STAFF_LOCALES.map((l) => [l, staffCatalog(l)])) as Record<string, Record<string, string>>,
  },
];

for (const { name, source: en, locales, catalogs } of surfaces) {
  describe(`${name} catalogs`, () => {
    const source = Object.keys(en).sort();

    it('the source has a description for translators on every message', () => {
      for (const [id, m] of Object.entries(en)) expect(m.description.length, id).toBeGreaterThan(2);
    });

    for (const locale of locales) {
      it(`${locale}: no missing or extra key, valid ICU, same arguments as English`, () => {
        const catalog = catalogs[locale]!;
        const keys = Object.keys(catalog).sort();
        expect(
          keys.filter((k) => !source.includes(k)),
          'extra keys',
        ).toEqual([]);
        expect(
          source.filter((k) => !keys.includes(k)),
          'missing keys',
        ).toEqual([]);
        for (const id of source) {
          const message = catalog[id]!;
          expect(message.trim(), `${locale} ${id} is empty`).not.toBe('');
          expect(argumentsOf(message, locale), `${locale} ${id}`).toEqual(argumentsOf(en[id]!.message, 'en'));
        }
      });
    }

    it('translations are translations: most messages differ from English', () => {
      for (const locale of locales.filter((l) => l !== 'en')) {
        const catalog = catalogs[locale]!;
        const same = Object.keys(en).filter((id) => catalog[id] === en[id]!.message);
        expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThan(8);
      }
    });
  });
}
