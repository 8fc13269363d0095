/**
 * `parasol backup` end to end, as an operator runs it: the real CLI as a
 * child process, on SQLite and on PostgreSQL, against a database with
 * reports, messages, replies and notes made through the core functions.
 *
 * - A backup taken while the database is open (the server's connection)
 *   restores into a fresh data folder or database, where every report still
 *   decrypts for its caseworker and `parasol audit verify` passes.
 * - A damaged archive (a flipped byte, cut at several points, a chunk
 *   dropped, garbage appended) and a file that is no backup fail both
 *   `verify` and `restore` with a message naming the problem, and the target
 *   stays empty.
 * - Restore refuses a target that is not empty, and leaves it as it was.
 * - The archive holds no marker of the reports in any encoding, and (read
 *   with the secrets file) neither the pepper nor any vault key: the shared
 *   vault's table is left out. Restored with the source's vault file (the
 *   mirror every instance keeps), every report opens; with another vault
 *   file, or none, nothing does.
 * - --with-secrets needs the passphrase; with it, the secrets file and vault
 *   come back byte for byte into a place where they did not exist.
 * - After a deletion and its grace, the vault file no longer opens a backup
 *   made before it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive, scanFrames } from '../../src/backup/archive.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContext, type Context } from '../../src/context.js';
import { findStaffUser } from '../../src/core/accounts/accounts.service.js';
import { addNote, caseAccess, readCase, reply } from '../../src/core/cases/cases.service.js';
import { createDemo, type DemoKey } from '../../src/demo/demo.service.js';
import { accessByReceipt, addMessage, submitReport } from '../../src/core/reports/reports.service.js';
import type { ReportSubmission } from '../../src/core/reports/report.types.js';
import { randomBytes, randomId } from '../../src/crypto/index.js';
import { generateSecrets, readSecretsFile, writeSecretsFile } from '../../src/infra/secrets.js';
import { deleteOwnReport, runRetention } from '../../src/core/retention/retention.service.js';
import { DIALECTS, freshDatabase, type DialectName, type TestDatabase } from '../helpers/dialects.js';
import type { OrganisationId, ReportId } from '../../src/core/shared/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'umbrella under the red sky 42';
const SLOW = 600_000;

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `parasol ...` as a child process with only the given Parasol settings (nothing inherited from this shell). */
function cli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARASOL_') && k !== 'DATABASE_URL') base[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  base.PARASOL_INSECURE_FAST_KDF = '1';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: base, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs tasks at most `limit` at a time (two shared cores: a few CLI processes at once, not dozens). */
async function inTurn<T>(tasks: Array<() => Promise<T>>, limit = 2): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

/** Where an installation keeps its files: a data folder or database, plus the secrets and vault files. */
interface Place {
  readonly db: TestDatabase;
  readonly secretsFile: string;
  readonly vaultFile: string;
}

function envOf(p: Place): Record<string, string | undefined> {
  return { PARASOL_DATA_DIR: p.db.dataDir, DATABASE_URL: p.db.databaseUrl, PARASOL_SECRETS_FILE: p.secretsFile, PARASOL_VAULT_FILE: p.vaultFile };
}

function configOf(p: Place): Config {
  return loadConfig(
    {},
    {
      dataDir: p.db.dataDir,
      databaseUrl: p.db.databaseUrl,
      sqliteFile: p.db.sqliteFile,
      secretsFile: p.secretsFile,
      vaultFile: p.vaultFile,
      insecureFastKdf: true,
      redisUrl: undefined,
      smtpUrl: undefined,
      logLevel: 'warn',
    },
  );
}

/** An empty target: a fresh data folder or database, with secrets and vault files at the given paths. */
async function emptyTarget(dialect: DialectName, keys: { secretsFile: string; vaultFile: string }): Promise<Place> {
  return { db: await freshDatabase(dialect), secretsFile: keys.secretsFile, vaultFile: keys.vaultFile };
}

/** Is the target still exactly empty? SQLite: the data folder has no file at all. PostgreSQL: no table. */
async function targetIsEmpty(p: Place): Promise<boolean> {
  if (p.db.dialect === 'sqlite') return !fs.existsSync(p.db.dataDir) || fs.readdirSync(p.db.dataDir).length === 0;
  const c = new pg.Client({ connectionString: p.db.databaseUrl });
  await c.connect();
  try {
    const r = await c.query(`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`);
    return r.rows[0].n === 0;
  } finally {
    await c.end();
  }
}

interface Made {
  readonly reportId: ReportId;
  readonly organisationId: OrganisationId;
  readonly markers: Readonly<Record<'place' | 'description' | 'identifier' | 'contact' | 'message' | 'reply' | 'note', string>>;
}

/** Large enough that the database spans several 1 MiB chunks of the archive, so chunks can be dropped. */
function filler(bytes: number): string {
  const words = ['rain', 'street', 'night', 'door', 'phone', 'car', 'money', 'room', 'friend', 'bus'];
  let s = '';
  while (s.length < bytes) s += words[s.length % words.length]! + ' ';
  return s;
}

/** Reports in three organisations, each with a reporter message, a staff reply and a staff note. */
async function makeReports(ctx: Context, demoKeys: DemoKey[]): Promise<Made[]> {
  const places: Array<{ countryCode: string; areaId: string | null }> = [
    { countryCode: 'RO', areaId: 'ro-bucharest' },
    { countryCode: 'GB', areaId: 'gb-london' },
    { countryCode: 'PT', areaId: null },
  ];
  const made: Made[] = [];
  for (const place of places) {
    const tag = () => `PSLMARK${randomId().slice(0, 12)}`;
    const markers = { place: tag(), description: tag(), identifier: tag(), contact: tag(), message: tag(), reply: tag(), note: tag() };
    const submission: ReportSubmission = {
      countryCode: place.countryCode,
      areaId: place.areaId,
      organisationId: null,
      placeDetail: `behind the station ${markers.place}`,
      incidentDate: '2026-03-14',
      categories: ['robbery'],
      perpetratorTypes: ['client'],
      description: `He took my phone ${markers.description} ${filler(450_000)}`,
      identifiers: [{ kind: 'handle', value: markers.identifier, normalised: markers.identifier.toLowerCase() }],
      wantsSupport: true,
      warnOthers: true,
      statistics: true,
      police: 'none',
      contact: { name: 'Mia', details: `Signal ${markers.contact}` },
      language: 'en',
    };
    const result = await submitReport(ctx.core, submission);
    if (result.kind !== 'submitted') throw new Error(`report not submitted: ${result.kind}`);
    const access = (await accessByReceipt(ctx.core, result.receipt))!;
    await addMessage(ctx.core, { reportId: result.reportId, contentKey: access.contentKey, author: 'reporter', kind: 'message', authorUserId: null, text: `Are you there? ${markers.message}` });
    const key = demoKeys.find((k) => k.organisationId === result.organisation.id)!;
    const user = (await findStaffUser(ctx.core.db, key.userId))!;
    const staffAccess = await caseAccess(ctx.core, user, key.keyPair, result.reportId);
    if (staffAccess.kind !== 'ok') throw new Error(`caseworker cannot open ${result.reportId}`);
    await reply(ctx.core, user, staffAccess, `We are here. ${markers.reply}`);
    await addNote(ctx.core, user, staffAccess, `Called the clinic. ${markers.note}`);
    made.push({ reportId: result.reportId, organisationId: result.organisation.id, markers });
  }
  return made;
}

/** Opens every report of a restored installation with its organisation's caseworker key and checks all its content. */
async function expectEveryReportDecrypts(p: Place, demoKeys: DemoKey[], made: Made[]): Promise<void> {
  const ctx = await createContext(configOf(p));
  try {
    const rows = await ctx.core.db.selectFrom('reports').select(['id', 'organisation_id']).execute();
    expect(rows.map((r) => r.id).sort()).toEqual(made.map((m) => m.reportId).sort());
    for (const row of rows) {
      const m = made.find((x) => x.reportId === row.id)!;
      const key = demoKeys.find((k) => k.organisationId === row.organisation_id)!;
      const user = (await findStaffUser(ctx.core.db, key.userId))!;
      const access = await caseAccess(ctx.core, user, key.keyPair, row.id);
      expect(access.kind).toBe('ok');
      if (access.kind !== 'ok') continue;
      const view = await readCase(ctx.core, user, access);
      expect(view.content.description).toContain(m.markers.description);
      expect(view.content.placeDetail).toContain(m.markers.place);
      expect(view.content.identifiers.map((i) => i.value)).toEqual([m.markers.identifier]);
      expect(view.messages.map((x) => x.text)).toEqual([`Are you there? ${m.markers.message}`, `We are here. ${m.markers.reply}`]);
      expect(view.notes.map((x) => x.text)).toEqual([`Called the clinic. ${m.markers.note}`]);
    }
  } finally {
    await ctx.close();
  }
}

/** A marker as it could appear in a file: in clear (UTF-8 and UTF-16), in base64 at each alignment, in hex. */
function encodings(marker: string): Buffer[] {
  const raw = Buffer.from(marker, 'utf8');
  const out = [raw, Buffer.from(marker, 'utf16le'), Buffer.from(raw.toString('hex')), Buffer.from(raw.toString('hex').toUpperCase())];
  for (let shift = 0; shift < 3; shift++) {
    // The middle of the base64 of the marker behind `shift` other bytes does not depend on those bytes.
    const b64 = Buffer.concat([Buffer.alloc(shift, 0x41), raw]).toString('base64');
    out.push(Buffer.from(b64.slice(4, -4)));
  }
  return out;
}

function containsAny(haystack: Buffer, needles: Buffer[]): boolean {
  return needles.some((n) => haystack.includes(n));
}

for (const { name: dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`parasol backup on ${dialect}`, () => {
    let work: string;
    let source: Place;
    let demoKeys: DemoKey[];
    let made: Made[];
    let auditEntries: number;
    let archive: string;
    let createRun: CliResult;
    const cleanups: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-backup-cli-'));
      const keysDir = path.join(work, 'keys');
      source = { db: await freshDatabase(dialect), secretsFile: path.join(keysDir, 'secrets.json'), vaultFile: path.join(keysDir, 'vault.json') };
      cleanups.push(() => source.db.drop());
      writeSecretsFile(source.secretsFile, generateSecrets());
      const ctx = await createContext(configOf(source));
      try {
        demoKeys = await createDemo(ctx.core);
        made = await makeReports(ctx, demoKeys);
        auditEntries = Number(
          (
            await ctx.core.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        // The backup runs while this connection (the "server") still holds the database open.
        archive = path.join(work, 'backup.pbak');
        createRun = await cli(['backup', 'create', '--out', archive], envOf(source));
      } finally {
        await ctx.close();
      }
    }, SLOW);

    afterAll(async () => {
      for (const c of cleanups.reverse()) await c().catch(() => {});
      if (work) fs.rmSync(work, { recursive: true, force: true });
    }, SLOW);

    it(
      'restores into a fresh target where every report decrypts for its caseworker and the audit chain verifies',
      async () => {
        expect(createRun.stderr).not.toMatch(/FAILED/);
        expect(createRun.code).toBe(0);
        expect(createRun.stdout).toMatch(/Wrote the backup .*backup\.pbak/);
        // Not a terminal here: a few plain progress lines, ending at 100 %.
        expect(createRun.stderr).toMatch(/Encrypting: 0% of .*\n(.*\n)*Encrypting: 100% \(/);
        expect(fs.statSync(archive).mode & 0o077).toBe(0);
        expect(scanFrames(fs.readFileSync(archive)).frames.length).toBeGreaterThanOrEqual(4); // header, 2+ database chunks, config

        const verify = await cli(['backup', 'verify', archive], envOf(source));
        expect(verify.code).toBe(0);
        expect(verify.stdout).toMatch(/is a complete, intact Parasol backup/);
        expect(verify.stdout).toContain(dialect === 'sqlite' ? 'database.sqlite' : 'database.sql');

        const target = await emptyTarget(dialect, source);
        cleanups.push(() => target.db.drop());
        const restore = await cli(['backup', 'restore', archive], envOf(target));
        expect(restore.stderr).not.toMatch(/FAILED/);
        expect(restore.code).toBe(0);
        expect(restore.stdout).toMatch(/Restored the backup made/);
        expect(restore.stderr).toMatch(/Restoring: 100%/);

        const audit = await cli(['audit', 'verify'], envOf(target));
        expect(audit.stdout).toContain(`The audit chain is intact: ${auditEntries} entries verified.`);
        expect(audit.code).toBe(0);

        expect(restore.stdout).toContain(`the key vault ${source.vaultFile} (PARASOL_VAULT_FILE) is in the restored database`);
        await expectEveryReportDecrypts(target, demoKeys, made);

        // The vault is not in the archive: with the secrets file but another installation's vault file, nothing decrypts.
        const otherKeys = path.join(work, 'other-vault');
        fs.mkdirSync(otherKeys, { recursive: true });
        fs.copyFileSync(source.secretsFile, path.join(otherKeys, 'secrets.json'));
        const sourceVault = JSON.parse(fs.readFileSync(source.vaultFile, 'utf8')) as { current: number; generations: Array<{ g: number; key: string; destroyAfter: string | null }> };
        const otherVault = { ...sourceVault, generations: sourceVault.generations.map((g) => ({ ...g, key: randomBytes(32).toString('base64') })) };
        fs.writeFileSync(path.join(otherKeys, 'vault.json'), JSON.stringify(otherVault), { mode: 0o600 });
        const other = await emptyTarget(dialect, { secretsFile: path.join(otherKeys, 'secrets.json'), vaultFile: path.join(otherKeys, 'vault.json') });
        cleanups.push(() => other.db.drop());
        // And with no vault file at all.
        const none = await emptyTarget(dialect, { secretsFile: path.join(otherKeys, 'secrets.json'), vaultFile: path.join(work, 'no-vault', 'vault.json') });
        cleanups.push(() => none.db.drop());
        const [otherRestore, noneRestore] = await inTurn([() => cli(['backup', 'restore', archive], envOf(other)), () => cli(['backup', 'restore', archive], envOf(none))]);
        expect(otherRestore!.code).toBe(0);
        expect(noneRestore!.code).toBe(0);
        expect(noneRestore!.stderr).toContain(`Note: there is no key vault at ${none.vaultFile}`);
        const ctx = await createContext(configOf(other));
        try {
          for (const row of made) {
            const key = demoKeys.find((k) => k.organisationId === row.organisationId)!;
            const user = (await findStaffUser(ctx.core.db, key.userId))!;
            await expect(caseAccess(ctx.core, user, key.keyPair, row.reportId)).rejects.toThrow(/does not open with this vault/);
          }
        } finally {
          await ctx.close();
        }
        await expect(createContext(configOf(none))).rejects.toThrow(/PARASOL_VAULT_FILE\) is missing, but the database holds reports sealed with it/);
      },
      SLOW,
    );

    it(
      'refuses damaged archives and files that are no backup, in verify and restore, and leaves the target empty',
      async () => {
        const good = fs.readFileSync(archive);
        const { frames } = scanFrames(good);
        const variant = (name: string, bytes: Buffer) => {
          const file = path.join(work, `${name}.pbak`);
          fs.writeFileSync(file, bytes);
          return file;
        };
        const flipped = Buffer.from(good);
        flipped[Math.floor(good.length / 2)]! ^= 0x01;
        const dropped = Buffer.concat([good.subarray(0, frames[1]!.offset), good.subarray(frames[2]!.offset)]);
        const cases: Array<{ file: string; expect: RegExp }> = [
          { file: variant('flipped', flipped), expect: /is corrupted: chunk \d+ of \d+ of part "database\.sql(ite)?" fails authentication/ },
          { file: variant('cut-preamble', good.subarray(0, 30)), expect: /is truncated: it ends in the middle of its preamble/ },
          { file: variant('cut-middle', good.subarray(0, Math.floor(good.length / 2))), expect: /is truncated: it ends in the middle of part "database\.sql(ite)?" \(chunk \d+ of \d+\)/ },
          { file: variant('cut-last-byte', good.subarray(0, good.length - 1)), expect: /is truncated: it ends in the middle of part "config\.json" \(chunk 1 of 1\)/ },
          {
            file: variant('dropped-chunk', dropped),
            expect: /is corrupted: (chunk 1 of \d+ of part "database\.sql(ite)?" fails authentication|part "database\.sql(ite)?" \(chunk 1 of \d+\) has the wrong length)/,
          },
          { file: variant('appended', Buffer.concat([good, randomBytes(100)])), expect: /has 100 unexpected bytes after the end of the archive: data was appended/ },
          { file: variant('random', randomBytes(64 * 1024)), expect: /is not a Parasol backup archive/ },
        ];
        const target = await emptyTarget(dialect, source);
        cleanups.push(() => target.db.drop());
        const otherKeys = path.join(work, 'other-keys');
        writeSecretsFile(path.join(otherKeys, 'secrets.json'), generateSecrets());

        const runs = await inTurn([
          ...cases.flatMap((c) => [() => cli(['backup', 'verify', c.file], envOf(source)), () => cli(['backup', 'restore', c.file], envOf(target))]),
          () => cli(['backup', 'verify', archive], { ...envOf(source), PARASOL_SECRETS_FILE: path.join(otherKeys, 'secrets.json') }),
          () => cli(['backup', 'restore', archive], { ...envOf(target), PARASOL_SECRETS_FILE: path.join(otherKeys, 'secrets.json') }),
        ]);
        cases.forEach((c, i) => {
          const [verify, restore] = [runs[2 * i]!, runs[2 * i + 1]!];
          expect(verify.code, `verify ${path.basename(c.file)}: ${verify.stderr}`).toBe(1);
          expect(verify.stderr).toMatch(/^Verification FAILED: /m);
          expect(verify.stderr).toMatch(c.expect);
          expect(restore.code, `restore ${path.basename(c.file)}: ${restore.stderr}`).toBe(1);
          expect(restore.stderr).toMatch(/^Restore FAILED: /m);
          expect(restore.stderr).toMatch(c.expect);
          expect(restore.stderr).toContain('Nothing was restored; the target is as it was.');
        });
        const [wrongVerify, wrongRestore] = runs.slice(-2);
        for (const r of [wrongVerify!, wrongRestore!]) {
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(/was made by another Parasol installation/);
        }
        expect(await targetIsEmpty(target)).toBe(true);
      },
      SLOW,
    );

    it(
      'refuses to restore into a target that is not empty, and leaves it as it was',
      async () => {
        const before = dialect === 'sqlite' ? fs.readFileSync(source.db.sqliteFile) : null;
        const r = await cli(['backup', 'restore', archive], envOf(source));
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(dialect === 'sqlite' ? /the data folder .* already contains a database \(parasol\.sqlite\)/ : /the database .* is not empty \(it has \d+ tables/);
        expect(r.stderr).toContain('Nothing was changed.');
        if (before) expect(fs.readFileSync(source.db.sqliteFile).equals(before)).toBe(true);
        else {
          const ctx = await createContext(configOf(source), { migrate: false });
          try {
            expect(await ctx.core.db.selectFrom('reports').select('id').execute()).toHaveLength(made.length);
          } finally {
            await ctx.close();
          }
        }
      },
      SLOW,
    );

    it(
      'holds no report marker in any encoding, and neither the pepper nor any vault key',
      async () => {
        const bytes = fs.readFileSync(archive);
        const markers = made.flatMap((m) => Object.values(m.markers));
        expect(markers.length).toBe(21);
        for (const m of markers) expect(containsAny(bytes, encodings(m)), m).toBe(false);
        // Decrypted with the secrets file: the database and configuration as stored hold no marker either
        // (content is encrypted to the caseworkers), and no key that would open it.
        const plain: Buffer[] = [];
        const result = await readArchive(archive, { pepper: readSecretsFile(source.secretsFile).pepper, sink: () => ({ write: (c) => void plain.push(Buffer.from(c)) }) });
        expect(result.header.parts.map((p) => p.name)).toEqual([dialect === 'sqlite' ? 'database.sqlite' : 'database.sql', 'config.json']);
        const all = Buffer.concat(plain);
        for (const m of markers) expect(containsAny(all, encodings(m)), m).toBe(false);
        const secrets = readSecretsFile(source.secretsFile);
        const vault = JSON.parse(fs.readFileSync(source.vaultFile, 'utf8')) as { generations: Array<{ key: string }> };
        const keys = [secrets.pepper, secrets.installationSalt, ...secrets.sessionKeys, ...vault.generations.map((g) => Buffer.from(g.key, 'base64'))];
        for (const k of keys) {
          expect(all.includes(k)).toBe(false);
          expect(all.includes(Buffer.from(k.toString('base64')))).toBe(false);
          expect(all.includes(Buffer.from(k.toString('hex')))).toBe(false);
          expect(bytes.includes(k)).toBe(false);
        }
      },
      SLOW,
    );

    it(
      'with --with-secrets: needs the passphrase, warns about crypto-shredding, and restores the secrets and vault where they were lost',
      async () => {
        const withSecrets = path.join(work, 'with-secrets.pbak');
        const noPass = await cli(['backup', 'create', '--with-secrets', '--out', withSecrets], envOf(source));
        expect(noPass.code).toBe(1);
        expect(noPass.stderr).toMatch(/Backup FAILED: --with-secrets needs a passphrase .*: set PARASOL_BACKUP_PASSPHRASE/);
        expect(fs.existsSync(withSecrets)).toBe(false);

        const made2 = await cli(['backup', 'create', '--with-secrets', '--out', withSecrets], { ...envOf(source), PARASOL_BACKUP_PASSPHRASE: PASSPHRASE });
        expect(made2.code).toBe(0);
        expect(made2.stderr).toMatch(/WARNING: this archive holds the secrets file and the key vault as they are now\.\nIt defeats crypto-shredding for as long as it is kept/);
        expect(made2.stdout).toMatch(/secrets\.json .*\(under the passphrase\)/);

        // A machine where everything was lost: no secrets file, no vault, an empty data folder or database.
        const lostKeys = path.join(work, 'lost-keys');
        const target = await emptyTarget(dialect, { secretsFile: path.join(lostKeys, 'secrets.json'), vaultFile: path.join(lostKeys, 'vault.json') });
        cleanups.push(() => target.db.drop());
        const [plainArchive, missing, wrong] = await inTurn([
          () => cli(['backup', 'restore', archive], envOf(target)),
          () => cli(['backup', 'restore', '--secrets', withSecrets], envOf(target)),
          () => cli(['backup', 'restore', '--secrets', withSecrets], { ...envOf(target), PARASOL_BACKUP_PASSPHRASE: 'not the right passphrase' }),
        ]);
        expect(plainArchive!.code).toBe(1);
        expect(plainArchive!.stderr).toMatch(/needs the secrets file of the installation that made the backup, and there is none at/);
        expect(missing!.code).toBe(1);
        expect(missing!.stderr).toMatch(/--secrets needs the passphrase of the archive's secrets part in PARASOL_BACKUP_PASSPHRASE/);
        expect(wrong!.code).toBe(1);
        expect(wrong!.stderr).toMatch(/the passphrase in PARASOL_BACKUP_PASSPHRASE does not open the secrets part/);
        expect(fs.existsSync(lostKeys)).toBe(false);
        expect(await targetIsEmpty(target)).toBe(true);

        const restored = await cli(['backup', 'restore', '--secrets', withSecrets], { ...envOf(target), PARASOL_BACKUP_PASSPHRASE: PASSPHRASE });
        expect(restored.stderr).not.toMatch(/FAILED/);
        expect(restored.code).toBe(0);
        expect(fs.readFileSync(target.secretsFile).equals(fs.readFileSync(source.secretsFile))).toBe(true);
        expect(fs.readFileSync(target.vaultFile).equals(fs.readFileSync(source.vaultFile))).toBe(true);
        for (const f of [target.secretsFile, target.vaultFile]) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
        await expectEveryReportDecrypts(target, demoKeys, made);

        // Never over existing secrets.
        const again = await cli(['backup', 'restore', '--secrets', withSecrets], { ...envOf(target), PARASOL_BACKUP_PASSPHRASE: PASSPHRASE });
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(/already contains a database|is not empty|exists\. Move it away/);
      },
      SLOW,
    );

    it(
      'after a deletion and its grace, the vault file no longer opens a backup made before it',
      async () => {
        // A reporter deletes one report; the retention job rotates and, the grace (none here) being over,
        // destroys the old generation; this instance's vault file follows at once.
        const ctx = await createContext(configOf(source));
        try {
          expect(await deleteOwnReport(ctx.core, made[0]!.reportId)).toBe(true);
          const r = await runRetention(ctx.core, { graceMs: 0 });
          expect(r.destroyedGenerations).toEqual([1]);
        } finally {
          await ctx.close();
        }
        const mirror = JSON.parse(fs.readFileSync(source.vaultFile, 'utf8')) as { generations: Array<{ g: number }> };
        expect(mirror.generations.map((g) => g.g)).toEqual([2]);
        expect(fs.statSync(source.vaultFile).mode & 0o777).toBe(0o600);

        const target = await emptyTarget(dialect, source);
        cleanups.push(() => target.db.drop());
        const restore = await cli(['backup', 'restore', archive], envOf(target));
        expect(restore.code).toBe(0);
        const restored = await createContext(configOf(target));
        try {
          for (const row of made) {
            const key = demoKeys.find((k) => k.organisationId === row.organisationId)!;
            const user = (await findStaffUser(restored.core.db, key.userId))!;
            // Every report of the old backup was wrapped under the destroyed generation: none opens, not only the deleted one.
            await expect(caseAccess(restored.core, user, key.keyPair, row.reportId)).rejects.toThrow();
          }
        } finally {
          await restored.close();
        }
      },
      SLOW,
    );
  });
}
