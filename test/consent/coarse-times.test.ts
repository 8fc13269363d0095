/**
 * Times of reporter and member acts, and names typed at login (issue 12
 * items 4 and 5), on SQLite and PostgreSQL. After a reporter changes
 * consent, deletes their report, and people type names (some of them a
 * password or a real name) into login boxes, nothing stored holds a time of
 * those acts finer than the day, or a typed name in clear: checked in the
 * rows, in the raw SQLite file and WAL bytes, in the PostgreSQL tables, in
 * the vault file and in the captured log lines.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContext, type Context } from '../../src/context.js';
import { login } from '../../src/core/accounts/accounts.service.js';
import { changeConsent } from '../../src/core/consent/consent.service.js';
import { createDemo } from '../../src/demo/demo.service.js';
import { memberLogin } from '../../src/core/safety/members.service.js';
import { submitReport } from '../../src/core/reports/reports.service.js';
import { deleteOwnReport, runRetention } from '../../src/core/retention/retention.service.js';
import { generateSecrets } from '../../src/infra/secrets.js';
import { buildReporterApp, buildStaffApp } from '../../src/web/app.js';
import { captureLog } from '../helpers/context.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { encodeForm } from '../helpers/forms.js';
import { SteppingClock } from '../helpers/staff.js';

/** Set-up happens at 09:00; the acts under test happen in the afternoon, so any "T13:" or "T14:" is theirs. */
const SETUP = Date.parse('2026-05-04T09:00:00.000Z');
const ACTS = Date.parse('2026-05-04T13:47:12.345Z');
const FINE = /2026-05-0[4-9][T ]1[34]:\d\d/;
/** What people typed into username boxes: a real name, a password, a mixed-case name. */
const TYPED = ['Maria Ionescu Real Name', 'hunter2-Password-Typed', 'Mixed.CASE.member'];

function reportInput(police: 'none' | 'anonymous' = 'none') {
  return {
    countryCode: 'RO',
    areaId: 'ro-bucharest',
    organisationId: null,
    placeDetail: '',
    incidentDate: null,
    categories: ['physical_assault'],
    perpetratorTypes: ['client'],
    description: 'x',
    identifiers: [],
    wantsSupport: true,
    warnOthers: false,
    statistics: true,
    police,
    contact: null,
    language: 'ro',
  } as Parameters<typeof submitReport>[1];
}

function bytesHoldFine(buf: Buffer): string | null {
  const m = FINE.exec(buf.toString('latin1'));
  return m ? m[0] : null;
}

function bytesHoldTyped(buf: Buffer): string | null {
  const text = buf.toString('latin1').toLowerCase();
  for (const t of TYPED) if (text.includes(t.toLowerCase())) return t;
  return null;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`reporter and member acts leave no fine time and no typed name (${dialect.name})`, () => {
    let database: TestDatabase;
    let ctx: Context;
    const clock = new SteppingClock(SETUP);
    const log = captureLog();

    beforeAll(async () => {
      database = await freshDatabase(dialect.name);
      const config = loadConfig({}, { dataDir: database.dataDir, databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile, insecureFastKdf: true, logLevel: 'info', redisUrl: undefined });

      ctx = await createContext(config, { secrets: generateSecrets(), clock });
      await createDemo(ctx.core);
      const kept = await submitReport(ctx.core, reportInput());
      const gone = await submitReport(ctx.core, reportInput());
      if (kept.kind !== 'submitted' || gone.kind !== 'submitted') throw new Error('report not submitted');

      // The afternoon: the acts under test.
      clock.advance(ACTS - SETUP);
      expect(await changeConsent(ctx.core, kept.reportId, 'anonymous', false)).toBe(true);
      expect(await deleteOwnReport(ctx.core, gone.reportId)).toBe(true);
      clock.advance(61_000);
      for (const username of TYPED) {
        expect((await login(ctx.core, { username, password: 'wrong', totpCode: '000000', deviceId: null })).ok).toBe(false);
        expect((await memberLogin(ctx.core, { username, password: 'wrong wrong wrong' })).ok).toBe(false);
      }
      // The same through both surfaces, with their log lines captured.
      const staff = await buildStaffApp(ctx, { logStream: log.stream });
      const reporter = await buildReporterApp(ctx, { logStream: log.stream });
      try {
        for (const username of TYPED) {
          await staff.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm({ username, password: 'wrong', code: '000000' }) });
          await reporter.inject({
            method: 'POST',
            url: '/members/login?lang=en',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: encodeForm({ lang: 'en', username, password: 'wrong wrong wrong' }),
          });
        }
      } finally {
        await staff.close();
        await reporter.close();
      }
    }, 120_000);

    afterAll(async () => {
      await ctx?.close();
      await database?.drop();
    });

    it('the audit entries of the consent change and the reporter deletion carry the day only', async () => {
      const rows = await ctx.core.db.selectFrom('audit_log').select(['action', 'at', 'detail']).where('action', 'in', ['consent_changed', 'report_deleted']).execute();
      expect(rows.map((r) => r.action).sort()).toEqual(['consent_changed', 'report_deleted']);
      for (const r of rows) expect(r.at, r.action).toBe('2026-05-04');
    });

    it("the reporter's deletion only marks the shared vault for rotation, with no time; the retention job's retired generation carries a day", async () => {
      const marked = await ctx.core.db.selectFrom('vault_generations').select(['generation', 'destroy_after', 'retire']).orderBy('generation').execute();
      expect(marked.map((g) => [Number(g.generation), g.destroy_after, Number(g.retire)])).toEqual([[1, null, 1]]);
      await runRetention(ctx.core, { graceMs: 3 * 86_400_000 });
      const text = await ctx.core.vault.exportFile(ctx.core.db);
      const gens = (JSON.parse(text) as { generations: Array<{ destroyAfter: string | null }> }).generations;
      expect(gens.map((g) => g.destroyAfter)).toEqual(['2026-05-07', null]);
      expect(text).not.toMatch(/T\d\d:\d\d/);
    });

    it('login-throttle rows are keyed by a keyed hash and hold the day only', async () => {
      const rows = await ctx.core.db.selectFrom('login_throttle').selectAll().execute();
      expect(rows.length).toBeGreaterThanOrEqual(TYPED.length * 2);
      for (const r of rows) {
        expect(r.key).toMatch(/^[0-9a-f]{64}$/);
        expect(r.window_start).toBe('2026-05-04');
        expect(r.locked_until).toBeNull();
        expect(bytesHoldTyped(Buffer.from(JSON.stringify(r)))).toBeNull();
      }
    });

    it('no row of any table holds a typed name or an afternoon time', async () => {
      const tables =
        dialect.name === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(ctx.core.db)).rows.map((r) => r.name)
          : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(ctx.core.db)).rows.map((r) => r.name);
      expect(tables).toContain('login_throttle');
      for (const table of tables) {
        const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(ctx.core.db)).rows;
        const text = Buffer.from(
          JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)),
          'utf8',
        );
        expect(bytesHoldTyped(text), table).toBeNull();
        expect(bytesHoldFine(text), table).toBeNull();
      }
    });

    it.skipIf(dialect.name !== 'sqlite')('the raw SQLite file and its WAL hold neither', () => {
      for (const f of [database.sqliteFile, `${database.sqliteFile}-wal`]) {
        const bytes = fs.readFileSync(f);
        expect(bytes.length, f).toBeGreaterThan(0);
        expect(bytesHoldTyped(bytes), f).toBeNull();
        expect(bytesHoldFine(bytes), f).toBeNull();
      }
    });

    it('the log lines hold no typed name', () => {
      const text = log.text();
      expect(text).toContain('"route":"/login"');
      expect(bytesHoldTyped(Buffer.from(text))).toBeNull();
    });
  });
}
