/**
 * Formats ICU messages for one surface and locale. Values are plain strings
 * and numbers; the views escape the result (no message carries markup).
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';

export type MessageValues = Record<string, string | number>;

export interface Translator<Id extends string> {
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  t(id: Id, values?: MessageValues): string;
  /** Formats a 'YYYY-MM-DD' day or 'YYYY-MM' month for display. */
  day(day: string): string;
  number(n: number): string;
}

const cache = createIntlCache();

/** Builds a translator over a flat id -> ICU message map. */
export function makeTranslator<Id extends string>(locale: string, dir: 'ltr' | 'rtl', messages: Readonly<Record<Id, string>>): Translator<Id> {
  const intl: IntlShape<string> = createIntl(
    {
      locale,
      messages: messages as Record<string, string>,
      // A missing or broken message falls back to its id rather than throwing in the middle of a page;
      // the catalog test makes sure that never ships.
      onError: () => {},
    },
    cache,
  );
  const dayFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  return {
    locale,
    dir,
    t: (id, values) => intl.formatMessage({ id }, values) as string,
    day: (d) => {
      const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(d);
      if (!m) return d;
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
      return (m[3] ? dayFmt : monthFmt).format(date);
    },
    number: (n) => intl.formatNumber(n),
  };
}
