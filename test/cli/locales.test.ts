/** `parasol locales`: the registry for translators and coordinators, without configuration or database. */
import { describe, expect, it } from 'vitest';
import { cli } from './support.js';

describe('parasol locales', () => {
  it('lists every registered language with its name in itself, its status per surface and what it lacks', async () => {
    const r = await cli(['locales']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 27);
    expect(lines[0]).toMatch(/^code\s+name\s+dir\s+reporter\s+staff/);
    expect(r.stdout).toMatch(/^th\s+ไทย\s+ltr\s+reviewed\s+needs review/m);
    expect(r.stdout).toMatch(/^fa\s+فارسی\s+rtl\s+needs review/m);
    expect(r.stdout).toMatch(/^sr\s+Српски/m);
  });
});
