/**
 * Test contexts: a real database of the chosen dialect, fresh secrets, fast
 * KDF parameters (never allowed in production configuration) and, where
 * asked, the demo organisations with their caseworker keys.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext, type Context, type ContextOptions } from '../../src/context.js';
import { createDemo, type DemoKey } from '../../src/demo/demo.service.js';
import type { Clock } from '../../src/core/shared/deps.js';
import { generateSecrets } from '../../src/infra/secrets.js';
import { freshDatabase, type DialectName, type TestDatabase } from './dialects.js';

export interface TestContext {
  readonly ctx: Context;
  readonly database: TestDatabase;
  readonly demoKeys: DemoKey[];
  close(): Promise<void>;
}

export async function testContext(dialect: DialectName, opts: { demo?: boolean; clock?: Clock; config?: Partial<Config>; kdfRun?: ContextOptions['kdfRun'] } = {}): Promise<TestContext> {
  const database = await freshDatabase(dialect);
  const config = loadConfig(
    {},
    {
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      sqliteFile: database.sqliteFile,
      insecureFastKdf: true,
      logLevel: 'warn',
      reporter: { host: '127.0.0.1', port: 0 },
      staff: { host: '127.0.0.1', port: 0 },
      redisUrl: undefined,
      ...opts.config,
    },
  );
  const ctx = await createContext(config, { secrets: generateSecrets(), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.kdfRun ? { kdfRun: opts.kdfRun } : {}) });
  const demoKeys = opts.demo === false ? [] : await createDemo(ctx.core);
  return {
    ctx,
    database,
    demoKeys,
    async close() {
      await ctx.close();
      await database.drop();
    },
  };
}

/** A writable stream that keeps every log line, for assertions on what reaches the logs. */
export function captureLog(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** A clock fixed at a given instant. */
export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

/** A clock the test moves by hand. */
export function handClock(iso: string): Clock & { advance(ms: number): void } {
  let at = Date.parse(iso);
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

/** How many reports the database holds. */
export async function countReports(t: TestContext): Promise<number> {
  const row = await t.ctx.core.db
    .selectFrom('reports')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
