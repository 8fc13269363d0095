/**
 * Forms that cost the server seconds (issue 13, item 3): while 12 hostile
 * form bodies arrive at once (half about 12 MB, half 12 KB of gzip inflating to
 * about 12 MB) on the reporter surface, how long do the staff
 * login page and a genuine report take, against the same requests with the
 * server idle in the same run? Also how the flood was answered (statuses).
 * Real server process (`parasol serve`, production Argon2id, SQLite).
 * Prints figures and ratios; never part of a pass/fail test.
 *
 *   npx tsx bench/body-flood.bench.ts [--rounds N]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { encodeForm, extractCsrf, validReport } from '../test/helpers/forms.js';
import { cleanupAll, cleanupOnSignals } from './cleanup.js';
import { fixed, int, table } from './format.js';
import { browserAgent, CookieJar, send, textOf, type Target } from './http-client.js';
import { startParasol } from './server.js';

const ATTACKERS = 12;
/** Just under the 12 MB the reporter forms used to accept, so that the old code parses (or inflates) every one. */
const BIG = 12 * 1024 * 1024 - 64 * 1024;

interface Sample {
  readonly loginMs: number;
  readonly reportMs: number;
  readonly reportOk: boolean;
}

/** One genuine visitor: opens the report form, then sends a valid report; and one staff login page. */
async function measure(reporter: Target, staff: Target): Promise<Sample> {
  const agent = browserAgent();
  try {
    const login = await send(staff, { path: '/login', agent: browserAgent() });
    const jar = new CookieJar('parasol_form');
    const form = await send(reporter, { path: '/report', agent });
    jar.update(form);
    const token = extractCsrf(textOf(form));
    const cookie = jar.header();
    const res = await send(reporter, {
      method: 'POST',
      path: '/report',
      agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: encodeForm({ _csrf: token, ...validReport() }),
    });
    return { loginMs: login.ms, reportMs: res.ms, reportOk: res.status === 200 && textOf(res).includes('data-receipt') };
  } finally {
    agent.destroy();
  }
}

/** Sends one hostile body on a fresh connection; resolves with the status (or the socket error). */
function hostile(target: Target, body: Buffer, compressed: boolean): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request({
      host: target.host,
      port: target.port,
      method: 'POST',
      path: '/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, ...(compressed ? { 'content-encoding': 'gzip' } : {}) },
    });
    req.on('error', (err: Error & { code?: string }) => resolve(err.code ?? 'error'));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    });
    req.end(body);
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '8' } } });
  const rounds = Number(values.rounds);
  cleanupOnSignals();
  const server = await startParasol('sqlite', { intakePerMinute: 1_000_000 });
  const reporter = server.target;
  const staff: Target = { host: '127.0.0.1', port: server.config.staff.port };

  const oversized = Buffer.from(encodeForm(validReport({ description: 'a'.repeat(BIG) })));
  const compressed = gzipSync(oversized, { level: 9 });
  console.log(`hostile bodies: ${int(oversized.length)} bytes plain, ${int(compressed.length)} bytes gzip (inflating to ${int(oversized.length)})`);

  await measure(reporter, staff); // warm-up
  const idle: Sample[] = [];
  for (let i = 0; i < rounds; i++) idle.push(await measure(reporter, staff));

  // Each round: 12 hostile bodies sent at once (half 12 MB, half gzip), and the genuine visitor at the same moment.
  const statuses = new Map<string, number>();
  const flooded: Sample[] = [];
  const cpuBefore = server.cpu().processMs;
  for (let i = 0; i < rounds; i++) {
    const attackers = Array.from({ length: ATTACKERS }, async (_, k) => {
      const status = await hostile(reporter, k % 2 ? compressed : oversized, k % 2 === 1);
      const key = `${k % 2 ? 'gzip' : '12 MB'} -> ${status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    });
    flooded.push(await measure(reporter, staff));
    await Promise.all(attackers);
  }
  const floodCpuMs = server.cpu().processMs - cpuBefore;
  await server.stop();

  const row = (label: string, pick: (s: Sample) => number) => {
    const a = median(idle.map(pick));
    const b = median(flooded.map(pick));
    const worst = Math.max(...flooded.map(pick));
    return [label, fixed(a, 0), fixed(b, 0), fixed(worst, 0), fixed(b / a, 2)];
  };
  console.log(`\n${ATTACKERS} hostile bodies at once per round, ${rounds} rounds; ${rounds} measurements each way (medians, ms)\n`);
  console.log(
    table(['request', 'idle', 'under flood', 'worst under flood', 'ratio'], [row('staff GET /login', (s) => s.loginMs), row('genuine POST /report', (s) => s.reportMs)], ['l', 'r', 'r', 'r', 'r']),
  );
  console.log(`\ngenuine reports accepted: ${idle.filter((s) => s.reportOk).length}/${rounds} idle, ${flooded.filter((s) => s.reportOk).length}/${rounds} under flood`);
  console.log(`server CPU during the flood rounds: ${int(floodCpuMs)} ms (${fixed(floodCpuMs / rounds, 0)} ms a round, the genuine report's Argon2id included)`);
  console.log('\nhow the flood was answered:');
  console.log(
    table(
      ['body -> status', 'count'],
      [...statuses].map(([k, v]) => [k, int(v)]),
      ['l', 'r'],
    ),
  );
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
