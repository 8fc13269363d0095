/**
 * The reporter listener's floors: its routes, views, plugins and page
 * builder reach crypto and storage only through core (a seized or buggy
 * surface file cannot build a query or touch a key by itself), and it
 * never imports the staff surface.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const web = path.join(root, 'src/web');

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

const reporterSide = [
  ...filesOf(path.join(web, 'reporter')),
  ...filesOf(path.join(web, 'html')),
  ...filesOf(path.join(web, 'plugins')),
  ...['app.ts', 'server.ts', 'static-dir.ts'].map((f) => path.join(web, f)),
].filter((f) => !f.endsWith('.test.ts'));

/** Every module a file imports (types included), as a path under src or a package name. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    return spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)) : spec;
  });
}

describe('the reporter listener', () => {
  it('has its files where the house says (one folder per capability)', () => {
    expect(reporterSide.length).toBeGreaterThan(30);
    for (const dir of ['report', 'follow-up', 'services', 'rights', 'safety', 'statistics']) expect(fs.existsSync(path.join(web, 'reporter', dir)), dir).toBe(true);
    expect(fs.existsSync(path.join(web, 'members'))).toBe(false);
    expect(fs.existsSync(path.join(web, 'public'))).toBe(false);
  });

  it('imports neither crypto, nor the database layer, nor kysely, nor the staff surface', () => {
    const offending = reporterSide.flatMap((file) =>
      importsOf(file)
        .filter(
          (target) =>
            /^src\/(crypto|db)\//.test(target) ||
            /^kysely(\/|$)/.test(target) ||
            target.startsWith('sodium-native') ||
            (file.startsWith(path.join(web, 'reporter')) && target.startsWith('src/web/staff/')),
        )
        .map((target) => `${path.relative(root, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
