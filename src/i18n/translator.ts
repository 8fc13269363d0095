/**
 * Formats ICU messages for one surface and locale. Values are plain strings
 * and numbers; the views escape the result (no message carries markup).
 *
 * Each message is parsed once, the first time it is used, and kept; a
 * message used without values is formatted once and kept as text. (Going
 * through the general formatter for every call looks each compiled message
 * up by a JSON key of its arguments, which cost more than the rest of a page.)
 * The Intl formatters that messages with numbers and plurals need are kept
 * per translator too, found without building a key for each use.
 */
import { IntlMessageFormat, type Formatters } from 'intl-messageformat';

export type MessageValues = Record<string, string | number>;

export interface Translator<Id extends string> {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  t(id: Id, values?: MessageValues): string;
  /** Formats a 'YYYY-MM-DD' day or 'YYYY-MM' month for display. */
  day(day: string): string;
  number(n: number): string;
  /** "A, B and C" in the locale's own words and punctuation (Intl.ListFormat, conjunction). */
  list(items: readonly string[]): string;
}

/** Most formatters of one kind kept per translator; messages use a handful. */
const MAX_KEPT = 200;

/**
 * Formatters for intl-messageformat that keep each Intl object by the
 * options object a compiled message passes (the same object every time),
 * and plural rules by their type. The library's own cache builds a JSON key
 * of the arguments for every number, date and plural in every message.
 */
function keptFormatters(): Formatters {
  const numbers = new Map<unknown, Intl.NumberFormat>();
  const dates = new Map<unknown, Intl.DateTimeFormat>();
  const plurals = new Map<string, Intl.PluralRules>();
  const kept = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
    let v = map.get(key);
    if (v === undefined) {
      v = make();
      if (map.size < MAX_KEPT) map.set(key, v);
    }
    return v;
  };
  return {
    getNumberFormat: (locales, options) => kept(numbers, options, () => new Intl.NumberFormat(locales, options)),
    getDateTimeFormat: (locales, options) => kept(dates, options, () => new Intl.DateTimeFormat(locales, options)),
    getPluralRules: (locales, options) => kept(plurals, options?.type ?? 'cardinal', () => new Intl.PluralRules(locales, options)),
  };
}

export interface TranslatorOptions {
  /** The locale Intl formats numbers, dates and plurals with (e.g. th-TH-u-ca-buddhist), when not the catalog's code. */
  readonly intl?: string;
  /** Messages a catalog lacks come from here (the English source): a missing message shows in English. */
  readonly fallback?: Readonly<Record<string, string>>;
  /** A message missing from the catalog throws instead (tests: every page renders without one). */
  readonly strict?: boolean;
}

/** Builds a translator over a flat id -> ICU message map. */
export function makeTranslator<Id extends string>(locale: string, dir: 'ltr' | 'rtl', messages: Readonly<Record<Id, string>>, options: TranslatorOptions = {}): Translator<Id> {
  const compiled = new Map<string, IntlMessageFormat | null>();
  const formatters = keptFormatters();
  const constant = new Map<string, string>();
  const own = messages as Record<string, string>;
  const has = (map: Readonly<Record<string, string>>, id: string): boolean => Object.prototype.hasOwnProperty.call(map, id) && Boolean(map[id]);
  const missing = options.fallback ? Object.keys(options.fallback).filter((id) => !has(own, id)) : [];
  // The catalog's messages, with the fallback's for any it lacks (none in a complete catalog).
  const source: Record<string, string> = missing.length && !options.strict ? { ...own, ...Object.fromEntries(missing.map((id) => [id, options.fallback![id]!])) } : own;
  const intl = options.intl ?? locale;
  const known = (id: string): boolean => {
    if (has(source, id)) return true;
    if (options.strict) throw new Error(`missing message ${id} in ${locale}`);
    return false;
  };
  // Only the catalog's own ids are kept, so the caches never grow past the catalog.
  const compile = (id: string): IntlMessageFormat | null => {
    if (!known(id)) return null;
    let mf = compiled.get(id);
    if (mf === undefined) {
      try {
        mf = new IntlMessageFormat(source[id]!, intl, undefined, { formatters });
      } catch {
        mf = null;
      }
      compiled.set(id, mf);
    }
    return mf;
  };
  // As @formatjs/intl does: a missing message shows its id, a message that cannot be formatted shows its text.
  const format = (id: string, values?: MessageValues): string => {
    const mf = compile(id);
    if (!mf) return known(id) ? source[id]! : id;
    try {
      return String(mf.format(values));
    } catch {
      return source[id]!;
    }
  };
  const numberFmt = new Intl.NumberFormat(intl);
  const dayFmt = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(intl, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const listFmt = new Intl.ListFormat(intl, { type: 'conjunction' });
  return {
    locale,
    dir,
    t: (id, values) => {
      if (values) return format(id, values);
      let text = constant.get(id);
      if (text === undefined) {
        text = format(id);
        if (known(id)) constant.set(id, text);
      }
      return text;
    },
    day: (d) => {
      const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(d);
      if (!m) return d;
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
      return (m[3] ? dayFmt : monthFmt).format(date);
    },
    number: (n) => numberFmt.format(n),
    list: (items) => listFmt.format(items),
  };
}
