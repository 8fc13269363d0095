/**
 * The `parasol` command line behaves like one: --help and --version, each
 * command's --help with its own options only, and wrong usage (an unknown
 * command, option or subcommand, a missing or extra argument) refused with
 * exit 2 and a usage line, before any configuration or database is touched.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, hasStackTrace, ROOT } from './support.js';

const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('parasol command line', () => {
  it('parasol --help lists every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: parasol COMMAND/);
    for (const c of ['init', 'serve', 'migrate', 'doctor', 'backup create', 'backup restore FILE', 'audit verify', 'retention run', 'rights import']) expect(r.stdout).toContain(`  ${c}`);
  });

  it('parasol --version prints the version from package.json', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`parasol ${version}`);
  });

  it('parasol backup create --help shows its options only', async () => {
    const r = await cli(['backup', 'create', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: parasol backup create [--out FILE] [--with-secrets]');
    expect(r.stdout).toContain('--out FILE');
    expect(r.stdout).not.toContain('--organisation');
    expect(r.stdout).not.toMatch(/^ {2}--secrets/m);
  });

  it('parasol backup --help lists the backup subcommands', async () => {
    const r = await cli(['backup', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('backup verify FILE');
    expect(r.stdout).not.toContain('init');
  });

  it('parasol migrate extra exits 2 and names the extra argument', async () => {
    // A data folder that must not be made: wrong usage touches nothing.
    const dataDir = path.join(os.tmpdir(), `parasol-not-made-${process.pid}-${Date.now()}`);
    try {
      const r = await cli(['migrate', 'extra'], { PARASOL_DATA_DIR: dataDir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('unexpected argument: extra');
      expect(r.stderr).toContain('Usage: parasol migrate');
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    [['serve', '--organisation', 'X'], "Unknown option '--organisation'"],
    [['init', '--bogus'], "Unknown option '--bogus'"],
    [['backup'], 'needs a subcommand'],
    [['backup', 'frobnicate'], 'Unknown subcommand "backup frobnicate"'],
    [['backup', 'verify'], 'missing FILE'],
    [['backup', 'verify', 'a', 'b'], 'unexpected argument: b'],
    [['rights', 'import', 'a.csv', 'b.csv'], 'unexpected argument: b.csv'],
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [[], 'Usage: parasol COMMAND'],
  ])('parasol %j is refused with exit 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
