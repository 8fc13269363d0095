/**
 * CSV (RFC 4180) through csv-parse and csv-stringify, the one CSV library
 * of Parasol: parsing with line numbers, for imports and the legal-models
 * data, and writing that is safe to open in a spreadsheet.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';

export interface CsvRecord {
  /** The physical line the record starts on (1-based), for error reports. */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Parses CSV text into records. Quoted fields may hold commas, quotes ("")
 * and line breaks. A byte-order mark is ignored; CRLF, LF and CR all end records.
 * Blank lines are skipped. An unterminated quote is a syntax error.
 */
export function parseCsv(text: string, opts: { maxRecords?: number } = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  let lastEnd = 0;
  // csv-parse counts the line a record ends on, and counts a carriage return inside a quoted field as a
  // line of its own; a line is counted here at each line feed, so a CRLF inside a field is one line.
  let extraCr = 0;
  try {
    parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      // With info on, each record arrives with its info.
      on_record: (r: unknown) => {
        const { record, info } = r as { record: string[]; info: { lines: number } };
        const count = (re: RegExp) => record.reduce((n, f) => n + (f.match(re)?.length ?? 0), 0);
        extraCr += count(/\r/g);
        lastEnd = info.lines;
        records.push({ line: info.lines - extraCr - count(/\n/g), fields: record });
        if (opts.maxRecords !== undefined && records.length > opts.maxRecords) throw new CsvSyntaxError(`more than ${opts.maxRecords} records`, records[records.length - 1]!.line);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw err;
    if (err instanceof CsvError && err.code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvSyntaxError('a quoted field is not closed', firstLineAfter(text, lastEnd - extraCr));
    throw err;
  }
  return records;
}

/** The first non-blank line after line `after` (1-based): where an unclosed record starts. */
function firstLineAfter(text: string, after: number): number {
  const lines = text.split(LINE_BREAK);
  let i = after;
  while (i < lines.length - 1 && lines[i] === '') i++;
  return i + 1;
}

/** Text that a spreadsheet would run as a formula, unless it is a plain number such as -3. */
function defused(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
}

const STRINGIFY_OPTIONS: StringifyOptions = {
  record_delimiter: '\r\n',
  // Quote fields with line breaks or leading or trailing spaces, besides commas and quotes.
  quoted_match: [/[\r\n]/, /^\s|\s$/],
  cast: { string: defused, number: (n: number) => String(n) },
};

/**
 * Quotes one field. Text that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) is prefixed with an apostrophe
 * (OWASP "CSV injection"), unless it is a plain number such as -3.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return stringify([[value]], { ...STRINGIFY_OPTIONS, eof: false });
}

/** One CSV document: a header row and records, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return stringify([header, ...rows] as unknown[][], STRINGIFY_OPTIONS);
}
