/**
 * The floors' rules are checked by tools (`npm run lint`), and these tests
 * show the tools catch what the rules forbid: a page module that imports
 * crypto, one that builds queries with kysely, and two modules importing each
 * other. Each test writes its bad files into src for the tools to see, and
 * removes them afterwards, also when the test fails.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');
const TAG = `boundary-probe-${process.pid}`;

/** Runs a tool; returns its exit code and output instead of throwing on findings. */
async function tool(name: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(path.join(BIN, name), args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Writes files (paths relative to the root), runs the body, and always removes them. */
async function withFiles(files: Record<string, string>, body: (paths: string[]) => Promise<void>): Promise<void> {
  const paths = Object.keys(files);
  try {
    for (const [p, text] of Object.entries(files)) fs.writeFileSync(path.join(ROOT, p), text);
    await body(paths);
  } finally {
    for (const p of paths) fs.rmSync(path.join(ROOT, p), { force: true });
  }
}

const cruise = (paths: string[]) => tool('depcruise', [...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);

describe('the floors are enforced by the linters', () => {
  it('a web module importing crypto or kysely fails ESLint and dependency-cruiser', async () => {
    const crypto = `src/web/${TAG}-crypto.ts`;
    const kysely = `src/web/${TAG}-kysely.ts`;
    await withFiles(
      {
        [crypto]: "import { randomId } from '../crypto/index.js';\n\nexport const probe = randomId();\n",
        [kysely]: "import { sql } from 'kysely';\n\nexport const probe = sql`select 1`;\n",
      },
      async (paths) => {
        const eslint = await tool('eslint', ['--no-warn-ignored', ...paths]);
        expect(eslint.code, eslint.out).not.toBe(0);
        expect(eslint.out).toContain('src/web reaches crypto only through core');
        expect(eslint.out).toContain('src/web never builds queries');
        const dc = await cruise(paths);
        expect(dc.code, dc.out).not.toBe(0);
        expect(dc.out).toMatch(new RegExp(`web-not-crypto-db-kysely: src/web/${TAG}-crypto\\.ts → src/crypto/index\\.ts`));
        expect(dc.out).toMatch(new RegExp(`web-not-crypto-db-kysely: src/web/${TAG}-kysely\\.ts → \\S*node_modules/kysely/`));
      },
    );
    expect(fs.existsSync(path.join(ROOT, crypto))).toBe(false);
  });

  it('two core modules importing each other fail dependency-cruiser as a circle', async () => {
    const a = `src/core/${TAG}-a.ts`;
    const b = `src/core/${TAG}-b.ts`;
    await withFiles(
      {
        [a]: `import { b } from './${TAG}-b.js';\n\nexport const a = (): number => b() + 1;\n`,
        [b]: `import { a } from './${TAG}-a.js';\n\nexport const b = (): number => (a.length ? 1 : 0);\n`,
      },
      async (paths) => {
        const dc = await cruise(paths);
        expect(dc.code, dc.out).not.toBe(0);
        expect(dc.out).toContain('no-circular');
        expect(dc.out).toContain(`${TAG}-a.ts`);
      },
    );
    expect(fs.existsSync(path.join(ROOT, a))).toBe(false);
  });

  it('core importing the composition root, or infra importing core, is refused', async () => {
    const core = `src/core/${TAG}-root.ts`;
    const infra = `src/infra/${TAG}-up.ts`;
    await withFiles(
      {
        [core]: "import type { Context } from '../context.js';\n\nexport type Probe = Context;\n",
        [infra]: "import type { CoreDeps } from '../core/shared/deps.js';\n\nexport type Probe = CoreDeps;\n",
      },
      async (paths) => {
        const dc = await cruise(paths);
        expect(dc.code, dc.out).not.toBe(0);
        expect(dc.out).toMatch(/core-not-up: src\/core\/boundary-probe-\d+-root\.ts → src\/context\.ts/);
        expect(dc.out).toMatch(/lower-floors-not-up: src\/infra\/boundary-probe-\d+-up\.ts → src\/core\/shared\/deps\.ts/);
      },
    );
  });
});
