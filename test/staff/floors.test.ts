/**
 * The staff surface's accounts, cases and consent pages, its session and its
 * page builder are a thin upper floor (issue 16): they never reach the key
 * material or the database themselves, only through core. So whoever changes
 * a route cannot slip a query that skips the audit log, or handle a secret
 * key outside the one module that splits it. Read from the source as a
 * reviewer would: every import each file makes, and every query, transaction
 * or audit append it writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const staffDir = path.join(root, 'src/web/staff');

/** The files of this part of the staff surface, wherever in web/staff they live. */
const NAMES = new Set([
  'admin.routes.tsx',
  'auth.routes.tsx',
  'staff-session.ts',
  'cases.routes.tsx',
  'cases.view.tsx',
  'consent.routes.tsx',
  'render.ts',
  'page.ts',
  'nav.ts',
  'layout.view.tsx',
  'staff.routes.tsx',
]);

function staffFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return staffFiles(full);
    return NAMES.has(e.name) ? [full] : [];
  });
}

const files = staffFiles(staffDir);

describe('the staff accounts, cases and consent floor', () => {
  it('finds every file it checks', () => {
    expect(new Set(files.map((f) => path.basename(f)))).toEqual(NAMES);
  });

  it('imports neither crypto, nor the database, nor kysely (types included)', () => {
    const offending: string[] = [];
    for (const file of files) {
      const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of info.importedFiles) {
        const target = fileName.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), fileName)) : fileName;
        if (/^src\/(crypto|db)(\/|$)/.test(target) || /^kysely(\/|$)/.test(target) || /sodium/.test(target)) offending.push(`${path.relative(root, file)} -> ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('runs no query, transaction or audit append of its own', () => {
    const offending: string[] = [];
    for (const file of files) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/\b(selectFrom|insertInto|updateTable|deleteFrom|appendAudit)\(|\.transaction\(\)/.test(line)) offending.push(`${path.relative(root, file)}:${i + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
