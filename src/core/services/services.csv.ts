/**
 * CSV import and export of the services directory. An import checks every
 * row with the same rules as the staff form; good rows are stored together
 * (one transaction), and every rejected row is named with all its reasons:
 * nothing is dropped silently. The export writes the same columns, so a file
 * can be exported, corrected in a spreadsheet and imported again.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Area } from '../../db/schema.js';
import { organisationAreas } from '../organisations/organisations.repository.js';
import type { Db } from '../shared/deps.js';
import { insertService, organisationServices, setServiceStatus, toFields, updateService } from './services.repository.js';
import { SERVICE_FIELDS, validateService, type ServiceField, type ServiceFields, type ServiceProblem } from './services.validation.js';
import { parseServiceId, type OrganisationId, type ServiceId } from '../shared/ids.js';

/** Columns of the CSV file: an optional id (to update an entry), the entry's fields, and its status. */
export const CSV_COLUMNS = ['id', ...SERVICE_FIELDS, 'status'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns a file must have. */
export const REQUIRED_COLUMNS = ['name', 'categories', 'country', 'languages'] as const satisfies readonly CsvColumn[];

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

/** A problem with one row: a field problem, or one about the row as a whole. */
export type RowProblem =
  ServiceProblem | { readonly field: 'id' | 'status' | 'row'; readonly code: 'unknownId' | 'badStatus' | 'columnCount' | 'duplicateId'; readonly values?: Readonly<Record<string, string | number>> };

export interface RejectedRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  /** The name given in the row ('' when none), so a person can find it. */
  readonly name: string;
  readonly problems: readonly RowProblem[];
}

export type FileProblem =
  | { readonly code: 'empty' }
  | { readonly code: 'tooLarge'; readonly max: number }
  | { readonly code: 'encoding' }
  | { readonly code: 'unreadable'; readonly line: number }
  | { readonly code: 'missingColumns'; readonly columns: readonly string[] }
  | { readonly code: 'tooManyRows'; readonly max: number };

export type ImportResult =
  | { readonly ok: false; readonly problem: FileProblem }
  | {
      readonly ok: true;
      /** Data rows in the file. */
      readonly rows: number;
      readonly added: number;
      readonly updated: number;
      readonly rejected: readonly RejectedRow[];
      /** Columns the file had that are not ours: reported, not used. */
      readonly ignoredColumns: readonly string[];
    };

export interface ImportOptions {
  readonly organisationId: OrganisationId;
  readonly areas: readonly Area[];
  /** 'YYYY-MM-DD' */
  readonly today: string;
}

/** Cells that a spreadsheet would run as a formula are written with a leading apostrophe, and read back without it. */
const FORMULA_START = /^[=+\-@\t\r]/;

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function guard(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function normaliseHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Reads the bytes of a CSV file as UTF-8 text (a BOM is allowed); null when they are not UTF-8. */
export function decodeCsv(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Imports services from CSV text into an organisation's directory. */
export async function importServicesCsv(db: Db, text: string, opts: ImportOptions): Promise<ImportResult> {
  if (Buffer.byteLength(text, 'utf8') > IMPORT_MAX_BYTES) return { ok: false, problem: { code: 'tooLarge', max: IMPORT_MAX_BYTES } };
  if (!text.trim()) return { ok: false, problem: { code: 'empty' } };
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    const line = Number((err as { lines?: number }).lines ?? 0);
    return { ok: false, problem: { code: 'unreadable', line } };
  }
  const [header, ...data] = records;
  if (!header || data.length === 0) return { ok: false, problem: { code: 'empty' } };
  if (data.length > IMPORT_MAX_ROWS) return { ok: false, problem: { code: 'tooManyRows', max: IMPORT_MAX_ROWS } };
  const names = header.map(normaliseHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { ok: false, problem: { code: 'missingColumns', columns: missing } };
  const known = new Set<string>(CSV_COLUMNS);
  const ignoredColumns = header
    .filter((_h, i) => !known.has(names[i]!))
    .map((h) => h.trim())
    .filter(Boolean);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (known.has(n) && !index.has(n)) index.set(n, i);
  });

  const mine = new Set((await organisationServices(db, opts.organisationId)).map((s) => s.id));
  const covered = await organisationAreas(db, opts.organisationId);
  const seenIds = new Set<ServiceId>();
  const rejected: RejectedRow[] = [];
  const good: Array<{ id: ServiceId | null; input: Extract<ReturnType<typeof validateService>, { ok: true }>['input']; status: 'active' | 'retired' }> = [];

  data.forEach((record, i) => {
    const row = i + 2;
    const cell = (c: CsvColumn) => {
      const at = index.get(c);
      return at === undefined ? '' : unguard(record[at] ?? '');
    };
    const fields = Object.fromEntries(SERVICE_FIELDS.map((f) => [f, cell(f)])) as ServiceFields;
    const problems: RowProblem[] = [];
    if (record.length !== header.length) problems.push({ field: 'row', code: 'columnCount', values: { found: record.length, expected: header.length } });
    const id = cell('id').trim().toLowerCase();
    // A malformed id is none of the organisation's entries: it is refused as an unknown one.
    const serviceId = parseServiceId(id);
    if (id) {
      if (!serviceId || !mine.has(serviceId)) problems.push({ field: 'id', code: 'unknownId', values: { value: id } });
      else if (seenIds.has(serviceId)) problems.push({ field: 'id', code: 'duplicateId', values: { value: id } });
      if (serviceId) seenIds.add(serviceId);
    }
    const statusText = cell('status').trim().toLowerCase();
    if (statusText && statusText !== 'active' && statusText !== 'retired') problems.push({ field: 'status', code: 'badStatus', values: { value: cell('status') } });
    const result = validateService(fields, { areas: opts.areas, today: opts.today, covered });
    if (!result.ok) problems.push(...result.problems);
    if (problems.length || !result.ok) {
      rejected.push({ row, name: fields.name.trim().slice(0, 200), problems });
      return;
    }
    good.push({ id: serviceId, input: result.input, status: statusText === 'retired' ? 'retired' : 'active' });
  });

  let added = 0;
  let updated = 0;
  if (good.length) {
    const run = async (trx: Db) => {
      for (const g of good) {
        let id = g.id;
        if (id) {
          await updateService(trx, opts.organisationId, id, g.input, opts.today);
          updated++;
        } else {
          id = await insertService(trx, opts.organisationId, g.input, opts.today);
          added++;
        }
        if (g.status === 'retired' || g.id) await setServiceStatus(trx, opts.organisationId, id, g.status, opts.today);
      }
    };
    if (db.isTransaction) await run(db);
    else await db.transaction().execute(run);
  }
  return { ok: true, rows: data.length, added, updated, rejected, ignoredColumns };
}

/** The organisation's entries as CSV (UTF-8 with a BOM, so spreadsheets read accents right). */
export async function exportServicesCsv(db: Db, organisationId: OrganisationId): Promise<{ csv: string; count: number }> {
  const services = await organisationServices(db, organisationId);
  const rows = services.map((s) => {
    const fields = toFields(s);
    return CSV_COLUMNS.map((c) => guard(c === 'id' ? s.id : c === 'status' ? s.status : fields[c as ServiceField]));
  });
  const csv = '\ufeff' + stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows' });
  return { csv, count: services.length };
}
