/**
 * Parasol runs on Node 24 LTS. Started by an older Node (the machines here still
 * ship Node 20), the command says so in one line and exits 1, before any native
 * addon is loaded (a better-sqlite3 built for Node 24 would otherwise fail with a
 * stack trace).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The first `node` on the system paths whose major version is below 24, if any. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node', '/bin/node']) {
    if (!fs.existsSync(candidate)) continue;
    try {
      const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
      if (major < 24) return candidate;
    } catch {
      // not a working node
    }
  }
  return undefined;
}

describe('the supported runtime', () => {
  it('runs the tests on Node 24 or later', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('package.json asks for Node 24', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=24.11');
  });

  const old = olderNode();
  it.skipIf(!old)('an older Node gets one line and exit 1 from the parasol command', () => {
    // The guard is plain TypeScript with no imports: strip its types the way Node 24 would not have to.
    const source = fs.readFileSync(path.join(ROOT, 'src/cli/require-node.ts'), 'utf8').replace(/^export \{\};$/m, '');
    const result = spawnSync(old!, ['--input-type=module', '-e', source], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Parasol needs Node\.js 24\.11 or later \(Node 24 LTS\); this is Node\.js 20\./);
    expect(result.stderr).not.toMatch(/at .*\(|Error/);
  });

  it('the guard is the first import of the command', () => {
    const main = fs.readFileSync(path.join(ROOT, 'src/cli/main.ts'), 'utf8');
    const firstImport = main.split('\n').find((line) => line.startsWith('import '));
    expect(firstImport).toBe("import './require-node.js';");
  });
});
