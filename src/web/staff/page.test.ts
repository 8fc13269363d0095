/**
 * Staff pages show public wording (categories, kinds of person, agencies)
 * from the reporter catalogs. A staff language that has no reporter catalog
 * yet (one added to the staff surface first) gets English there, not an error
 * page.
 */
import { describe, expect, it } from 'vitest';
import type { StaffLocale } from '../../i18n/staff/index.js';
import { reporterTranslator } from '../../i18n/reporter/index.js';
import { reporterLabel, reporterWords } from './page.js';

describe('reporter wording on staff pages', () => {
  it('falls back to English for a staff language without a reporter catalog', () => {
    const page = { lang: 'xx-fake' as StaffLocale };
    const english = reporterTranslator('en').t;
    expect(reporterLabel(page)('category.physical_assault')).toBe(english('category.physical_assault'));
    expect(reporterWords(page).t('receipt.gone.title')).toBe(english('receipt.gone.title'));
  });

  it('uses the staff language when it has a reporter catalog', () => {
    expect(reporterLabel({ lang: 'fr' as StaffLocale })('category.physical_assault')).toBe(reporterTranslator('fr').t('category.physical_assault'));
  });
});
