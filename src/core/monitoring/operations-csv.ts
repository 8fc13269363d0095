/**
 * CSV import and export of the operations log. The export's columns are the
 * import's, so a file can go out, be corrected in a spreadsheet and come
 * back. An import is all or nothing: when any row has a problem, nothing is
 * stored and every problem is listed by line and column, so that a
 * corrected file can be uploaded again without creating duplicates.
 */
import { encryptJson, randomId } from '../../crypto/index.js';
import type { StaffUser } from '../accounts/accounts.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { dayOf, type CoreDeps } from '../shared/deps.js';
import { CsvSyntaxError, parseCsv, toCsv } from '../statistics/csv.js';
import { markStatisticsStale } from '../statistics/release-state.js';
import type { MonitoringKey } from './monitoring-key.js';
import { decryptNotes, toOperation } from './operations.service.js';
import { dateParts, FIGURES, MAX_SOURCES, validateOperation, type Figure, type OperationForm, type OperationProblem } from './operations.types.js';

export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

const sourceColumns = Array.from({ length: MAX_SOURCES }, (_, i) => [`source_${i + 1}_type`, `source_${i + 1}_title`, `source_${i + 1}_url`]).flat();

/** Columns of the CSV file, in order. */
export const CSV_COLUMNS = ['date', 'country', 'city', 'agencies', 'purpose', ...FIGURES, 'harms', ...sourceColumns, 'published', 'notes'] as const;
const REQUIRED_COLUMNS = ['date', 'country', 'agencies', 'purpose'];

export interface ImportProblem {
  /** Line of the file (1 is the header). */
  readonly line: number;
  /** Column name, or '' for a problem with the whole row or file. */
  readonly column: string;
  readonly problem: OperationProblem | 'unknownColumn' | 'missingColumn' | 'syntax' | 'tooManyRows' | 'tooLarge' | 'empty' | 'yesNo' | 'notesNeedKey' | 'tooManyFields';
  /** What the cell held (shortened), to find it again. */
  readonly value: string;
}

export type ImportResult = { readonly ok: true; readonly imported: number } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);

function yesNo(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(s)) return true;
  if (['', 'no', 'n', 'false', '0'].includes(s)) return false;
  return null;
}

/** Reads and checks a CSV file of operations; stores them all only when every row is valid. */
export async function importOperations(deps: CoreDeps, user: StaffUser, key: MonitoringKey, text: string): Promise<ImportResult> {
  if (Buffer.byteLength(text, 'utf8') > IMPORT_MAX_BYTES) return { ok: false, problems: [{ line: 0, column: '', problem: 'tooLarge', value: '' }] };
  let records;
  try {
    records = parseCsv(text, { maxRecords: IMPORT_MAX_ROWS + 1 });
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { ok: false, problems: [{ line: err.line, column: '', problem: /more than/.test(err.message) ? 'tooManyRows' : 'syntax', value: '' }] };
    throw err;
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { ok: false, problems: [{ line: header?.line ?? 1, column: '', problem: 'empty', value: '' }] };
  const problems: ImportProblem[] = [];
  const names = header.fields.map((f) => f.trim().toLowerCase());
  names.forEach((n) => {
    if (n && !(CSV_COLUMNS as readonly string[]).includes(n)) problems.push({ line: header.line, column: n, problem: 'unknownColumn', value: short(n) });
  });
  for (const c of REQUIRED_COLUMNS) if (!names.includes(c)) problems.push({ line: header.line, column: c, problem: 'missingColumn', value: '' });
  if (problems.length) return { ok: false, problems };
  const today = dayOf(deps.clock);
  const valid: Array<{ form: OperationForm; value: Extract<ReturnType<typeof validateOperation>, { ok: true }>['value'] }> = [];
  for (const r of rows) {
    if (r.fields.length > names.length) {
      problems.push({ line: r.line, column: '', problem: 'tooManyFields', value: '' });
      continue;
    }
    const get = (c: string) => {
      const i = names.indexOf(c);
      return i === -1 ? '' : (r.fields[i] ?? '');
    };
    const published = yesNo(get('published'));
    if (published === null) problems.push({ line: r.line, column: 'published', problem: 'yesNo', value: short(get('published')) });
    const form: OperationForm = {
      date: get('date'),
      country: get('country'),
      city: get('city'),
      agencies: list(get('agencies')),
      purpose: get('purpose').trim().toLowerCase(),
      figures: Object.fromEntries(FIGURES.map((f) => [f, get(f)])) as Record<Figure, string>,
      harms: list(get('harms')),
      sources: Array.from({ length: MAX_SOURCES }, (_, i) => ({
        type: get(`source_${i + 1}_type`)
          .trim()
          .toLowerCase(),
        title: get(`source_${i + 1}_title`),
        url: get(`source_${i + 1}_url`),
      })),
      published: published ?? false,
      notes: get('notes'),
    };
    const result = validateOperation(form, today);
    if (!result.ok) {
      for (const [field, problem] of Object.entries(result.errors)) {
        const column =
          field === 'country' ||
          field === 'date' ||
          field === 'city' ||
          field === 'purpose' ||
          field === 'agencies' ||
          field === 'harms' ||
          field === 'notes' ||
          (FIGURES as readonly string[]).includes(field) ||
          field.startsWith('source_')
            ? field
            : '';
        problems.push({ line: r.line, column, problem: problem!, value: short(column ? get(column) : '') });
      }
      continue;
    }
    if (result.value.notes && key.kind !== 'ok') {
      problems.push({ line: r.line, column: 'notes', problem: 'notesNeedKey', value: '' });
      continue;
    }
    valid.push({ form, value: result.value });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };

  const day = dayOf(deps.clock);
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < valid.length; i += 200) {
      const batch = valid.slice(i, i + 200).map(({ value }) => {
        const id = randomId();
        const { year, month } = dateParts(value.date);
        return {
          id,
          organisation_id: user.organisationId,
          op_date: value.date,
          year,
          month,
          country_code: value.countryCode,
          city: value.city || null,
          agencies: value.agencies.join(' '),
          purpose: value.purpose,
          ...value.figures,
          harms: value.harms.join(' '),
          sources: JSON.stringify(value.sources),
          published: value.published ? 1 : 0,
          ...(value.notes && key.kind === 'ok' ? { notes: encryptNotes(key, id, value.notes), notes_key_id: key.id } : { notes: null, notes_key_id: null }),
          created_day: day,
          updated_day: day,
        };
      });
      await trx.insertInto('operations').values(batch).execute();
    }
    await appendAudit(trx, deps.secrets, deps.clock, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'operations_imported',
      subjectType: 'organisation',
      subjectId: user.organisationId,
      detail: { rows: valid.length },
    });
    if (valid.some((v) => v.value.published)) await markStatisticsStale(trx);
  });
  return { ok: true, imported: valid.length };
}

function encryptNotes(key: Extract<MonitoringKey, { kind: 'ok' }>, id: string, text: string): Buffer {
  return encryptJson(key.key, { text }, `operation:${id}:notes`);
}

/**
 * The organisation's operations as CSV. Notes are included only when asked
 * for and the exporter holds the monitoring key; the export is audit-logged.
 */
export async function exportOperations(deps: CoreDeps, user: StaffUser, key: MonitoringKey, withNotes: boolean): Promise<string> {
  const rows = await deps.db.selectFrom('operations').selectAll().where('organisation_id', '=', user.organisationId).orderBy('op_date').orderBy('id').execute();
  const includeNotes = withNotes && key.kind === 'ok';
  const lines = rows.map((r) => {
    const op = toOperation(r);
    const sources = Array.from({ length: MAX_SOURCES }, (_, i) => op.sources[i]).flatMap((s) => (s ? [s.type, s.title, s.url] : ['', '', '']));
    const notes = includeNotes && r.notes && key.kind === 'ok' ? decryptNotes(key.key, r.id, Buffer.from(r.notes)) : '';
    return [op.date, op.countryCode, op.city, op.agencies.join(' '), op.purpose, ...FIGURES.map((f) => op.figures[f]), op.harms.join(' '), ...sources, op.published ? 'yes' : 'no', notes];
  });
  await appendAudit(deps.db, deps.secrets, deps.clock, {
    organisationId: user.organisationId,
    actorUserId: user.id,
    action: 'operations_exported',
    subjectType: 'organisation',
    subjectId: user.organisationId,
    detail: { rows: rows.length, notes: includeNotes },
  });
  return toCsv(CSV_COLUMNS, lines);
}
