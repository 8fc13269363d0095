/**
 * Intake over real HTTP: virtual users, each a browser with its own
 * keep-alive connection, open the report form once (cookie and CSRF token),
 * then post valid reports back to back until the run's quota is used.
 * Measures submissions per second, POST latency, refusals, and the CPU the
 * server (whole process and event-loop thread) and this client spent.
 */
import { encodeForm, extractCsrf, validReport } from '../test/helpers/forms.js';
import { BROWSER_HEADERS } from './first-view.bench.js';
import { browserAgent, CookieJar, send, textOf, type Target } from './http-client.js';
import type { BenchServer } from './server.js';

export interface IntakeRun {
  readonly concurrency: number;
  readonly submissions: number;
  readonly wallMs: number;
  /** Submissions per second (every response counted, refused or not). */
  readonly rate: number;
  /** Receipts issued per second: the figure compared with Argon2id. */
  readonly acceptedRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses outside 2xx, plus transport errors. */
  readonly non2xx: number;
  /** Status (or error code) -> count, for everything that was not a 2xx with a receipt. */
  readonly failures: Readonly<Record<string, number>>;
  /** 2xx responses without a receipt in them. */
  readonly noReceipt: number;
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
  readonly token: string;
}

async function openForm(target: Target): Promise<VirtualUser> {
  const agent = browserAgent();
  const jar = new CookieJar('parasol_form');
  const res = await send(target, { path: '/report', headers: BROWSER_HEADERS, agent });
  if (res.status !== 200) throw new Error(`GET /report answered ${res.status}`);
  jar.update(res);
  return { agent, jar, token: extractCsrf(textOf(res)) };
}

type Outcome = { ms: number; ok: boolean; key: string; receipt: boolean };

async function submit(target: Target, vu: VirtualUser, form: string): Promise<Outcome> {
  const started = performance.now();
  try {
    const cookie = vu.jar.header();
    const res = await send(target, {
      method: 'POST',
      path: '/report?lang=en',
      headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: form,
      agent: vu.agent,
    });
    vu.jar.update(res);
    const ok = res.status >= 200 && res.status < 300;
    const receipt = ok && /data-receipt="\d{16}"/.test(textOf(res));
    return { ms: res.ms, ok, key: String(res.status), receipt };
  } catch (err) {
    return { ms: performance.now() - started, ok: false, key: (err as { code?: string }).code ?? 'error', receipt: false };
  }
}

/** Posts `submissions` valid reports from `concurrency` virtual users. */
export async function runIntake(server: BenchServer, concurrency: number, submissions: number): Promise<IntakeRun> {
  const target = server.target;
  const users = await Promise.all(Array.from({ length: Math.min(concurrency, submissions) }, () => openForm(target)));
  try {
    const outcomes: Outcome[] = [];
    let issued = 0;
    const cpu0 = server.cpu();
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      users.map(async (vu) => {
        const form = encodeForm({ _csrf: vu.token, ...validReport({ area: 'ro-bucharest' }) });
        while (issued < submissions) {
          issued++;
          outcomes.push(await submit(target, vu, form));
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const client = process.cpuUsage(client0);
    const cpu1 = server.cpu();

    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const failures: Record<string, number> = {};
    let noReceipt = 0;
    for (const o of outcomes) {
      if (!o.ok) failures[o.key] = (failures[o.key] ?? 0) + 1;
      else if (!o.receipt) noReceipt++;
    }
    const accepted = outcomes.filter((o) => o.receipt).length;
    return {
      concurrency,
      submissions,
      wallMs,
      rate: (submissions * 1000) / wallMs,
      acceptedRate: (accepted * 1000) / wallMs,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
      non2xx: outcomes.filter((o) => !o.ok).length,
      failures,
      noReceipt,
      serverCpuMsEach: (cpu1.processMs - cpu0.processMs) / submissions,
      loopCpuMsEach: (cpu1.loopMs - cpu0.loopMs) / submissions,
      clientCpuMsEach: (client.user + client.system) / 1000 / submissions,
    };
  } finally {
    for (const vu of users) vu.agent.destroy();
  }
}
