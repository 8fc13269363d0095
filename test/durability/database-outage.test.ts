/**
 * A PostgreSQL that stops answering (a stuck server or a network partition:
 * connections held open, nothing forwarded) and one that refuses
 * connections, put between Parasol and its database by a TCP proxy. Every
 * request must get a page within 10 s, a report or message being sent must
 * come back with everything typed and a plain "nothing was saved", no page
 * may show driver text, /healthz and /readyz must say 503, and once the
 * database answers again the next 20 reports must all get receipts, with no
 * restart. Real PostgreSQL, real crypto, the real surfaces through inject,
 * the timeouts as configured by default.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContext, type Context } from '../../src/context.js';
import { createDemo } from '../../src/demo/demo.service.js';
import { generateSecrets } from '../../src/infra/secrets.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { captureLog } from '../helpers/context.js';
import { POSTGRES_ADMIN_URL, POSTGRES_AVAILABLE, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { accessFrom, cookieFrom, extractCsrf, openForm, postForm, receiptFrom, textOf, validReport, type FormSession } from '../helpers/forms.js';
import { INTERNAL_TEXT, freezingProxy, type FreezingProxy } from './freezing-proxy.js';

const PAGE_WITHIN_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

describe.skipIf(!POSTGRES_AVAILABLE)('a PostgreSQL that stops answering or refuses', () => {
  let database: TestDatabase;
  let proxy: FreezingProxy;
  let ctx: Context;
  let reporter: FastifyInstance;
  let staff: FastifyInstance;
  const log = captureLog();

  beforeAll(async () => {
    database = await freshDatabase('postgres');
    const real = new URL(database.databaseUrl!);
    proxy = await freezingProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(real);
    viaProxy.port = String(proxy.port);
    const config = loadConfig(
      {},
      {
        dataDir: database.dataDir,
        databaseUrl: viaProxy.toString(),
        insecureFastKdf: true,
        logLevel: 'warn',
        reporter: { host: '127.0.0.1', port: 0 },
        staff: { host: '127.0.0.1', port: 0 },
        redisUrl: undefined,
        intakePerMinute: 1_000_000,
        followUpPerMinute: 1_000_000,
      },
    );
    ctx = await createContext(config, { secrets: generateSecrets() });
    await createDemo(ctx.core);
    reporter = await buildReporterApp(ctx, { logStream: log.stream });
    staff = await buildStaffApp(ctx, { logStream: log.stream });
  }, 60_000);

  afterAll(async () => {
    await proxy?.forward();
    await reporter?.close();
    await staff?.close();
    await ctx?.close();
    await proxy?.close();
    await database?.drop();
  });

  async function submit(session: FormSession, description: string): Promise<LightMyRequestResponse> {
    return postForm(reporter, '/report', session, validReport({ description }));
  }

  /** A report already stored, opened with its receipt: the follow-up form a reporter would write in. */
  async function openThread(): Promise<{ session: FormSession; access: string }> {
    const form = await openForm(reporter, '/report');
    const sent = await submit(form, 'Before the outage: he took my phone.');
    expect(sent.statusCode).toBe(200);
    const receipt = receiptFrom(sent.body);
    const entry = await openForm(reporter, '/follow-up');
    const opened = await postForm(reporter, '/follow-up', entry, { receipt, lang: 'en' });
    expect(opened.statusCode).toBe(200);
    return { session: { cookie: cookieFrom(opened, entry.cookie), token: extractCsrf(opened.body) }, access: accessFrom(opened.body) };
  }

  async function outage(name: string, begin: () => Promise<void> | void, lastsMs: number): Promise<void> {
    const run = randomBytes(3).toString('hex');
    const thread = await openThread();
    const forms = await Promise.all(Array.from({ length: 6 }, () => openForm(reporter, '/report')));
    const markers = forms.map((_, i) => `OUTAGE-${name}-${run}-${i}`);
    const messageMarker = `OUTAGE-MESSAGE-${name}-${run}`;
    const started = performance.now();
    await begin();

    const [reports, message, health] = await Promise.all([
      Promise.all(forms.map((f, i) => timed(() => submit(f, `${markers[i]} he hit me and took the money`)))),
      timed(() => postForm(reporter, '/follow-up/message', thread.session, { access: thread.access, message: messageMarker, lang: 'en' })),
      Promise.all(
        (
          [
            [reporter, '/healthz'],
            [reporter, '/readyz'],
            [staff, '/healthz'],
            [staff, '/readyz'],
            [reporter, '/report'],
            [reporter, '/'],
          ] as const
        ).map(([app, url]) => timed(() => app.inject({ url })).then((r) => ({ ...r, url }))),
      ),
    ]);

    reports.forEach(({ value: res, ms }, i) => {
      expect(ms, `report ${i} answered within 10 s`).toBeLessThan(PAGE_WITHIN_MS);
      expect(res.statusCode).toBe(503);
      const text = textOf(res.body);
      expect(text).toContain(markers[i]);
      expect(text).toContain('Nothing was saved');
      // The rest of the form is kept too: the chosen place and categories.
      expect(res.body).toMatch(/<option[^>]*value="ro-bucharest"[^>]*selected|<option[^>]*selected[^>]*value="ro-bucharest"/);
      expect(res.body).toMatch(/value="robbery"[^>]*checked|checked[^>]*value="robbery"/);
      expect(res.body).not.toMatch(INTERNAL_TEXT);
    });
    expect(message.ms, 'the follow-up message answered within 10 s').toBeLessThan(PAGE_WITHIN_MS);
    expect(message.value.statusCode).toBe(503);
    expect(textOf(message.value.body)).toContain(messageMarker);
    expect(textOf(message.value.body)).toContain('Nothing was saved');
    expect(message.value.body).not.toMatch(INTERNAL_TEXT);
    for (const h of health) {
      expect(h.ms, `${h.url} answered within 10 s`).toBeLessThan(PAGE_WITHIN_MS);
      // The empty report form needs no database (the places are known from before): it may still be served.
      if (h.url === '/report') expect([200, 503], h.url).toContain(h.value.statusCode);
      else expect(h.value.statusCode, h.url).toBe(503);
      expect(h.value.body, h.url).not.toMatch(INTERNAL_TEXT);
      if (h.url.endsWith('z')) expect(h.value.json().status).toBe('unavailable');
    }

    // The outage goes on for its full length, then the database answers again.
    const left = lastsMs - (performance.now() - started);
    if (left > 0) await sleep(left);
    await proxy.forward();

    const after = await Promise.all(Array.from({ length: 20 }, () => openForm(reporter, '/report')));
    const receipts: string[] = [];
    for (const [i, f] of after.entries()) {
      const res = await submit(f, `After the outage ${name} ${run} ${i}: he followed me home.`);
      expect(res.statusCode, `report ${i} after the outage`).toBe(200);
      receipts.push(receiptFrom(res.body));
    }
    expect(new Set(receipts).size).toBe(20);
    expect((await reporter.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await staff.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', database: 'writable', vault: 'readable', space: 'enough' });
    // What people typed never reaches the log.
    for (const m of [...markers, messageMarker]) expect(log.text()).not.toContain(m);
  }

  /** Sets the database read-only (or writable again) for new sessions, and ends the pool's current ones. */
  async function readOnly(on: boolean): Promise<void> {
    const name = new URL(database.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`alter database ${name} set default_transaction_read_only = ${on ? 'on' : 'off'}`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    } finally {
      await admin.end();
    }
    await sleep(300);
  }

  it('/readyz answers 503 on both listeners while the database is read-only, and 200 once it takes writes again', async () => {
    await readOnly(true);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await reporter.inject({ url: '/readyz' });
        expect(r.statusCode).toBe(503);
        expect(r.json()).toEqual({ status: 'unavailable' });
        const s = await staff.inject({ url: '/readyz' });
        expect(s.statusCode).toBe(503);
        expect(s.json()).toMatchObject({ status: 'unavailable', database: 'unavailable', vault: 'readable' });
      }
      // Reads still work: /healthz says the database answers.
      expect((await reporter.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await readOnly(false);
    }
    let status = 0;
    for (let i = 0; i < 3 && status !== 200; i++) status = (await reporter.inject({ url: '/readyz' })).statusCode;
    expect(status).toBe(200);
  }, 30_000);

  it('stuck for 10 s (connections held open, nothing answered): pages within 10 s with all typed kept, then 20 receipts without a restart', async () => {
    await outage('frozen', () => proxy.freeze(), 10_000);
  }, 90_000);

  it('refusing connections: the same, and 20 receipts once it accepts again', async () => {
    await outage('refused', () => proxy.refuse(), 3_000);
  }, 60_000);
});
