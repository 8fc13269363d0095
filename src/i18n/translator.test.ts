import { describe, expect, it } from 'vitest';
import { makeTranslator } from './translator.js';

const messages = {
  plain: 'Your report was sent.',
  left: '{count, plural, one {# check left today} other {# checks left today}}',
  named: 'Checked {kind}',
  broken: 'Broken {',
  ordinal: '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}} try',
  amount: '{n, number} reports on {d, date, medium}',
} as const;

const ru = {
  left: '{count, plural, one {# проверка} few {# проверки} many {# проверок} other {# проверки}}',
  amount: '{n, number} reports on {d, date, medium}',
} as const;

describe('makeTranslator', () => {
  const t = makeTranslator('en', 'ltr', messages);

  it('formats plain text, values and plurals, the same on every call', () => {
    expect(t.t('plain')).toBe('Your report was sent.');
    expect(t.t('plain')).toBe('Your report was sent.');
    expect(t.t('left', { count: 1 })).toBe('1 check left today');
    expect(t.t('left', { count: 29 })).toBe('29 checks left today');
    expect(t.t('named', { kind: 'phone number' })).toBe('Checked phone number');
    expect(t.t('named', { kind: 'e-mail' })).toBe('Checked e-mail');
  });

  it('shows the id of a missing message and the text of one that cannot be parsed, never throws', () => {
    expect(t.t('nowhere' as keyof typeof messages)).toBe('nowhere');
    expect(t.t('broken')).toBe('Broken {');
  });

  it("keeps plural, ordinal, number and date formatters apart, in each translator's own locale", () => {
    const r = makeTranslator('ru', 'ltr', ru);
    // Interleaved, so a formatter kept for one rule or locale would show up in the other's answers.
    for (let i = 0; i < 2; i++) {
      expect(t.t('ordinal', { n: 1 })).toBe('1st try');
      expect(t.t('left', { count: 1 })).toBe('1 check left today');
      expect(t.t('ordinal', { n: 22 })).toBe('22nd try');
      expect(t.t('ordinal', { n: 3 })).toBe('3rd try');
      expect(t.t('ordinal', { n: 11 })).toBe('11th try');
      expect(r.t('left', { count: 1 })).toBe('1 проверка');
      expect(r.t('left', { count: 3 })).toBe('3 проверки');
      expect(r.t('left', { count: 5 })).toBe('5 проверок');
      expect(t.t('left', { count: 5 })).toBe('5 checks left today');
    }
    const day = Date.UTC(2026, 10, 28, 12);
    expect(t.t('amount', { n: 12345, d: day })).toBe(`12,345 reports on ${new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(day)}`);
    expect(r.t('amount', { n: 12345, d: day })).toBe(`${new Intl.NumberFormat('ru').format(12345)} reports on ${new Intl.DateTimeFormat('ru', { dateStyle: 'medium' }).format(day)}`);
  });

  it('joins lists in the locale', () => {
    expect(t.list(['robbery', 'threats', 'violence'])).toBe('robbery, threats, and violence');
    // Russian and Arabic join with their own conjunction, not a bare space.
    expect(makeTranslator('ru', 'ltr', messages).list(['грабёж', 'угрозы', 'насилие'])).toBe('грабёж, угрозы и насилие');
    expect(makeTranslator('ar', 'rtl', messages).list(['سرقة', 'تهديد'])).toBe('سرقة وتهديد');
    expect(makeTranslator('fr', 'ltr', messages).list(['vol', 'menaces'])).toBe('vol et menaces');
    expect(t.list(['robbery', 'threats'])).toBe('robbery and threats');
  });

  it('formats numbers and days in the locale', () => {
    const ar = makeTranslator('ar', 'rtl', messages);
    expect(ar.number(1234)).toBe(new Intl.NumberFormat('ar').format(1234));
    expect(ar.dir).toBe('rtl');
    expect(t.day('2026-11-28')).toBe('November 28, 2026');
    expect(t.day('2026-11')).toBe('November 2026');
  });
});

describe('a message missing from a catalog', () => {
  const english = { hello: 'Hello', left: '{count, plural, one {# left} other {# left}}' };
  const partial = { hello: 'Bonjour' };

  it('shows in English in production', () => {
    const t = makeTranslator<'hello' | 'left'>('fr', 'ltr', partial as Record<'hello' | 'left', string>, { fallback: english });
    expect(t.t('hello')).toBe('Bonjour');
    expect(t.t('left', { count: 2 })).toBe('2 left');
  });

  it('throws when strict (the tests), naming the message and the locale', () => {
    const t = makeTranslator<'hello' | 'left'>('fr', 'ltr', partial as Record<'hello' | 'left', string>, { fallback: english, strict: true });
    expect(t.t('hello')).toBe('Bonjour');
    expect(() => t.t('left', { count: 2 })).toThrow('missing message left in fr');
  });

  it('throws in the staff translator under the tests', async () => {
    const { staffTranslator } = await import('./staff/index.js');
    expect(() => staffTranslator('fr').t('no.such.message' as never)).toThrow(/missing message no\.such\.message in fr/);
  });
});
