/** CSV through csv-parse and csv-stringify: what the hand-written parser and writer did, kept. */
import { describe, expect, it } from 'vitest';
import { csvField, CsvSyntaxError, parseCsv, toCsv } from './csv.js';

describe('parseCsv', () => {
  it('skips a BOM and blank lines, accepts CRLF, LF and CR, and numbers records by the line they start on', () => {
    const records = parseCsv('\uFEFFa,b\r\n\r\n"x\ny",2\n\nc,"d""e"\n,\nlast\rz');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x\ny', '2'] },
      { line: 6, fields: ['c', 'd"e'] },
      { line: 7, fields: ['', ''] },
      { line: 8, fields: ['last'] },
      { line: 9, fields: ['z'] },
    ]);
  });

  it('counts a CRLF inside a quoted field as one line', () => {
    expect(parseCsv('a,"b\r\nc",d\r\ne').map((r) => r.line)).toEqual([1, 3]);
  });

  it('names the line of an unclosed quote, and too many records', () => {
    expect(() => parseCsv('a,b\n\n"open,c\nd')).toThrow(expect.objectContaining({ name: 'CsvSyntaxError', message: 'a quoted field is not closed', line: 3 }) as unknown as Error);
    const err = (() => {
      try {
        parseCsv('h\n1\n2\n3', { maxRecords: 2 });
      } catch (e) {
        return e as CsvSyntaxError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect([err?.message, err?.line]).toEqual(['more than 2 records', 3]);
  });
});

describe('csvField and toCsv', () => {
  it('quotes what needs quoting and defuses formulas, but not plain negative numbers', () => {
    expect(['plain', 'a,b', 'q"q', ' lead', 'x\ny', '=SUM(A1)', '+1', '-3', '-x', '@me', 3, -3, null, undefined].map((v) => csvField(v))).toEqual([
      'plain',
      '"a,b"',
      '"q""q"',
      '" lead"',
      '"x\ny"',
      "'=SUM(A1)",
      "'+1",
      '-3',
      "'-x",
      "'@me",
      '3',
      '-3',
      '',
      '',
    ]);
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['place', 'count'],
        [
          ['Chișinău', 5],
          ['a,b', null],
        ],
      ),
    ).toBe('place,count\r\nChișinău,5\r\n"a,b",\r\n');
  });
});
