/**
 * The catalogs and the locale registry: every catalog of every surface has
 * exactly the English source's ids, parses as ICU, keeps the source's
 * arguments (names and types) and tags, and has every plural category its
 * locale needs; a broken translation fails the same checker. Plurals are
 * formatted at 0, 1, 2, 5, 11, 21 and 101 in every locale present. The
 * registry lists every language of the issue; a language whose files are not
 * there yet is not offered, and this file's test names say which. The rights
 * guides' files are checked in test/services/guide-files.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { checkCatalog, parseMessage, pluralCategories } from './check.js';
import { CATALOG_DIR, readCatalog, readSource, type Surface } from './files.js';
import { direction, intlLocale, LOCALES, missingLocales, negotiate, registeredLocales, REPORTER_LOCALES, STAFF_LOCALES } from './locales.js';
import { reporterTranslator } from './reporter/index.js';
import { makeTranslator } from './translator.js';
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

const REPORTER = ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar', 'bg', 'hu', 'uk', 'pl', 'zh-Hans', 'pt', 'it', 'de', 'nl', 'el', 'sq', 'sr', 'tr', 'ka', 'kk', 'ky', 'uz', 'fa', 'tl', 'vi'];
const STAFF = ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar', 'bg', 'hu', 'uk', 'zh-Hans', 'pt'];
const SAMPLES = [0, 1, 2, 5, 11, 21, 101];

const surfaces: Array<{ name: Surface; locales: readonly string[] }> = [
  { name: 'reporter', locales: REPORTER_LOCALES },
  { name: 'staff', locales: STAFF_LOCALES },
];

describe('the locale registry', () => {
  it(`lists the ${REPORTER.length} reporter and ${STAFF.length} staff languages, each with its name in itself and its direction`, () => {
    expect(registeredLocales('reporter')).toEqual(REPORTER);
    expect(registeredLocales('staff')).toEqual(STAFF);
    for (const l of LOCALES) {
      expect(() => Intl.getCanonicalLocales(l.code), l.code).not.toThrow();
      expect(l.endonym.trim(), l.code).not.toBe('');
      const ICUDir = (new Intl.Locale(l.code) as Intl.Locale & { getTextInfo(): { direction: string } }).getTextInfo().direction;
      expect(l.dir, l.code).toBe(ICUDir);
    }
    expect(direction('fa')).toBe('rtl');
    expect(direction('ar')).toBe('rtl');
    // Serbian in Cyrillic, the default script of sr.
    expect(LOCALES.find((l) => l.code === 'sr')!.endonym).toMatch(/^\p{Script=Cyrillic}+$/u);
  });

  for (const surface of ['reporter', 'staff'] as const) {
    const missing = missingLocales(surface);
    it(`${surface}: offers every registered language whose catalog is there (not there yet: ${missing.join(' ') || 'none'})`, () => {
      const offered = surface === 'reporter' ? REPORTER_LOCALES : STAFF_LOCALES;
      expect([...offered, ...missing].sort()).toEqual(registeredLocales(surface).sort());
      expect(offered[0]).toBe('en');
      // Every catalog file belongs to a registered language of its surface.
      const files = fs.readdirSync(path.join(CATALOG_DIR, surface)).filter((f) => f.endsWith('.json'));
      expect(files.map((f) => f.slice(0, -5)).filter((l) => !registeredLocales(surface).includes(l))).toEqual([]);
    });
  }

  it('Accept-Language picks a first default, with the usual other names of a language', () => {
    const all = registeredLocales('reporter');
    const pick = (header: string) => negotiate(all, undefined, header);
    expect(pick('zh')).toBe('zh-Hans');
    expect(pick('zh-CN,zh;q=0.9')).toBe('zh-Hans');
    expect(pick('zh-SG')).toBe('zh-Hans');
    expect(pick('zh-Hans-CN')).toBe('zh-Hans');
    expect(pick('pt-BR,pt;q=0.9,en;q=0.5')).toBe('pt');
    expect(pick('pt-PT')).toBe('pt');
    expect(pick('sr-Latn-RS')).toBe('sr');
    expect(pick('fil-PH')).toBe('tl');
    expect(pick('fa-IR')).toBe('fa');
    expect(pick('de-CH;q=0.4, ka;q=0.8')).toBe('ka');
    expect(pick('xx, yy')).toBe('en');
    expect(negotiate(all, 'ZH-hans', 'fr')).toBe('zh-Hans');
    expect(negotiate(all, 'nonsense', 'uz-Latn-UZ')).toBe('uz');
  });
});

for (const { name, locales } of surfaces) {
  describe(`${name} catalogs`, () => {
    const source = readSource(name);

    it('the source has a description for translators on every message', () => {
      for (const [id, m] of Object.entries(source)) expect(m.description.length, id).toBeGreaterThan(2);
    });

    for (const locale of locales) {
      it(`${locale}: no missing or extra id, valid ICU, the same arguments and tags as English, every plural category of ${locale}`, () => {
        const raw = locale === 'en' ? readCatalog(name, 'en') : JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, name, `${locale}.json`), 'utf8'));
        expect(checkCatalog(source, raw, locale)).toEqual([]);
      });
    }

    it('translations are translations: most messages differ from English', () => {
      for (const locale of locales.filter((l) => l !== 'en')) {
        const catalog = readCatalog(name, locale);
        const same = Object.keys(source).filter((id) => catalog[id] === source[id]!.message);
        // Names, "No", patterns like "{what} · {place}" may rightly stay as they are: at most 2 % of messages (a copied catalog is 100 %).
        expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThan(Math.max(8, Object.keys(source).length * 0.02));
      }
    });

    it(`every message with a plural formats at ${SAMPLES.join(', ')} in every locale present`, () => {
      const plural = Object.keys(source).filter((id) => /,\s*plural\s*,/.test(source[id]!.message));
      expect(plural.length).toBeGreaterThan(3);
      for (const locale of locales) {
        const catalog = readCatalog(name, locale);
        const categories = pluralCategories(locale);
        for (const id of plural) {
          const nodes = parseMessage(catalog[id]!);
          const values: Record<string, unknown> = {};
          const plurals: Array<{ name: string; options: string[] }> = [];
          const walk = (ns: MessageFormatElement[]) => {
            for (const n of ns) {
              if (n.type === TYPE.plural) plurals.push({ name: n.value, options: Object.keys(n.options) });
              if (n.type === TYPE.plural || n.type === TYPE.number) values[n.value] = 0;
              else if (n.type === TYPE.date || n.type === TYPE.time) values[n.value] = new Date(Date.UTC(2026, 0, 15));
              else if (n.type === TYPE.select) values[n.value] = 'other';
              else if (n.type === TYPE.argument) values[n.value] ??= 'X';
              if (n.type === TYPE.plural || n.type === TYPE.select) for (const o of Object.values(n.options)) walk(o.value);
              if (n.type === TYPE.tag) walk(n.children);
            }
          };
          walk(nodes);
          for (const p of plurals) for (const c of categories) expect(p.options, `${locale} ${id} {${p.name}} lacks "${c}"`).toContain(c);
          const mf = new IntlMessageFormat(catalog[id]!, intlLocale(locale));
          for (const n of SAMPLES) {
            const v = { ...values, ...Object.fromEntries(plurals.map((p) => [p.name, n])) };
            const out = String(mf.format(v as Record<string, string | number | Date>));
            expect(out.trim(), `${locale} ${id} at ${n}`).not.toBe('');
            expect(out, `${locale} ${id} at ${n}`).not.toMatch(/[{}]|\b(plural|select|other)\b\s*[,{]/);
          }
        }
      }
    });
  });
}

describe('the catalog checker', () => {
  const source = {
    count: { message: '{count, plural, one {# report} other {# reports}} in {place}' },
    hello: { message: 'Hello <b>{name}</b>' },
    when: { message: 'Sent on {day, date, long}' },
  };
  const good = {
    count: '{count, plural, one {# сообщение} few {# сообщения} many {# сообщений} other {# сообщения}} в {place}',
    hello: 'Привет, <b>{name}</b>',
    when: 'Отправлено {day, date, long}',
  };

  it('passes a good translation', () => {
    expect(checkCatalog(source, good, 'ru')).toEqual([]);
  });

  it('fails a deliberately broken translation, naming each fault', () => {
    const broken = (patch: Record<string, unknown>, locale = 'ru') => checkCatalog(source, { ...good, ...patch }, locale).map((p) => `${p.id}: ${p.problem}`);
    expect(broken({ count: '{count, plural, one {# сообщение} other {# сообщения}' })[0]).toMatch(/^count: ICU syntax error/);
    expect(broken({ hello: 'Привет, <b>{nom}</b>' })[0]).toMatch(/^hello: arguments or tags differ/);
    expect(broken({ hello: 'Привет, {name}' })[0]).toMatch(/^hello: arguments or tags differ/);
    expect(broken({ when: 'Отправлено {day}' })[0]).toMatch(/^when: arguments or tags differ/);
    expect(broken({ count: '{count, plural, one {# сообщение} other {# сообщения}} в {place}' })).toEqual([
      'count: plural {count} lacks the "few" category the locale needs',
      'count: plural {count} lacks the "many" category the locale needs',
    ]);
    expect(broken({ extra: 'x' })).toEqual(['extra: not in the English source']);
    expect(checkCatalog(source, { count: good.count, hello: good.hello }, 'ru').map((p) => p.id)).toEqual(['when']);
    expect(broken({ hello: '' })).toEqual(['hello: empty']);
    expect(broken({ hello: 3 })).toEqual(['hello: not a string']);
    expect(checkCatalog(source, ['not', 'an', 'object'], 'ru')).toHaveLength(1);
  });
});

describe('numbers and dates per locale', () => {
  it('Thai shows Buddhist-era years (2569 for 2026) where years are shown', () => {
    const th = reporterTranslator('th');
    expect(th.day('2026-01-15')).toContain('2569');
    expect(th.day('2026-01')).toContain('2569');
    expect(th.day('2026-01-15')).not.toContain('2026');
    expect(intlLocale('th')).toBe('th-TH-u-ca-buddhist');
  });

  it('Persian shows Persian digits, through Intl (whether or not its catalog is there yet)', () => {
    const fa = makeTranslator('fa', direction('fa'), { n: '{n, number} گزارش' }, { intl: intlLocale('fa') });
    expect(fa.number(2026)).toBe('۲٬۰۲۶');
    expect(fa.t('n', { n: 21 })).toBe('۲۱ گزارش');
    expect(fa.day('2026-01-15')).toMatch(/^[\u06F0-\u06F9\s\p{Script=Arabic}]+$/u);
  });

  it('Arabic keeps the digits it had', () => {
    expect(makeTranslator('ar', 'rtl', {}, { intl: intlLocale('ar') }).number(2026)).toBe(new Intl.NumberFormat('ar').format(2026));
  });
});
