/**
 * What an identifier check leaves behind (issue 12.4) and what it costs
 * (issue 12.1). A seized database (with SQLite's WAL) and the logs hold, for
 * checks, only the member's daily count and the organisation's daily count:
 * no time finer than the day and no member id next to a check. And a check
 * runs the same queries whether or not the identifier is on any warning the
 * checker cannot see (a draft, a withdrawn warning, another organisation's),
 * so its timing tells nothing either.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signUp } from '../../src/core/safety/members.service.js';
import { checkIdentifier } from '../../src/core/safety/checks.service.js';
import { captureLog } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { check, draftWarning, inviteCode, joinWithCode, newCaseworker, publishWarning, safetySurfaces, staffLogin, submitReport, textOf, warningStep } from './support.js';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The minute the checks are made in: nothing at rest may carry it. */
const CHECK_MINUTE = '2026-05-04T13:37';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`traces of identifier checks on ${name}`, () => {
    it('the database, its WAL and the logs hold no time finer than the day and no member id next to a check', async () => {
      const log = captureLog();
      const s = await safetySurfaces(name, { logLevel: 'debug' }, undefined, log.stream);
      let memberId = '';
      try {
        const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
        const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
        const r = await submitReport(s, { id_value_1: '07911 700 100' });
        await publishWarning(s, a, b, r.reportId, { what: 'Took money by force.' });
        const member = await joinWithCode(s, await inviteCode(a), 'trace.checker');
        const checkerId = (await s.t.ctx.core.db.selectFrom('members').select('id').where('username', '=', 'trace.checker').executeTakeFirstOrThrow()).id;
        memberId = checkerId;
        // Everything before is staff work or sign-up; the checks alone happen in this minute.
        s.clock.advance(Date.parse(`${CHECK_MINUTE}:05.000Z`) - s.clock.now().getTime());
        expect(textOf((await check(member, '+44 7911 700100')).body)).toContain('1 warning matches');
        expect(textOf((await check(member, '07911 700 999')).body)).toContain('No active warning matches');
        expect((await check(member, 'someone@example.org', 'email')).statusCode).toBe(200);

        const db = s.t.ctx.core.db;
        expect(await db.selectFrom('audit_log').select('seq').where('action', '=', 'identifier_check').execute()).toEqual([]);
        expect(await db.selectFrom('member_check_counts').selectAll().where('member_id', '=', checkerId).execute()).toEqual([{ member_id: checkerId, day: '2026-05-04', count: 3 }]);
        expect(await db.selectFrom('identifier_check_days').selectAll().execute()).toEqual([{ organisation_id: s.soho.organisationId, day: '2026-05-04', count: 3 }]);
        // The member id appears only where the member's account, areas and daily count are kept.
        const tables = (await db.introspection.getTables()).map((t) => t.name).filter((t) => !t.startsWith('parasol_migrations'));
        const holding: string[] = [];
        for (const table of tables) {
          const rows = await db
            .selectFrom(table as 'members')
            .selectAll()
            .execute();
          if (rows.some((row) => JSON.stringify(row).includes(memberId))) holding.push(table);
        }
        expect(holding.sort()).toEqual(['member_areas', 'member_check_counts', 'members']);
      } finally {
        await s.staff.close();
        await s.reporter.close();
        await s.t.ctx.close();
      }
      const found: string[] = [];
      const files = filesUnder(s.t.database.dataDir);
      if (name === 'sqlite') expect(files.some((f) => f.endsWith('parasol.sqlite'))).toBe(true);
      for (const f of files) if (fs.readFileSync(f).toString('latin1').includes(CHECK_MINUTE)) found.push(path.basename(f));
      if (name === 'postgres') {
        const dump = execFileSync('pg_dump', ['--no-owner', '--data-only', s.t.database.databaseUrl!], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
        expect(dump).toContain('identifier_check_days');
        if (dump.includes(CHECK_MINUTE)) found.push('pg_dump');
      }
      const logText = log.text();
      // The reporter listener logs without times or request lines; the staff listener's lines are there to search.
      expect(logText).toContain('/safety/invites');
      if (logText.includes(CHECK_MINUTE)) found.push('log: time');
      if (logText.includes(memberId)) found.push('log: member id');
      await s.t.database.drop();
      expect(found).toEqual([]);
    });
  });
}

/** Records every statement a database handle runs, as SQL with its number of parameters. */
class StatementRecorder implements KyselyPlugin {
  readonly statements: string[] = [];
  readonly compiled: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  constructor(private readonly compile: (node: RootOperationNode, queryId: PluginTransformQueryArgs['queryId']) => { sql: string; parameters: readonly unknown[] }) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const c = this.compile(args.node, args.queryId);
    this.statements.push(`${c.sql} [${c.parameters.length}]`);
    this.compiled.push(c);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`the same work for every check on ${name}`, () => {
    it('a number on no warning, on a draft, on a withdrawn warning or on another organisation’s warning costs the same statements', async () => {
      const s = await safetySurfaces(name);
      try {
        const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
        const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
        // A draft carrying one number, a withdrawn warning carrying another, an organisation-only warning carrying a third.
        await draftWarning(s, a, (await submitReport(s, { id_value_1: '07911 800 001' })).reportId);
        const gone = await publishWarning(s, a, b, (await submitReport(s, { id_value_1: '07911 800 002' })).reportId);
        await warningStep(a, gone, 'withdraw', { reason: 'wrong' });
        await publishWarning(s, a, b, (await submitReport(s, { id_value_1: '07911 800 003' })).reportId, { visibility: 'organisation' });
        // The checker is a member of another organisation.
        const core = s.t.ctx.core;
        const other = await core.db.selectFrom('organisations').select('id').where('id', '!=', s.soho.organisationId).orderBy('id').executeTakeFirstOrThrow();
        const made = await signUp(core, {
          username: 'other.member',
          password: 'other member walks far',
          passwordAgain: 'other member walks far',
          code: '',
          organisationId: other.id,
          areas: ['gb-london'],
          lang: 'en',
        });
        if (!made.ok) throw new Error('sign-up failed');
        await core.db.updateTable('members').set({ status: 'active' }).where('id', '=', made.member!.id).execute();
        const viewer = { memberId: made.member!.id, organisationId: other.id };
        const executor = core.db.getExecutor();
        // The organisation's settings are cached after a first read: warm them, so every traced check starts alike.
        await checkIdentifier(core, viewer, 'phone', '07911 800 998', 'GB');

        const traces: Record<string, string[]> = {};
        for (const [label, number] of [
          ['on no warning', '07911 800 999'],
          ['on a draft', '07911 800 001'],
          ['on a withdrawn warning', '07911 800 002'],
          ['on another organisation’s warning', '07911 800 003'],
        ] as const) {
          const recorder = new StatementRecorder((node, queryId) => executor.compileQuery(node, queryId));
          const result = await checkIdentifier({ ...core, db: core.db.withPlugin(recorder) }, viewer, 'phone', number, 'GB');
          expect(result.kind, label).toBe('checked');
          if (result.kind === 'checked') expect(result.warnings, label).toEqual([]);
          traces[label] = recorder.statements;
        }
        const reference = traces['on no warning']!;
        expect(reference.length).toBeGreaterThanOrEqual(3);
        for (const [label, statements] of Object.entries(traces)) expect(statements, label).toEqual(reference);
      } finally {
        await s.close();
      }
    });
  });
}

describe('how a check reads warnings on sqlite', () => {
  it('looks its warnings up by primary key, not by walking every active warning (a check stays cheap with thousands of warnings)', async () => {
    const s = await safetySurfaces('sqlite');
    try {
      const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
      const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
      await publishWarning(s, a, b, (await submitReport(s, { id_value_1: '07911 800 004' })).reportId);
      const core = s.t.ctx.core;
      await joinWithCode(s, await inviteCode(a), 'plan.checker');
      const row = await core.db.selectFrom('members').select(['id', 'organisation_id']).where('username', '=', 'plan.checker').executeTakeFirstOrThrow();
      const viewer = { memberId: row.id, organisationId: row.organisation_id };
      const recorder = new StatementRecorder((node, queryId) => core.db.getExecutor().compileQuery(node, queryId));
      const result = await checkIdentifier({ ...core, db: core.db.withPlugin(recorder) }, viewer, 'phone', '07911 800 004', 'GB');
      expect(result.kind).toBe('checked');
      if (result.kind === 'checked') expect(result.warnings).toHaveLength(1);
      const onWarnings = recorder.compiled.filter((c) => /from "warnings"/.test(c.sql));
      expect(onWarnings.length).toBeGreaterThanOrEqual(1);
      for (const c of onWarnings) {
        const plan = await core.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
        const details = plan.rows.map((r) => r.detail);
        expect(details.join(' | ')).toMatch(/SEARCH warnings USING (INDEX sqlite_autoindex_warnings_1|PRIMARY KEY) \(id=\?\)/);
        expect(details.join(' | ')).not.toMatch(/warnings_status_expiry|warnings_org_status/);
      }
    } finally {
      await s.close();
    }
  });
});
