/**
 * Intake over real HTTP against production Argon2id, as a ratio of the bare
 * Argon2id rate measured in the same run.
 *
 * Virtual users, each a browser with its own keep-alive connection, open the
 * report form once (cookie and CSRF token) and then post valid reports back
 * to back. Each concurrency level is split into rounds, and every round of
 * posts is bracketed by a short bare-Argon2id measurement with the server
 * idle (B I B I … I B): the machines are shared, and alternating cancels most
 * of the slow drift in what the other tenants take.
 */
import type { KdfParams } from '../src/crypto/index.js';
import { encodeForm, extractCsrf, validReport } from '../test/helpers/forms.js';
import { BROWSER_HEADERS } from './first-view.bench.js';
import { browserAgent, CookieJar, send, textOf, type Target } from './http-client.js';
import { measureArgon2, type Argon2Rate } from './kdf-baseline.bench.js';
import { argon2ThreadTime } from './proc.js';
import type { BenchServer } from './server.js';

export interface IntakeLevelOptions {
  readonly concurrency: number;
  /** Posts in the whole level, split evenly over the rounds. */
  readonly submissions: number;
  readonly rounds: number;
  /** Bare Argon2id derivations in each baseline block. */
  readonly baselineBlock: number;
  readonly kdf: KdfParams;
  /** Argon2id runs in flight for the baseline: the server's KDF concurrency bound. */
  readonly inFlight: number;
}

export interface IntakeLevel {
  readonly concurrency: number;
  readonly submissions: number;
  readonly rounds: number;
  /** Time spent posting (baseline blocks excluded), in ms. */
  readonly wallMs: number;
  /** Receipts issued per second of posting. */
  readonly acceptedRate: number;
  readonly baseline: {
    readonly derivations: number;
    /**
     * Derivations per second to compare with: each round's time weighted by the mean rate of the
     * blocks either side of it, so that a round is compared with the machine as it was around it.
     */
    readonly rate: number;
    readonly cpuMsEach: number;
    /** The slowest and fastest block, to show how noisy the machine was. */
    readonly minRate: number;
    readonly maxRate: number;
    /** Of the time the Argon2id threads were runnable, the share they spent on a CPU. */
    readonly cpuGranted: number;
  };
  /**
   * How much of the time the server's Argon2id threads (in the libuv pool) were running or waiting
   * for a CPU, per KDF slot: 1.0 means both slots were never left empty, whatever the machine's
   * other load did to their speed.
   */
  readonly kdfBusy: number;
  /** Of the time the server's Argon2id threads were runnable, the share they spent on a CPU. */
  readonly cpuGranted: number;
  /** acceptedRate ÷ baseline rate. */
  readonly ratio: number;
  /** The same ratio per round, against the mean of the blocks either side of it. */
  readonly roundRatios: readonly number[];
  /** Argon2id CPU per derivation ÷ server CPU per post: the share of the server's work that is Argon2id. */
  readonly cpuRatio: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses outside 2xx, plus transport errors. */
  readonly non2xx: number;
  /** Status (or error code) -> count, for everything that was not a 2xx. */
  readonly failures: Readonly<Record<string, number>>;
  /** 2xx responses without a receipt in them. */
  readonly noReceipt: number;
  /** Posts sent a second time because the server had closed the idle kept-alive connection first. */
  readonly resent: number;
  readonly serverCpuMsEach: number;
  readonly loopCpuMsEach: number;
  readonly clientCpuMsEach: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

interface VirtualUser {
  readonly agent: ReturnType<typeof browserAgent>;
  readonly jar: CookieJar;
  readonly form: string;
}

async function openForm(target: Target): Promise<VirtualUser> {
  const agent = browserAgent();
  const jar = new CookieJar('parasol_form');
  const res = await send(target, { path: '/report', headers: BROWSER_HEADERS, agent });
  if (res.status !== 200) throw new Error(`GET /report answered ${res.status}`);
  jar.update(res);
  const form = encodeForm({ _csrf: extractCsrf(textOf(res)), ...validReport({ area: 'ro-bucharest' }) });
  return { agent, jar, form };
}

interface Outcome {
  readonly ms: number;
  readonly ok: boolean;
  readonly key: string;
  readonly receipt: boolean;
  readonly resent: boolean;
}

async function submit(target: Target, vu: VirtualUser): Promise<Outcome> {
  const started = performance.now();
  let resent = false;
  try {
    const cookie = vu.jar.header();
    const res = await send(
      target,
      {
        method: 'POST',
        path: '/report?lang=en',
        headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: vu.form,
        agent: vu.agent,
      },
      () => (resent = true),
    );
    vu.jar.update(res);
    const ok = res.status >= 200 && res.status < 300;
    return { ms: res.ms, ok, key: String(res.status), receipt: ok && /data-receipt="\d{16}(\d{8})?"/.test(textOf(res)), resent };
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    return { ms: performance.now() - started, ok: false, key: e.code ?? e.cause?.code ?? 'error', receipt: false, resent };
  }
}

/** Posts `submissions` reports, spread over the users, each user one post at a time. */
async function postRound(target: Target, users: readonly VirtualUser[], submissions: number): Promise<{ outcomes: Outcome[]; wallMs: number }> {
  const outcomes: Outcome[] = [];
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    users.map(async (vu) => {
      while (issued < submissions) {
        issued++;
        outcomes.push(await submit(target, vu));
      }
    }),
  );
  return { outcomes, wallMs: performance.now() - t0 };
}

/** A few posts, not counted: JIT, database connections, first touch of Argon2id memory. */
export async function warmUp(server: BenchServer, posts = 2): Promise<void> {
  const users = await Promise.all(Array.from({ length: posts }, () => openForm(server.target)));
  try {
    await postRound(server.target, users, posts);
  } finally {
    for (const vu of users) vu.agent.destroy();
  }
}

/** Runs one concurrency level: B I B I … I B. */
export async function runIntakeLevel(server: BenchServer, opts: IntakeLevelOptions): Promise<IntakeLevel> {
  const users = await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.submissions) }, () => openForm(server.target)));
  try {
    const blocks: Argon2Rate[] = [await measureArgon2(opts.kdf, opts.inFlight, opts.baselineBlock)];
    const outcomes: Outcome[] = [];
    const roundRatios: number[] = [];
    let wallMs = 0;
    let serverCpuMs = 0;
    let loopCpuMs = 0;
    let clientCpuMs = 0;
    let expected = 0;
    let busyMs = 0;
    let runMs = 0;
    for (let round = 0; round < opts.rounds; round++) {
      // Spread the posts evenly; earlier rounds take the remainder.
      const posts = Math.floor(opts.submissions / opts.rounds) + (round < opts.submissions % opts.rounds ? 1 : 0);
      const cpu0 = server.cpu();
      const threads0 = server.workerThreads();
      const client0 = process.cpuUsage();
      const r = await postRound(server.target, users, posts);
      const client = process.cpuUsage(client0);
      const argon = argon2ThreadTime(threads0, server.workerThreads());
      const cpu1 = server.cpu();
      busyMs += argon.runMs + argon.waitMs;
      runMs += argon.runMs;
      serverCpuMs += cpu1.processMs - cpu0.processMs;
      loopCpuMs += cpu1.loopMs - cpu0.loopMs;
      clientCpuMs += (client.user + client.system) / 1000;
      wallMs += r.wallMs;
      outcomes.push(...r.outcomes);
      blocks.push(await measureArgon2(opts.kdf, opts.inFlight, opts.baselineBlock));
      const bracket = (blocks[round]!.rate + blocks[round + 1]!.rate) / 2;
      expected += (r.wallMs / 1000) * bracket;
      const accepted = r.outcomes.filter((o) => o.receipt).length;
      roundRatios.push((accepted * 1000) / r.wallMs / bracket);
    }

    const derivations = blocks.reduce((n, b) => n + b.derivations, 0);
    const baselineRate = expected / (wallMs / 1000);
    const baselineCpuEach = blocks.reduce((n, b) => n + b.cpuMsEach * b.derivations, 0) / derivations;
    const accepted = outcomes.filter((o) => o.receipt).length;
    const acceptedRate = (accepted * 1000) / wallMs;
    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const failures: Record<string, number> = {};
    for (const o of outcomes) if (!o.ok) failures[o.key] = (failures[o.key] ?? 0) + 1;
    const serverCpuMsEach = serverCpuMs / outcomes.length;
    return {
      concurrency: opts.concurrency,
      submissions: outcomes.length,
      rounds: opts.rounds,
      wallMs,
      acceptedRate,
      baseline: {
        derivations,
        rate: baselineRate,
        cpuMsEach: baselineCpuEach,
        minRate: Math.min(...blocks.map((b) => b.rate)),
        maxRate: Math.max(...blocks.map((b) => b.rate)),
        cpuGranted: blocks.reduce((n, b) => n + b.runMs, 0) / blocks.reduce((n, b) => n + b.busyMs, 0),
      },
      kdfBusy: busyMs / (wallMs * opts.inFlight),
      cpuGranted: runMs / busyMs,
      ratio: acceptedRate / baselineRate,
      roundRatios,
      cpuRatio: baselineCpuEach / serverCpuMsEach,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
      non2xx: outcomes.filter((o) => !o.ok).length,
      failures,
      noReceipt: outcomes.filter((o) => o.ok && !o.receipt).length,
      resent: outcomes.filter((o) => o.resent).length,
      serverCpuMsEach,
      loopCpuMsEach: loopCpuMs / outcomes.length,
      clientCpuMsEach: clientCpuMs / outcomes.length,
    };
  } finally {
    for (const vu of users) vu.agent.destroy();
  }
}
