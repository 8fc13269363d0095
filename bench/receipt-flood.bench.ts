/**
 * A flood of wrong receipts against new reports: how long a new report and a
 * genuine follow-up take while 32 clients post wrong receipts back to back,
 * against the same two measured on the idle server in the same run.
 *
 * A real server (production Argon2id, t=3, m=64 MiB, the default KDF
 * concurrency of 2 and queue of 256), SQLite. The wrong receipts have 16
 * digits: the old format, which the server has to derive either way (it still
 * opens reports issued before receipts grew), so the same flood runs against
 * the code before and after the change. The flow limits are lifted
 * (PARASOL_INTAKE_PER_MINUTE, PARASOL_FOLLOW_UP_PER_MINUTE) so that what is
 * measured is the Argon2id capacity, not the per-minute budget.
 *
 *   npx tsx bench/receipt-flood.bench.ts [--samples 5] [--flooders 32]
 */
import { encodeForm, extractCsrf, validReport } from '../test/helpers/forms.js';
import { cleanupAll, cleanupOnSignals } from './cleanup.js';
import { BROWSER_HEADERS } from './first-view.bench.js';
import { fixed, int, table } from './format.js';
import { browserAgent, CookieJar, send, textOf, type Target } from './http-client.js';
import { percentile } from './intake.bench.js';
import { startParasol } from './server.js';

interface Client {
  readonly agent: ReturnType<typeof browserAgent>;
  readonly jar: CookieJar;
  readonly csrf: string;
}

async function client(target: Target, path: string): Promise<Client> {
  const agent = browserAgent();
  const jar = new CookieJar('parasol_form');
  const res = await send(target, { path, headers: BROWSER_HEADERS, agent });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  jar.update(res);
  return { agent, jar, csrf: extractCsrf(textOf(res)) };
}

async function post(target: Target, c: Client, path: string, fields: Record<string, string | string[]>): Promise<{ status: number; ms: number; html: string }> {
  const cookie = c.jar.header();
  const res = await send(target, {
    method: 'POST',
    path,
    headers: { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: encodeForm({ _csrf: c.csrf, ...fields }),
    agent: c.agent,
  });
  c.jar.update(res);
  return { status: res.status, ms: res.ms, html: textOf(res) };
}

function wrongReceipt(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += String(Math.floor(Math.random() * 10));
  return s;
}

interface Sample {
  readonly ms: number;
  readonly status: number;
  readonly ok: boolean;
}

/** One new report, timed; ok when the page carries a receipt. */
async function newReport(target: Target, c: Client): Promise<Sample> {
  const r = await post(target, c, '/report?lang=en', validReport({ area: 'ro-bucharest' }));
  return { ms: r.ms, status: r.status, ok: r.status === 200 && /data-receipt="\d+"/.test(r.html) };
}

/** One genuine follow-up, timed; ok when the report opens. */
async function followUp(target: Target, c: Client, receipt: string): Promise<Sample> {
  const r = await post(target, c, '/follow-up?lang=en', { lang: 'en', receipt });
  return { ms: r.ms, status: r.status, ok: r.status === 200 && /name="access"/.test(r.html) };
}

async function measure(target: Target, samples: number, receipt: string): Promise<{ report: Sample[]; followUp: Sample[] }> {
  const reporter = await client(target, '/report');
  const returning = await client(target, '/follow-up');
  const report: Sample[] = [];
  const follow: Sample[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      report.push(await newReport(target, reporter));
      follow.push(await followUp(target, returning, receipt));
    }
  } finally {
    reporter.agent.destroy();
    returning.agent.destroy();
  }
  return { report, followUp: follow };
}

function row(label: string, s: readonly Sample[]): string[] {
  const ms = s.map((x) => x.ms).sort((a, b) => a - b);
  const statuses = [...new Set(s.map((x) => x.status))].join(' ');
  return [label, int(s.length), int(s.filter((x) => x.ok).length), fixed(percentile(ms, 50), 0), fixed(ms[ms.length - 1] ?? NaN, 0), statuses];
}

async function main(): Promise<void> {
  cleanupOnSignals();
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const samples = arg('--samples', 5);
  const flooders = arg('--flooders', 32);
  process.env.PARASOL_FOLLOW_UP_PER_MINUTE = '1000000';
  const server = await startParasol('sqlite', { intakePerMinute: 1_000_000 });
  const target = server.target;

  // A genuine reporter: one report, and its receipt.
  const first = await client(target, '/report');
  const sent = await post(target, first, '/report?lang=en', validReport({ area: 'ro-bucharest' }));
  first.agent.destroy();
  const receipt = /data-receipt="(\d+)"/.exec(sent.html)?.[1];
  if (!receipt) throw new Error(`no receipt after a report (status ${sent.status})`);

  const idle = await measure(target, samples, receipt);

  // The flood: each flooder posts wrong receipts back to back on its own connection until told to stop.
  let stop = false;
  const floodStatus: Record<string, number> = {};
  const floodMs: number[] = [];
  const clients = await Promise.all(Array.from({ length: flooders }, () => client(target, '/follow-up')));
  const flood = Promise.all(
    clients.map(async (c) => {
      while (!stop) {
        try {
          const r = await post(target, c, '/follow-up?lang=en', { lang: 'en', receipt: wrongReceipt() });
          floodStatus[r.status] = (floodStatus[r.status] ?? 0) + 1;
          floodMs.push(r.ms);
        } catch (err) {
          const key = (err as { code?: string }).code ?? 'error';
          floodStatus[key] = (floodStatus[key] ?? 0) + 1;
        }
      }
    }),
  );
  // Let the queue fill before measuring.
  await new Promise((r) => setTimeout(r, 2000));
  const flooded = await measure(target, samples, receipt);
  stop = true;
  await flood;
  for (const c of clients) c.agent.destroy();
  await server.stop();

  floodMs.sort((a, b) => a - b);
  process.stdout.write(`receipt flood: ${flooders} clients posting wrong 16-digit receipts; ${samples} samples each, one after another\n`);
  process.stdout.write(
    `server: SQLite, Argon2id t=${server.config.receiptKdf.opslimit} m=${server.config.receiptKdf.memlimit / 1048576} MiB, KDF concurrency ${server.config.kdfConcurrency}, queue ${server.config.kdfMaxQueue}\n\n`,
  );
  process.stdout.write(
    table(
      ['what', 'n', 'ok', 'p50 ms', 'max ms', 'statuses'],
      [row('new report, idle', idle.report), row('new report, flood', flooded.report), row('genuine follow-up, idle', idle.followUp), row('genuine follow-up, flood', flooded.followUp)],
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ) + '\n',
  );
  process.stdout.write(
    `\nflood requests: ${int(floodMs.length)} (${Object.entries(floodStatus)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}), p50 ${fixed(percentile(floodMs, 50), 0)} ms\n`,
  );
  const ratio = (a: readonly Sample[], b: readonly Sample[]) =>
    percentile(
      [...a].map((x) => x.ms).sort((x, y) => x - y),
      50,
    ) /
    percentile(
      [...b].map((x) => x.ms).sort((x, y) => x - y),
      50,
    );
  process.stdout.write(`flood ÷ idle (p50): new report ${fixed(ratio(flooded.report, idle.report), 1)}×, genuine follow-up ${fixed(ratio(flooded.followUp, idle.followUp), 1)}×\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
