/**
 * The validated import of country profiles from a legal-models CSV (the
 * research file's format). Every row is checked; good rows are stored in one
 * transaction and each bad row is named with all its reasons. A profile that
 * an admin has edited since the last import is kept, and named, rather than
 * overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Db } from '../shared/deps.js';
import { findProfile, upsertImportedProfile } from './profiles.repository.js';
import { PROFILE_COLUMNS, validateProfile, type ProfileFields, type ProfileProblem } from './profiles.validation.js';

/** The legal-models CSV shipped with Parasol (from src/ and dist/ alike). */
export const BUNDLED_LEGAL_MODELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/legal-models.csv');

export type ProfileRowProblem = ProfileProblem | { readonly field: 'row' | 'iso2'; readonly code: 'columnCount' | 'duplicate'; readonly values?: Readonly<Record<string, string | number>> };

export interface RejectedProfileRow {
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  /** The code or country given in the row, so a person can find it. */
  readonly label: string;
  readonly problems: readonly ProfileRowProblem[];
}

export type ProfileImportResult =
  | { readonly ok: false; readonly problem: 'empty' | 'encoding' | 'unreadable' | 'missingColumns'; readonly detail: string }
  | {
      readonly ok: true;
      readonly rows: number;
      readonly inserted: readonly string[];
      readonly updated: readonly string[];
      /** Codes of profiles an admin has edited: left as they are. */
      readonly keptEdited: readonly string[];
      readonly rejected: readonly RejectedProfileRow[];
    };

/** Imports profiles from CSV text. `today` is 'YYYY-MM-DD' (the review day of what is stored). */
export async function importProfilesCsv(db: Db, text: string, opts: { today: string; onProgress?: (done: number, total: number) => void }): Promise<ProfileImportResult> {
  if (!text.trim()) return { ok: false, problem: 'empty', detail: 'the file is empty' };
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    return { ok: false, problem: 'unreadable', detail: `not readable as CSV near line ${Number((err as { lines?: number }).lines ?? 0)}` };
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) return { ok: false, problem: 'empty', detail: 'the file has no data rows' };
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = PROFILE_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { ok: false, problem: 'missingColumns', detail: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
  const thisYear = Number(opts.today.slice(0, 4));

  const rejected: RejectedProfileRow[] = [];
  const good: Array<Extract<ReturnType<typeof validateProfile>, { ok: true }>['profile']> = [];
  const seen = new Map<string, number>();
  data.forEach((record, i) => {
    const row = i + 2;
    const fields = Object.fromEntries(PROFILE_COLUMNS.map((c) => [c, record[names.indexOf(c)] ?? ''])) as ProfileFields;
    const problems: ProfileRowProblem[] = [];
    if (record.length !== header.length) problems.push({ field: 'row', code: 'columnCount', values: { found: record.length, expected: header.length } });
    const result = validateProfile(fields, { thisYear });
    if (!result.ok) problems.push(...result.problems);
    else if (seen.has(result.profile.code)) problems.push({ field: 'iso2', code: 'duplicate', values: { value: result.profile.code, row: seen.get(result.profile.code)! } });
    const label = [fields.subdivision_code || fields.iso2, fields.country]
      .filter((x) => x.trim())
      .join(' ')
      .slice(0, 120);
    if (problems.length || !result.ok) {
      rejected.push({ row, label, problems });
      return;
    }
    seen.set(result.profile.code, row);
    good.push(result.profile);
  });

  const inserted: string[] = [];
  const updated: string[] = [];
  const keptEdited: string[] = [];
  const run = async (trx: Db) => {
    for (const p of good) {
      const existing = await findProfile(trx, p.code);
      if (existing?.edited) {
        keptEdited.push(p.code);
        opts.onProgress?.(inserted.length + updated.length + keptEdited.length, good.length);
        continue;
      }
      if ((await upsertImportedProfile(trx, p, opts.today)) === 'inserted') inserted.push(p.code);
      else updated.push(p.code);
      opts.onProgress?.(inserted.length + updated.length + keptEdited.length, good.length);
    }
  };
  if (good.length) {
    if (db.isTransaction) await run(db);
    else await db.transaction().execute(run);
  }
  return { ok: true, rows: data.length, inserted, updated, keptEdited, rejected };
}

/** Reads a CSV file as UTF-8 (a BOM is allowed); null when its bytes are not UTF-8. */
export function readCsvFile(file: string): string | null {
  const bytes = fs.readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Loads the shipped legal-models data when no profile exists yet (demo and first start). */
export async function importBundledProfilesIfEmpty(db: Db, today: string): Promise<ProfileImportResult | null> {
  const any = await db.selectFrom('country_profiles').select('code').limit(1).executeTakeFirst();
  if (any) return null;
  const text = readCsvFile(BUNDLED_LEGAL_MODELS);
  if (text === null) return { ok: false, problem: 'encoding', detail: 'the shipped legal-models file is not UTF-8' };
  return importProfilesCsv(db, text, { today });
}

/** One line per problem, in English, for the command line. */
export function describeProfileProblem(p: ProfileRowProblem): string {
  const v = p.values ?? {};
  switch (p.code) {
    case 'required':
      return `${p.field}: missing`;
    case 'tooLong':
      return `${p.field}: too long (${v.length} characters, the limit is ${v.max})`;
    case 'brokenText':
      return `${p.field}: not valid text`;
    case 'badCode':
      return `${p.field}: "${v.value}" is not a two-letter country code`;
    case 'badSubdivision':
      return `${p.field}: "${v.value}" is not an ISO 3166-2 code of this country (like GB-SCT)`;
    case 'badValue':
      return `${p.field}: "${v.value}" is not one of ${v.allowed}`;
    case 'badYear':
      return `${p.field}: "${v.value}" is not a year between 1800 and now`;
    case 'noSource':
      return `${p.field}: at least one source address is needed`;
    case 'badSource':
      return `${p.field}: "${v.value}" is not an http or https address`;
    case 'tooManySources':
      return `${p.field}: more than ${v.max} sources`;
    case 'columnCount':
      return `the row has ${v.found} cells where the header has ${v.expected}`;
    case 'duplicate':
      return `${v.value} appears again (first in row ${v.row})`;
  }
}
