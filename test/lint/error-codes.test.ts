/**
 * One registry of error codes (src/core/shared/error-codes.ts): every code
 * written anywhere under src, in a log line, a thrown error or a page, is in
 * it with its meaning, so an operator reading a log can look every code up.
 * A code typed as a bare string literal escapes the compiler; this scan does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/shared/error-codes.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
/** Parasol's codes and Fastify's; `FST_ERR_*` in prose (a family, not a code) is not one. */
const CODE = /\b(?:PSL|FST)_[A-Z0-9_]*[A-Z0-9]\b(?![_*])/g;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every code-looking literal in the source, with the files it is in. */
function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sources(SRC)) for (const m of fs.readFileSync(file, 'utf8').matchAll(CODE)) found.set(m[0], [...(found.get(m[0]) ?? []), path.relative(SRC, file)]);
  return found;
}

describe('the error-code registry', () => {
  it('holds every error code used under src', () => {
    const found = codesInSource();
    expect(found.size).toBeGreaterThan(40);
    const missing = [...found].filter(([code]) => !(code in ERROR_CODES)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('gives each code a meaning', () => {
    for (const [code, meaning] of Object.entries(ERROR_CODES)) expect(meaning.length, code).toBeGreaterThan(10);
  });

  it('finds a code that is not registered (the scan works)', () => {
    const probe = ['PSL_ERR_PROBE_NOT_REGISTERED', 'PSL_ERR_STORAGE_UNAVAILABLE', 'FST_ERR_* in prose'].join(' ');
    expect([...probe.matchAll(CODE)].map((m) => m[0])).toEqual(['PSL_ERR_PROBE_NOT_REGISTERED', 'PSL_ERR_STORAGE_UNAVAILABLE']);
  });
});
