/**
 * Reports for the browser tests of the statistics pages: a spread of
 * places, months, categories and perpetrators, with a few small cells to
 * protect (Moldova has four reports).
 */
import type { DemoKey } from '../../src/demo/demo.service.js';
import type { Db } from '../../src/core/shared/deps.js';
import { insertReports, type ReportSpec } from '../statistics/support.js';

const CATEGORY_SETS = [
  ['robbery', 'threats'],
  ['physical_assault'],
  ['raid', 'confiscation'],
  ['wages_withheld', 'deductions_fines'],
  ['deportation_threats', 'police_intimidation'],
  ['sexual_violence'],
  ['extortion'],
  ['refused_services'],
];
const PERPETRATORS = [['client'], ['police_officer'], ['manager'], ['landlord'], ['stranger'], ['immigration_officer']];

export async function seedStatistics(db: Db, demoKeys: readonly DemoKey[]): Promise<void> {
  const org = demoKeys.find((k) => k.organisation === 'umbrela-rosie')!.organisationId;
  const places: Array<[string, string | null, number]> = [
    ['RO', 'ro-bucharest', 46],
    ['RO', 'ro-cluj', 12],
    ['GB', 'gb-london', 31],
    ['FR', 'fr-paris', 24],
    ['DE', 'de-berlin', 19],
    ['KZ', 'kz-almaty', 15],
    ['TR', null, 9],
    ['SE', null, 8],
    ['MD', 'md-chisinau', 4],
  ];
  const specs: ReportSpec[] = [];
  let i = 0;
  for (const [country, area, n] of places) {
    for (let j = 0; j < n; j++, i++) {
      const month = i % 11 === 0 ? null : `${2024 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}`;
      specs.push({
        country,
        area,
        month,
        categories: CATEGORY_SETS[i % CATEGORY_SETS.length]!,
        perpetrators: PERPETRATORS[(i * 7) % PERPETRATORS.length]!,
        police: i % 3 === 0 ? 'anonymous' : i % 7 === 0 ? 'identified' : 'none',
      });
    }
  }
  await insertReports(db, org, specs);
}
