/**
 * Acceptance (issue 7, retention and crypto-shredding): "After the retention
 * job and its grace period, a backup taken before the deletion, restored with
 * every password and recovery key of the organisation, cannot decrypt the
 * deleted report." (The backup CLI is built elsewhere: here a backup is a
 * copy of every row of every table, which is what any backup of the database
 * holds; the key vault file is, by design, not in it.)
 *
 * Also: the reporter deletes their own report from follow-up (with an explicit
 * confirmation), after which the receipt opens nothing; and `parasol retention
 * run` works as a separate process on the same installation.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContext, type Context } from '../../src/context.js';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { caseAccess, readCase } from '../../src/core/cases/cases.service.js';
import { ShreddedError } from '../../src/core/reports/shred.js';
import { accessByReceipt } from '../../src/core/reports/reports.service.js';
import { runRetention } from '../../src/core/retention/retention.service.js';
import { combineShares, decrypt, decryptJson, openSealedKey, openShare, reportDataKey, type ContentKey, type KeyPair, type KeyShare } from '../../src/crypto/index.js';
import { custodyContext } from '../../src/core/consent/custody-shares.js';
import { findStaffUser, type StaffUser } from '../../src/core/accounts/accounts.service.js';
import type { Vault } from '../../src/infra/vault.js';
import { freshDatabase, SURFACE_DIALECT, type TestDatabase } from '../helpers/dialects.js';
import { postForm } from '../helpers/forms.js';
import { postMultipart } from '../helpers/uploads.js';
import { StaffClient } from '../helpers/staff.js';
import { allRows, loginAs, reporterWrites, submitReport, tableNames, textOf, type Submitted } from '../staff/support.js';
import { auditEntries, DAY_MS, demoAccount, installation, keyPairByPassword, keyPairByRecovery, openFollowUp, type Installation } from './support.js';
import { asUserId, type ReportId, type UserId } from '../../src/core/shared/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

/** How long a retired vault generation is kept in this installation. */
const GRACE_MS = 3 * DAY_MS;
const RECEIPT_UNKNOWN = 'No report matches this receipt code.';

type Copy = Record<string, Record<string, unknown>[]>;

let s: Installation;

beforeAll(async () => {
  s = await installation(SURFACE_DIALECT, { graceMs: GRACE_MS });
});
afterAll(async () => {
  await s?.close();
});

async function staffClient(who: { username: string; password: string; totpSecret: string }): Promise<StaffClient> {
  const c = new StaffClient(s.staff, s.clock);
  await loginAs(s, c, who);
  return c;
}

/** A "backup" as `backup create` makes it: every row of every table but the shared vault's, which it leaves out. */
async function copyEverything(): Promise<Copy> {
  const out: Copy = {};
  for (const table of await tableNames(s)) if (table !== 'vault_generations') out[table] = (await allRows(s, table)).map((r) => ({ ...r }));
  return out;
}

const buf = (v: unknown) => Buffer.from(v as Uint8Array);

/** What an attacker holding the copy and the given key material can read of one report. */
interface Opened {
  /** Content keys the seals gave up (the caseworkers' key pairs open them: that part is expected). */
  contentKeys: number;
  shredKeys: number;
  description: string | null;
  contact: string | null;
  messages: string[];
  /** Attachments (reporters' files) that opened, as text. */
  files: string[];
}

/**
 * Tries every key pair on every seal of the report in the copy, every vault
 * key candidate (each generation key of the vault file, under every
 * generation's associated data, the secrets as well, and the live vault's own
 * unwrap) on the report's wrapped shred key, and every resulting data key
 * (with and without a shred key) on the body, contact and messages.
 */
async function attack(copy: Copy, reportId: ReportId, keyPairs: readonly KeyPair[], vaultKeys: ReadonlyArray<{ g: number; key: Buffer }>, liveVault: Vault): Promise<Opened> {
  const of = (table: string) => (copy[table] ?? []).filter((r) => r.report_id === reportId);
  const open = (seals: Record<string, unknown>[]) => {
    const keys: ContentKey[] = [];
    for (const seal of seals)
      for (const kp of keyPairs) {
        try {
          keys.push(openSealedKey(buf(seal.sealed_key), kp));
        } catch {
          // not this key pair
        }
      }
    return keys;
  };
  const contentKeys = open(of('report_key_seals'));
  const contactKeys = open(of('contact_key_seals'));
  // Contact keys split 2 of n among custodians: every share the key pairs open, combined in pairs.
  const shares: KeyShare[] = [];
  for (const row of of('contact_key_shares'))
    for (const kp of keyPairs) {
      try {
        shares.push(openShare(buf(row.sealed_share), kp, custodyContext(reportId, asUserId(String(row.custodian_id)))));
      } catch {
        // not this key pair
      }
    }
  for (let i = 0; i < shares.length; i++)
    for (let j = i + 1; j < shares.length; j++) {
      try {
        contactKeys.push(await combineShares([shares[i]!, shares[j]!]));
      } catch {
        // the same share twice
      }
    }
  const shreds: Buffer[] = [];
  for (const row of of('report_vault')) {
    const g = Number(row.generation);
    const wrapped = buf(row.wrapped_key);
    const fromLive = await liveVault.unwrap(s.t.ctx.core.db, reportId, g, wrapped);
    if (fromLive) shreds.push(fromLive);
    for (const candidate of vaultKeys) {
      for (const ad of new Set([`vault:${g}:${reportId}`, `vault:${candidate.g}:${reportId}`])) {
        try {
          shreds.push(decrypt(candidate.key as ContentKey, wrapped, ad));
        } catch {
          // not this key
        }
      }
    }
  }
  const dataKeys = (keys: ContentKey[]) => keys.flatMap((k) => [reportDataKey(k, null), ...shreds.map((sh) => reportDataKey(k, sh))]);
  const tryOpen = <T>(keys: ContentKey[], body: unknown, ad: string): T | null => {
    for (const k of keys) {
      try {
        return decryptJson<T>(k, buf(body), ad);
      } catch {
        // not this key
      }
    }
    return null;
  };
  const report = (copy.reports ?? []).find((r) => r.id === reportId);
  const content = report ? tryOpen<{ description: string }>(dataKeys(contentKeys), report.body, `report:${reportId}:body`) : null;
  const contactRow = of('report_contacts')[0];
  const contact = contactRow ? tryOpen<{ name: string; details: string }>(dataKeys(contactKeys), contactRow.body, `report:${reportId}:contact`) : null;
  const messages = of('messages')
    .map((m) => tryOpen<{ text: string }>(dataKeys(contentKeys), m.body, `report:${reportId}:message:${String(m.id)}`)?.text ?? null)
    .filter((x): x is string => x !== null);
  const files = of('attachments')
    .map((a) => {
      for (const k of dataKeys(contentKeys)) {
        try {
          return decrypt(k, buf(a.body), `report:${reportId}:attachment:${String(a.id)}:body`).toString('latin1');
        } catch {
          // not this key
        }
      }
      return null;
    })
    .filter((x): x is string => x !== null);
  return { contentKeys: contentKeys.length, shredKeys: shreds.length, description: content?.description ?? null, contact: contact ? `${contact.name} ${contact.details}` : null, messages, files };
}

/** Every generation key the live shared vault holds now (as an attacker with the live server and its secrets file reads them), plus the secrets. */
async function everyVaultKey(): Promise<Array<{ g: number; key: Buffer }>> {
  const parsed = JSON.parse(await s.t.ctx.core.vault.exportFile(s.t.ctx.core.db)) as { generations: Array<{ g: number; key: string }> };
  const fromFile = parsed.generations.map((x) => ({ g: x.g, key: Buffer.from(x.key, 'base64') }));
  const fromSecrets = [s.secrets.pepper, ...s.secrets.sessionKeys].filter((b) => b.length === 32).map((key) => ({ g: 0, key }));
  return [...fromFile, ...fromSecrets];
}

/** A database restored from the copy (fresh, same dialect), opened with the secrets and the live shared vault. */
interface Restored {
  readonly ctx: Context;
  close(): Promise<void>;
}

/** Restored into the installation: the live shared vault, as it is now, comes with it (the backup holds none). */
async function shareLiveVault(ctx: Context): Promise<void> {
  await ctx.core.db.deleteFrom('vault_generations').execute();
  for (const row of await s.t.ctx.core.db.selectFrom('vault_generations').selectAll().execute()) await ctx.core.db.insertInto('vault_generations').values(row).execute();
}

async function restore(copy: Copy): Promise<Restored> {
  const database: TestDatabase = await freshDatabase(s.t.database.dialect);
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
      runJobs: false,
    },
  );
  const ctx = await createContext(config, { secrets: s.secrets, clock: s.clock });
  await shareLiveVault(ctx);
  const db = ctx.core.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const tables = Object.keys(copy).filter((t) => !t.startsWith('kysely_'));
  await db.transaction().execute(async (trx) => {
    // The copy is consistent as a whole; foreign keys are checked at commit (SQLite) or not per row (PostgreSQL restore).
    if (database.dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    else await sql`set local session_replication_role = replica`.execute(trx);
    for (const table of tables) await trx.deleteFrom(table).execute();
    for (const table of tables) {
      const rows = copy[table]!;
      for (let i = 0; i < rows.length; i += 100)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 100))
          .execute();
    }
  });
  return {
    ctx,
    async close() {
      await ctx.close();
      await database.drop();
    },
  };
}

async function staffUser(ctx: Context, userId: UserId): Promise<StaffUser> {
  const user = await findStaffUser(ctx.core.db, userId);
  if (!user) throw new Error(`no user ${userId} in the restored database`);
  return user;
}

describe('retention deletes closed reports, and crypto-shredding defeats a backup taken before', () => {
  const M = {
    a: 'RET-A-DESC-11aa',
    aMessage: 'RET-A-MESSAGE-22bb',
    aContact: 'RET-A-CONTACT-33cc',
    b: 'RET-B-DESC-44dd',
    c: 'RET-C-DESC-55ee',
    cMessage: 'RET-C-MESSAGE-66ff',
    aFile: 'RET-A-FILE-77aa',
  } as const;
  let A: Submitted; // closed, statistics yes: deleted, leaves a statistics record
  let B: Submitted; // closed, statistics no: deleted, leaves nothing
  let C: Submitted; // open: kept
  let backup: Copy;
  let keyPairs: KeyPair[];
  let restored: Restored | undefined;
  let statsBefore: number;

  afterAll(async () => {
    await restored?.close();
  });

  it('reports arrive; the coordinator closes two of them and sets retention to 1 day', async () => {
    A = await submitReport(s, {
      description: M.a,
      statistics: 'yes',
      category: ['robbery', 'threats'],
      perpetrator: ['client'],
      contact_name: M.aContact,
      contact_details: 'Signal please',
      police: 'anonymous',
    });
    B = await submitReport(s, { description: M.b, statistics: 'no', category: ['extortion'], perpetrator: ['manager'] });
    C = await submitReport(s, { description: M.c, statistics: 'yes' });
    await reporterWrites(s, A.receipt, M.aMessage);
    await reporterWrites(s, C.receipt, M.cMessage);
    // A's reporter also sends a file with a message: it must go the way of the report.
    const fu = await openFollowUp(s.reporter, A.receipt);
    const sent = await postMultipart(s.reporter, '/follow-up/message', fu.form, { lang: 'en', access: fu.access, message: 'a file' }, [
      { name: 'evidence.txt', bytes: Buffer.from(`the file ${M.aFile} end`), type: 'text/plain' },
    ]);
    expect(sent.statusCode).toBe(200);

    const coord = await staffClient(s.coordinator);
    for (const r of [A, B]) {
      const res = await coord.post(`/reports/${r.reportId}`, `/reports/${r.reportId}/status`, { status: 'closed' });
      expect(res.statusCode).toBe(303);
    }
    const rows = await s.t.ctx.core.db.selectFrom('reports').select(['id', 'status', 'closed_day']).execute();
    const today = s.clock.now().toISOString().slice(0, 10);
    expect(rows.find((r) => r.id === A.reportId)).toMatchObject({ status: 'closed', closed_day: today });
    expect(rows.find((r) => r.id === B.reportId)).toMatchObject({ status: 'closed', closed_day: today });
    expect(rows.find((r) => r.id === C.reportId)!.status).not.toBe('closed');

    expect(textOf((await coord.get('/admin/retention')).body)).toContain('Days to keep closed reports');
    const bad = await coord.post('/admin/retention', '/admin/retention', { days: '0' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter a whole number of days from 1 to 3650.');
    const set = await coord.post('/admin/retention', '/admin/retention', { days: '1' });
    expect(set.statusCode).toBe(303);
    expect((await coord.get('/admin/retention')).body).toMatch(/name="days"[^>]*value="1"|value="1"[^>]*name="days"/);
    const org = await s.t.ctx.core.db.selectFrom('organisations').select('retention_days').where('id', '=', s.coordinator.organisationId).executeTakeFirstOrThrow();
    expect(Number(org.retention_days)).toBe(1);
    expect((await auditEntries(s, { action: 'retention_changed' })).map((e) => e.detail)).toEqual([{ days: 1 }]);
  });

  it('a backup of every row of every table holds no vault key (the vault file is not in the database)', async () => {
    backup = await copyEverything();
    expect(backup.reports!.map((r) => r.id)).toEqual(expect.arrayContaining([A.reportId, B.reportId, C.reportId]));
    expect(backup.report_vault!.map((r) => r.report_id)).toEqual(expect.arrayContaining([A.reportId, B.reportId, C.reportId]));
    const vaultKeys = (await everyVaultKey()).filter((k) => k.g > 0);
    expect(vaultKeys.length).toBe(1);
    for (const [table, rows] of Object.entries(backup)) {
      for (const row of rows) {
        for (const v of Object.values(row)) {
          for (const { key } of vaultKeys) {
            if (v instanceof Uint8Array) expect(Buffer.from(v).indexOf(key), `${table} holds a vault key`).toBe(-1);
            else if (typeof v === 'string') {
              expect(v, `${table} holds a vault key`).not.toContain(key.toString('base64'));
              expect(v.toLowerCase(), `${table} holds a vault key`).not.toContain(key.toString('hex'));
            }
          }
        }
      }
    }
    statsBefore = (await s.t.ctx.core.db.selectFrom('statistics_records').selectAll().execute()).length;

    // Every password and recovery key of every demo account, applied to the users rows in the backup.
    keyPairs = [];
    for (const k of s.t.demoKeys) {
      const row = backup.users!.find((u) => u.id === k.userId)!;
      keyPairs.push(await keyPairByPassword(s, row, k.password), keyPairByRecovery(row, k.recoveryKey), k.keyPair);
    }
    expect(Buffer.from(keyPairs[0]!.publicKey).equals(Buffer.from(s.t.demoKeys[0]!.keyPair.publicKey))).toBe(true);
  });

  it('two days later the retention job deletes the closed reports, keeps a statistics record only where agreed, and rotates the vault', async () => {
    s.clock.advance(2 * DAY_MS);
    const result = await runRetention(s.t.ctx.core, { graceMs: GRACE_MS });
    const remaining = await s.t.ctx.core.db.selectFrom('report_vault').select(['report_id', 'generation']).execute();
    expect(result).toEqual({ deleted: 2, rewrapped: remaining.length, destroyedGenerations: [] });
    expect(await s.t.ctx.core.vault.generations(s.t.ctx.core.db)).toEqual([1, 2]);
    expect(await s.t.ctx.core.vault.currentGeneration(s.t.ctx.core.db)).toBe(2);
    expect(remaining.every((r) => Number(r.generation) === 2)).toBe(true);
    expect(remaining.map((r) => r.report_id)).toContain(C.reportId);

    // Nothing of A or B is left anywhere but the audit log's subject ids.
    for (const table of await tableNames(s)) {
      if (table === 'audit_log') continue;
      for (const row of await allRows(s, table)) {
        const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
        expect(text, `${table} still mentions a deleted report`).not.toContain(A.reportId);
        expect(text, `${table} still mentions a deleted report`).not.toContain(B.reportId);
      }
    }
    const deleted = await auditEntries(s, { action: 'report_deleted' });
    expect(deleted.map((e) => [e.subjectId, e.actorUserId, e.detail]).sort()).toEqual(
      [
        [A.reportId, null, { reason: 'retention' }],
        [B.reportId, null, { reason: 'retention' }],
      ].sort(),
    );

    // A's reporter agreed to statistics: one anonymous record of routing fields stays. B's did not.
    const stats = await s.t.ctx.core.db.selectFrom('statistics_records').selectAll().execute();
    expect(stats).toHaveLength(statsBefore + 1);
    const a = backup.reports!.find((r) => r.id === A.reportId)!;
    const added = stats.filter((r) => r.categories === 'robbery threats');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      organisation_id: s.coordinator.organisationId,
      country_code: 'RO',
      area_id: 'ro-bucharest',
      incident_month: '2026-03',
      received_month: String(a.created_day).slice(0, 7),
      perpetrator_types: 'client',
      police_consent: 'anonymous',
    });
    expect(stats.filter((r) => r.categories === 'extortion')).toEqual([]);

    // Staff and reporter alike find nothing.
    const coord = await staffClient(s.coordinator);
    expect((await coord.get(`/reports/${A.reportId}`)).statusCode).toBe(404);
    const form = await openFollowUp(s.reporter, C.receipt);
    const gone = await postForm(s.reporter, '/follow-up', form.form, { lang: 'en', receipt: A.receipt });
    expect(gone.statusCode).toBe(404);
    expect(textOf(gone.body)).toContain(RECEIPT_UNKNOWN);
  });

  it('during the grace period the old backup still decrypts (so this harness can succeed)', async () => {
    const opened = await attack(backup, A.reportId, keyPairs, await everyVaultKey(), s.t.ctx.core.vault);
    expect(opened.description).toBe(M.a);
    expect(opened.messages).toContain(M.aMessage);
    expect(opened.contact).toContain(M.aContact);
    expect(opened.files.join(' ')).toContain(M.aFile);
    expect((await attack(backup, B.reportId, keyPairs, await everyVaultKey(), s.t.ctx.core.vault)).description).toBe(M.b);

    // Restored into a fresh database, the coordinator's ordinary code path reads it too.
    restored = await restore(backup);
    expect((await verifyAudit(restored.ctx.core.db, s.secrets)).ok).toBe(true);
    const user = await staffUser(restored.ctx, s.coordinator.userId);
    const access = await caseAccess(restored.ctx.core, user, s.coordinator.keyPair, A.reportId);
    expect(access.kind).toBe('ok');
    const view = await readCase(restored.ctx.core, user, access as Extract<typeof access, { kind: 'ok' }>);
    expect(view.content.description).toBe(M.a);
  });

  it('the report that was kept still decrypts after the rotation: its shred key was re-wrapped', async () => {
    const coord = await staffClient(s.coordinator);
    const page = await coord.get(`/reports/${C.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(M.c);
    expect(textOf(page.body)).toContain(M.cMessage);
    const fu = await openFollowUp(s.reporter, C.receipt);
    expect(fu.text).toContain(M.c);
  });

  it('after the grace period the job destroys the old generation: the backup no longer decrypts, with every key there is', async () => {
    s.clock.advance(GRACE_MS + 60 * 60 * 1000);
    const result = await runRetention(s.t.ctx.core, { graceMs: GRACE_MS });
    expect(result).toEqual({ deleted: 0, rewrapped: 0, destroyedGenerations: [1] });
    expect(await s.t.ctx.core.vault.generations(s.t.ctx.core.db)).toEqual([2]);

    // The old copy still holds the deleted reports' wrapped shred keys, under the generation now destroyed.
    expect(backup.attachments!.filter((a) => a.report_id === A.reportId)).toHaveLength(1);
    for (const r of [A, B]) expect(backup.report_vault!.filter((v) => v.report_id === r.reportId).map((v) => Number(v.generation))).toEqual([1]);
    expect((await everyVaultKey()).map((k) => k.g).filter((g) => g > 0)).toEqual([2]);

    for (const [r, marker] of [
      [A, M.a],
      [B, M.b],
    ] as const) {
      const opened = await attack(backup, r.reportId, keyPairs, await everyVaultKey(), s.t.ctx.core.vault);
      // The caseworkers' key pairs still open the sealed content keys in the backup...
      expect(opened.contentKeys).toBeGreaterThan(0);
      // ...but no shred key can be unwrapped any more, so nothing of the report opens.
      expect(opened.shredKeys).toBe(0);
      expect(opened.description).toBeNull();
      expect(opened.contact).toBeNull();
      expect(opened.messages).toEqual([]);
      expect(opened.files).toEqual([]);
      const everything = JSON.stringify(backup, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
      expect(everything).not.toContain(marker);
    }

    // The restored backup, through the application's own path: the coordinator and the reporter get ShreddedError.
    await shareLiveVault(restored!.ctx);
    const user = await staffUser(restored!.ctx, s.coordinator.userId);
    await expect(caseAccess(restored!.ctx.core, user, s.coordinator.keyPair, A.reportId)).rejects.toBeInstanceOf(ShreddedError);
    const custodian = demoAccount(s.t.demoKeys, 'custodian');
    await expect(caseAccess(restored!.ctx.core, await staffUser(restored!.ctx, custodian.userId), custodian.keyPair, B.reportId)).rejects.toBeInstanceOf(ShreddedError);
    await expect(accessByReceipt(restored!.ctx.core, A.receipt)).rejects.toBeInstanceOf(ShreddedError);
  });

  it('the live report that was kept still decrypts after the old generation is gone', async () => {
    const coord = await staffClient(s.coordinator);
    const page = await coord.get(`/reports/${C.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(M.c);
    expect(textOf(page.body)).toContain(M.cMessage);
    const fu = await openFollowUp(s.reporter, C.receipt);
    expect(fu.text).toContain(M.c);
    expect(fu.text).toContain(M.cMessage);
  });
});

describe('the reporter deletes their own report from follow-up', () => {
  const MARKER = 'SELF-DELETE-DESC-77ab';
  let E: Submitted;

  it('without ticking the confirmation: a clear message, and nothing is deleted', async () => {
    E = await submitReport(s, { description: MARKER, statistics: 'no' });
    await reporterWrites(s, E.receipt, 'SELF-DELETE-MESSAGE-88cd');
    const fu = await openFollowUp(s.reporter, E.receipt);
    expect(fu.text).toContain('Delete your report');
    const res = await postForm(s.reporter, '/follow-up/delete', fu.form, { lang: 'en', access: fu.access });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Tick the box to confirm.');
    expect(textOf(res.body)).toContain(MARKER);
    expect(await s.t.ctx.core.db.selectFrom('reports').select('id').where('id', '=', E.reportId).executeTakeFirst()).toBeDefined();
    const forged = await postForm(s.reporter, '/follow-up/delete', { cookie: fu.form.cookie, token: 'forged' }, { lang: 'en', access: fu.access, confirm: 'yes' });
    expect(forged.statusCode).toBe(403);
    expect(await s.t.ctx.core.db.selectFrom('reports').select('id').where('id', '=', E.reportId).executeTakeFirst()).toBeDefined();
  });

  it('with the confirmation: the report is gone, the vault rotates, and the receipt opens nothing', async () => {
    const generationBefore = await s.t.ctx.core.vault.currentGeneration(s.t.ctx.core.db);
    const fu = await openFollowUp(s.reporter, E.receipt);
    const res = await postForm(s.reporter, '/follow-up/delete', fu.form, { lang: 'en', access: fu.access, confirm: 'yes' });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Your report was deleted');
    expect(res.body).not.toContain(MARKER);
    for (const table of ['reports', 'report_key_seals', 'messages', 'report_vault', 'report_identifiers']) {
      const col = table === 'reports' ? 'id' : 'report_id';
      const n = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(col)} = ${E.reportId}`.execute(s.t.ctx.core.db);
      expect(Number(n.rows[0]!.n), table).toBe(0);
    }
    expect((await auditEntries(s, { action: 'report_deleted', subjectId: E.reportId })).map((e) => [e.actorUserId, e.detail])).toEqual([[null, { reason: 'reporter' }]]);
    // The vault rotated, so backups holding this report die once the grace period passes.
    // On the web request only a mark: no key changes (instances with jobs off included); the retention job rotates once.
    expect(await s.t.ctx.core.vault.currentGeneration(s.t.ctx.core.db)).toBe(generationBefore);
    expect(await s.t.ctx.core.vault.rotationRequested(s.t.ctx.core.db)).toBe(true);
    await runRetention(s.t.ctx.core, { graceMs: GRACE_MS });
    expect(await s.t.ctx.core.vault.currentGeneration(s.t.ctx.core.db)).toBe(generationBefore + 1);
    expect(await s.t.ctx.core.vault.rotationRequested(s.t.ctx.core.db)).toBe(false);

    // The receipt opens nothing, on the page or underneath.
    const again = await postForm(s.reporter, '/follow-up', fu.form, { lang: 'en', receipt: E.receipt });
    expect(again.statusCode).toBe(404);
    expect(textOf(again.body)).toContain(RECEIPT_UNKNOWN);
    expect(await accessByReceipt(s.t.ctx.core, E.receipt)).toBeNull();
    // A follow-up page still open in another tab cannot write into the void.
    const late = await postForm(s.reporter, '/follow-up/message', fu.form, { lang: 'en', access: fu.access, message: 'still there?' });
    expect(late.statusCode).toBe(401);
    const lateDelete = await postForm(s.reporter, '/follow-up/delete', fu.form, { lang: 'en', access: fu.access, confirm: 'yes' });
    expect(lateDelete.statusCode).toBe(401);
  });
});

describe('`parasol retention run` on the command line', () => {
  it('exits 0, deletes what is due, settles the shared vault file and prints the counts', async () => {
    // A report closed in the test's past: on the real clock, more than a day ago.
    const D = await submitReport(s, { description: 'CLI-DESC-99ef' });
    const coord = await staffClient(s.coordinator);
    expect((await coord.post(`/reports/${D.reportId}`, `/reports/${D.reportId}/status`, { status: 'closed' })).statusCode).toBe(303);
    const before = JSON.parse(await s.t.ctx.core.vault.exportFile(s.t.ctx.core.db)) as { current: number; generations: Array<{ g: number; destroyAfter: string | null }> };
    const dueForDestruction = before.generations.filter((g) => g.g !== before.current && g.destroyAfter && Date.parse(g.destroyAfter) <= Date.now()).map((g) => g.g);
    expect(dueForDestruction.length).toBeGreaterThan(0);

    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'DATABASE_URL') env[k] = v;
    Object.assign(env, {
      PARASOL_DATA_DIR: s.config.dataDir,
      PARASOL_SECRETS_FILE: s.config.secretsFile,
      PARASOL_VAULT_FILE: s.vaultFile,
      PARASOL_INSECURE_FAST_KDF: '1',
      PARASOL_LOG_LEVEL: 'warn',
      ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}),
    });
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'retention', 'run'], { cwd: ROOT, env, timeout: 60_000 });
    // execFile rejects on a non-zero exit, so reaching here means exit code 0.
    expect(stderr.trim()).toBe('');
    const m = /^Deleted (\d+) report\(s\); re-wrapped (\d+) shred key\(s\); destroyed vault generation\(s\): (.+)\.$/m.exec(stdout);
    expect(m, stdout).not.toBeNull();
    expect(Number(m![1])).toBe(1);
    const rows = await s.t.ctx.core.db.selectFrom('report_vault').select(['report_id', 'generation']).execute();
    expect(Number(m![2])).toBe(rows.length);
    expect(m![3]).toBe(dueForDestruction.join(', '));

    expect(await s.t.ctx.core.db.selectFrom('reports').select('id').where('id', '=', D.reportId).executeTakeFirst()).toBeUndefined();
    // The vault file the server shares was rotated by the command, and the server picks it up.
    expect(await s.t.ctx.core.vault.currentGeneration(s.t.ctx.core.db)).toBe(before.current + 1);
    expect(rows.every((r) => Number(r.generation) === before.current + 1)).toBe(true);
    for (const g of dueForDestruction) expect(await s.t.ctx.core.vault.generations(s.t.ctx.core.db)).not.toContain(g);
    expect((await auditEntries(s, { action: 'report_deleted', subjectId: D.reportId })).map((e) => e.detail)).toEqual([{ reason: 'retention' }]);
    expect((await verifyAudit(s.t.ctx.core.db, s.secrets)).ok).toBe(true);
    // The server still reads the report it kept.
    const page = await coord.get(`/reports/${(await s.t.ctx.core.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id}`);
    expect(page.statusCode).toBe(200);
  });
});
