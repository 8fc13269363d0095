/**
 * Parasol's benchmarks, one runner:
 *   (a) bytes on the wire for the first view of the report form,
 *   (b) intake over real HTTP with production Argon2id, as a ratio of the bare
 *       Argon2id rate measured in the same run,
 *   (c) resident memory of the server after the load,
 * on SQLite and on PostgreSQL. Figures are printed against targets; nothing
 * here passes or fails on timing (the machines are shared and noisy).
 *
 *   npx tsx bench/run.ts [--db sqlite|postgres|both] [--quick] [--compiled]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { KdfParams } from '../src/crypto/index.js';
import { cleanupAll, cleanupMark, cleanupOnSignals, cleanupTo, interrupted } from './cleanup.js';
import { largest, measureFirstViewPerLocale, printPerLocale, type LocaleFirstView } from './first-view-locales.bench.js';
import { measureFirstView, type FetchedResource, type FirstView } from './first-view.bench.js';
import { fixed, int, mb, pct, table, verdict } from './format.js';
import { runIntakeLevel, warmUp, type IntakeLevel } from './intake.bench.js';
import { measureArgon2 } from './kdf-baseline.bench.js';
import type { ProcMemory } from './proc.js';
import { ROOT, runtimeLabel, startParasol, useCompiledServer, type DialectName } from './server.js';

const FIRST_VIEW_TARGET = 14 * 1024;
const RATIO_TARGET = 0.9;
const RSS_TARGET = 150e6;

interface Plan {
  readonly levels: readonly number[];
  readonly submissions: readonly number[];
  readonly rounds: number;
  readonly baselineBlock: number;
}

const PLANS: Record<'full' | 'quick', Plan> = {
  full: { levels: [1, 4, 16], submissions: [40, 80, 160], rounds: 4, baselineBlock: 8 },
  quick: { levels: [1, 4, 16], submissions: [8, 16, 32], rounds: 2, baselineBlock: 4 },
};

const DIALECT_LABEL: Record<DialectName, string> = {
  sqlite: 'SQLite (better-sqlite3, WAL, synchronous=FULL)',
  postgres: 'PostgreSQL 15 on 127.0.0.1 (pg pool of 10)',
};

interface Section {
  readonly dialect: DialectName;
  readonly firstView: FirstView;
  /** The first view in every reporter language offered. */
  readonly perLocale: readonly LocaleFirstView[];
  readonly levels: readonly IntakeLevel[];
  readonly idle: ProcMemory;
  readonly afterLoad: ProcMemory;
  readonly steal: number;
  readonly load: readonly [number, number];
  readonly kdf: KdfParams;
  readonly kdfConcurrency: number;
}

/** The commit being measured, and whether src/ differs from it. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? `, with ${changed} uncommitted change(s) in src/` : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

/** Cumulative steal and total jiffies of all CPUs, from /proc/stat. */
function cpuTimes(): { steal: number; total: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return { steal: fields[7] ?? 0, total: fields.reduce((a, b) => a + b, 0) };
}

function resourceRow(r: FetchedResource): string[] {
  return [r.path, String(r.status), r.contentType, r.encoding, int(r.bodyBytes), int(r.decodedBytes), int(r.headerBytes), int(r.bodyBytes + r.headerBytes), int(r.socketBytes)];
}

function printSection(s: Section, plan: Plan): void {
  const fv = s.firstView;
  console.log(`\n=== ${DIALECT_LABEL[s.dialect]} ===`);

  console.log(`\n(a) First view of /report: empty cache, accept-encoding: gzip`);
  console.log(
    table(
      ['resource', 'status', 'type', 'encoding', 'body B', 'decoded B', 'headers B', 'body+headers B', 'socket B'],
      [...fv.resources.map(resourceRow), ['total', '', '', '', int(fv.bodyBytes), '', '', int(fv.withHeaders), int(fv.socketBytes)]],
      ['l', 'r', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  console.log(`  first view, body only:     ${int(fv.bodyBytes)} B`);
  console.log(`  first view, with headers:  ${int(fv.withHeaders)} B   target ≤ ${int(FIRST_VIEW_TARGET)} B (14 KB): ${verdict(fv.withHeaders <= FIRST_VIEW_TARGET)}`);
  const ns = fv.noScript;
  const mark = (b: boolean) => (b ? 'yes' : 'NO');
  console.log(`  works without script:      form method=post ${mark(ns.formPosts)}, submit button ${mark(ns.hasSubmit)}, CSRF token in the HTML ${mark(ns.csrfInPage)}: ${ns.ok ? 'yes' : 'NO'}`);
  if (fv.foreign.length) console.log(`  other origins referenced:  ${fv.foreign.join(', ')}`);
  printPerLocale(s.perLocale);
  const fav = fv.favicon;
  console.log(
    `  not counted: /favicon.ico, which browsers request unasked: ${fav.status} ${fav.contentType}, ${int(fav.bodyBytes + fav.headerBytes)} B with headers (total with it ${int(fv.withHeaders + fav.bodyBytes + fav.headerBytes)} B)`,
  );

  console.log(`\n(b) Intake: POST /report over HTTP; Argon2id t=${s.kdf.opslimit}, m=${s.kdf.memlimit / 2 ** 20} MiB, KDF concurrency ${s.kdfConcurrency}`);
  console.log(
    table(
      ['conc', 'posts', 'post s', 'receipts/s', 'Argon2id/s', 'ratio', 'rounds', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
      s.levels.map((r) => [
        String(r.concurrency),
        String(r.submissions),
        fixed(r.wallMs / 1000, 1),
        fixed(r.acceptedRate, 2),
        fixed(r.baseline.rate, 2),
        fixed(r.ratio, 2),
        `${fixed(Math.min(...r.roundRatios), 2)}–${fixed(Math.max(...r.roundRatios), 2)}`,
        int(r.p50Ms),
        int(r.p99Ms),
        int(r.maxMs),
        String(r.non2xx),
      ]),
      Array<'r'>(11).fill('r'),
    ),
  );
  console.log('  Where the time went:');
  console.log(
    table(
      ['conc', 'KDF slots busy', 'CPU granted: server', 'CPU granted: baseline', 'CPU ratio', 'server CPU ms/post', 'event loop ms/post', 'Argon2id CPU ms', 'client CPU ms/post'],
      s.levels.map((r) => [
        String(r.concurrency),
        pct(r.kdfBusy),
        pct(r.cpuGranted),
        pct(r.baseline.cpuGranted),
        fixed(r.cpuRatio, 2),
        fixed(r.serverCpuMsEach, 0),
        fixed(r.loopCpuMsEach, 1),
        fixed(r.baseline.cpuMsEach, 0),
        fixed(r.clientCpuMsEach, 1),
      ]),
      Array<'r'>(9).fill('r'),
    ),
  );
  for (const r of s.levels) {
    const parts = Object.entries(r.failures).map(([k, n]) => `${k}×${n}`);
    if (parts.length || r.noReceipt) console.log(`  c=${r.concurrency}: refused or failed ${parts.join(', ') || '0'}; 2xx without a receipt ${r.noReceipt}`);
    if (r.resent) console.log(`  c=${r.concurrency}: ${r.resent} post(s) resent on a new connection: the server had closed the idle kept-alive one (browsers resend these too)`);
  }
  console.log(
    table(
      ['conc', 'Argon2id derivations', 'slowest block /s', 'fastest block /s'],
      s.levels.map((r) => [String(r.concurrency), String(r.baseline.derivations), fixed(r.baseline.minRate, 2), fixed(r.baseline.maxRate, 2)]),
      Array<'r'>(4).fill('r'),
    ),
  );
  console.log(`  Argon2id/s: bare Argon2id in the bench process with the server idle, ${s.kdfConcurrency} in flight, in blocks of ${plan.baselineBlock}`);
  console.log(`    before, between and after ${plan.rounds} rounds of posts (B I B I … I B); each round is compared with the mean of the blocks either side
    of it (Argon2id/s is that, weighted by the rounds' durations); ratio = receipts/s ÷ Argon2id/s; target ≥ ${RATIO_TARGET} at c ≥ 4.`);
  console.log(`  rounds: the lowest and highest ratio of a single round (the machine's noise).`);
  console.log(`  KDF slots busy: time the server's Argon2id threads (libuv pool) were running or waiting for a CPU, per KDF slot`);
  console.log(`    (/proc/<pid>/task/*/schedstat): 100 % means the server never left a slot empty, however slow the machine was.`);
  console.log(`  CPU granted: of the time those threads were runnable, the share they were on a CPU; the other tenants of the machine take the rest.`);
  console.log(`    Roughly, ratio ≈ KDF slots busy × (CPU granted: server ÷ CPU granted: baseline) × CPU ratio.`);
  console.log(`  CPU ratio: Argon2id CPU ms per derivation (baseline) ÷ server CPU ms per post, the share of the server's work that is Argon2id.`);
  console.log(`  Latency: per POST, from sending it to the last byte of the receipt page, including the wait in the KDF queue.`);

  console.log(`\n(c) Server memory (/proc/<pid>/status)`);
  console.log(`  VmRSS idle, before any request: ${mb(s.idle.rss)}`);
  console.log(`  VmRSS after the load:           ${mb(s.afterLoad.rss)}   target ≤ ${mb(RSS_TARGET)}: ${verdict(s.afterLoad.rss <= RSS_TARGET)}`);
  console.log(`  VmHWM, the peak:                ${mb(s.afterLoad.peak)}`);
  console.log(`\n  Machine during this section: 1-min load average ${fixed(s.load[0], 2)} at start, ${fixed(s.load[1], 2)} at end (2 cores); CPU steal ${fixed(s.steal * 100, 1)} %`);
}

async function benchDialect(dialect: DialectName, plan: Plan): Promise<Section> {
  const mark = cleanupMark();
  const cpu0 = cpuTimes();
  const load0 = os.loadavg()[0] ?? NaN;
  const note = (what: string) => process.stderr.write(`[${dialect}] ${what}\n`);
  try {
    note('init, demo, serve…');
    const server = await startParasol(dialect, { intakePerMinute: 100_000 });
    try {
      const { receiptKdf, kdfConcurrency } = server.config;
      const idle = server.memory();
      note('first view…');
      const firstView = await measureFirstView(server.target);
      const perLocale = await measureFirstViewPerLocale(server.target);

      note('warm-up…');
      await measureArgon2(receiptKdf, kdfConcurrency, kdfConcurrency);
      await warmUp(server);

      const levels: IntakeLevel[] = [];
      for (const [i, concurrency] of plan.levels.entries()) {
        const submissions = plan.submissions[i]!;
        note(`intake c=${concurrency}, ${submissions} posts in ${plan.rounds} rounds between Argon2id baseline blocks…`);
        levels.push(await runIntakeLevel(server, { concurrency, submissions, rounds: plan.rounds, baselineBlock: plan.baselineBlock, kdf: receiptKdf, inFlight: kdfConcurrency }));
      }
      // The last thing a level does is a baseline block in this process; the server has been idle for it.
      const afterLoad = server.memory();
      await server.stop();
      const cpu1 = cpuTimes();
      const steal = (cpu1.steal - cpu0.steal) / Math.max(1, cpu1.total - cpu0.total);
      return { dialect, firstView, perLocale, levels, idle, afterLoad, steal, load: [load0, os.loadavg()[0] ?? NaN], kdf: receiptKdf, kdfConcurrency };
    } catch (err) {
      if (!interrupted()) process.stderr.write(`[${dialect}] server log:\n${fs.existsSync(server.logFile) ? fs.readFileSync(server.logFile, 'utf8') : '(none)'}\n`);
      throw err;
    }
  } finally {
    // This section's server, database and data folder; a compiled build stays for the next section.
    await cleanupTo(mark);
  }
}

function summary(sections: readonly Section[]): void {
  console.log('\n=== Targets ===');
  const rows: string[][] = [];
  for (const s of sections) {
    const name = s.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const fvOk = s.firstView.withHeaders <= FIRST_VIEW_TARGET && s.firstView.noScript.ok;
    rows.push([name, 'first view ≤ 14 KB, works without script', `${int(s.firstView.withHeaders)} B; no-JS form ${s.firstView.noScript.ok ? 'yes' : 'NO'}`, verdict(fvOk)]);
    const big = largest(s.perLocale);
    rows.push([name, `first view ≤ 14 KB in every language (${s.perLocale.length})`, `largest ${big.locale}: ${int(big.view.withHeaders)} B`, verdict(big.view.withHeaders <= FIRST_VIEW_TARGET)]);
    const top = s.levels[s.levels.length - 1]!;
    rows.push([name, `0 non-2xx at c=${top.concurrency}`, String(top.non2xx), verdict(top.non2xx === 0)]);
    for (const r of s.levels.filter((x) => x.concurrency >= 4)) {
      rows.push([name, `intake ≥ ${RATIO_TARGET} × bare Argon2id at c=${r.concurrency}`, `${fixed(r.ratio, 2)} (CPU ratio ${fixed(r.cpuRatio, 2)})`, verdict(r.ratio >= RATIO_TARGET)]);
    }
    rows.push([name, `server RSS after the load ≤ ${mb(RSS_TARGET)}`, mb(s.afterLoad.rss), verdict(s.afterLoad.rss <= RSS_TARGET)]);
  }
  console.log(table(['database', 'target', 'measured', 'verdict'], rows));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      quick: { type: 'boolean', default: false },
      compiled: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npx tsx bench/run.ts [--db sqlite|postgres|both] [--quick] [--compiled]');
    console.log('  --quick     fewer posts and derivations: a smoke test, too short for figures');
    console.log('  --compiled  run the server from JavaScript compiled by tsc (as in production), not through the tsx loader');
    return 0;
  }
  const dialects: DialectName[] = values.db === 'both' ? ['sqlite', 'postgres'] : values.db === 'sqlite' || values.db === 'postgres' ? [values.db] : [];
  if (dialects.length === 0) {
    console.error(`--db must be sqlite, postgres or both (got "${values.db}")`);
    return 2;
  }
  const plan = values.quick ? PLANS.quick : PLANS.full;
  cleanupOnSignals();
  if (values.compiled) {
    process.stderr.write('compiling src/ with tsc into a temporary folder…\n');
    await useCompiledServer();
  }

  const cpus = os.cpus();
  console.log(`Command: npx tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
  console.log(`Parasol benchmarks: ${values.quick ? 'quick' : 'full'} run, ${dialects.join(' + ')}, ${new Date().toISOString()}`);
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${fixed(os.totalmem() / 2 ** 30, 0)} GiB RAM, Linux ${os.release()}, Node ${process.version}`);
  console.log(`Code: ${codeVersion()}`);
  console.log(`Server: ${runtimeLabel()}, its own process (this process is the client); production KDF; PARASOL_INTAKE_PER_MINUTE=100000`);
  console.log(`Intake: concurrency ${plan.levels.join('/')} with ${plan.submissions.join('/')} posts; each virtual user opens the form once (cookie + CSRF token), then posts back to back`);

  const sections: Section[] = [];
  for (const dialect of dialects) {
    const section = await benchDialect(dialect, plan);
    sections.push(section);
    printSection(section, plan);
  }
  summary(sections);
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (!interrupted()) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
} finally {
  await cleanupAll();
}
