/** Shared fixtures for the services and rights tests: CSV files of services as an admin would write them. */
import { stringify } from 'csv-stringify/sync';

export const SERVICE_HEADER = [
  'name',
  'categories',
  'country',
  'area',
  'city',
  'address',
  'languages',
  'phone',
  'email',
  'website',
  'messaging',
  'opening_hours',
  'cost',
  'asks_for_id',
  'shares_data_with_immigration',
  'requires_police_report',
  'sex_worker_led',
  'trans_inclusive',
  'last_verified',
  'description',
] as const;

export type ServiceRow = Partial<Record<(typeof SERVICE_HEADER)[number] | 'id' | 'status', string>>;

/** A good row: a health service in Bucharest. */
export function goodRow(n: number, overrides: ServiceRow = {}): ServiceRow {
  return {
    name: `Imported clinic ${n}`,
    categories: n % 2 ? 'health hiv_prep' : 'legal_aid',
    country: 'RO',
    area: n % 3 ? 'ro-bucharest' : '',
    city: n % 3 ? '' : 'Constanța',
    address: '',
    languages: n % 2 ? 'ro en' : 'ro',
    phone: `+40 21 555 ${String(1000 + n)}`,
    email: '',
    website: n % 4 === 0 ? `https://clinic-${n}.example.org/` : '',
    messaging: '',
    opening_hours: 'Mon–Fri 9–17',
    cost: 'free',
    asks_for_id: 'no',
    shares_data_with_immigration: n % 5 === 0 ? 'unknown' : 'no',
    requires_police_report: 'no',
    sex_worker_led: 'unknown',
    trans_inclusive: 'yes',
    last_verified: '2026-01-15',
    description: `Row ${n}, with a comma, "quotes" and a line\nbreak`,
    ...overrides,
  };
}

/** CSV text (RFC 4180 quoting, CRLF) for rows over a header. */
export function csvOf(rows: readonly ServiceRow[], header: readonly string[] = SERVICE_HEADER): string {
  return stringify([[...header], ...rows.map((r) => header.map((h) => r[h as keyof ServiceRow] ?? ''))], { record_delimiter: 'windows' });
}

/**
 * Twenty services, three of them bad: rows 6, 12 and 19 of the spreadsheet
 * (the header is row 1), each with its own mistakes.
 */
export function twentyWithThreeBad(): { csv: string; bad: ReadonlyArray<{ row: number; name: string; codes: readonly string[] }> } {
  const rows: ServiceRow[] = [];
  for (let i = 1; i <= 20; i++) rows.push(goodRow(i));
  rows[4] = goodRow(5, { name: 'Bad category clinic', categories: 'health dentistry' });
  rows[10] = goodRow(11, { name: 'Bad firewall clinic', shares_data_with_immigration: 'maybe', languages: '' });
  rows[17] = goodRow(18, { name: 'Bad website clinic', website: 'http://insecure.example.org', country: 'XX' });
  return {
    csv: csvOf(rows),
    bad: [
      { row: 6, name: 'Bad category clinic', codes: ['unknownCategory'] },
      { row: 12, name: 'Bad firewall clinic', codes: ['noLanguage', 'badAnswer'] },
      { row: 19, name: 'Bad website clinic', codes: ['unknownCountry', 'badWebsite'] },
    ],
  };
}
