/** The place drop-down: every country, each with its covered areas and an "elsewhere" option. */
import { COUNTRY_CODES, countryName, isCountryCode } from '../../../core/places/countries.js';
import type { Area } from '../../../core/organisations/organisations.repository.js';
import type { OptionGroup } from '../../html/fields.js';
import type { PlaceLookup } from './report.form.js';
import type { ReporterPage } from '../../html/page.js';

const ELSEWHERE = 'elsewhere:';

export function placeGroups(page: ReporterPage, areas: readonly Area[]): OptionGroup[] {
  const collator = new Intl.Collator(page.lang);
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, page.lang) }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ code, name }) => ({
      label: name,
      options: [
        ...areas.filter((a) => a.country_code === code).map((a) => ({ value: a.id, label: a.name })),
        { value: `${ELSEWHERE}${code}`, label: page.t('form.where.elsewhere', { country: name }) },
      ],
    }));
}

export function placeLookup(areas: readonly Area[]): PlaceLookup {
  return {
    resolve(value) {
      if (value.startsWith(ELSEWHERE)) {
        const code = value.slice(ELSEWHERE.length);
        return isCountryCode(code) ? { countryCode: code, areaId: null } : null;
      }
      const area = areas.find((a) => a.id === value);
      return area ? { countryCode: area.country_code, areaId: area.id } : null;
    },
  };
}
