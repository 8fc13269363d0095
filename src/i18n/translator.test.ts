import { describe, expect, it } from 'vitest';
import { makeTranslator } from './translator.js';

const messages = {
  plain: 'Your report was sent.',
  left: '{count, plural, one {# check left today} other {# checks left today}}',
  named: 'Checked {kind}',
  broken: 'Broken {',
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

  it('formats numbers and days in the locale', () => {
    const ar = makeTranslator('ar', 'rtl', messages);
    expect(ar.number(1234)).toBe(new Intl.NumberFormat('ar').format(1234));
    expect(ar.dir).toBe('rtl');
    expect(t.day('2026-11-28')).toBe('November 28, 2026');
    expect(t.day('2026-11')).toBe('November 2026');
  });
});
