/**
 * The key vault, shared by every instance: the generation keys that wrap each
 * report's shred key. They live in their own table, each sealed
 * (XChaCha20-Poly1305) under a vault key derived from the secrets file's
 * pepper, so a copy of the database alone opens none of them, and
 * `backup create` leaves the table out. Every instance reads the same rows,
 * so all of them always agree on every generation; a generation number is a
 * primary key, so two instances can never hold different keys for one.
 *
 * Each instance mirrors the table to its vault file (PARASOL_VAULT_FILE,
 * mode 0600, replaced atomically) at start and whenever it reads a change,
 * because a backup is restored with that file when the database is lost:
 * `backup restore` and the first start put its generations back into the
 * table. A destroyed generation leaves every mirror at its next sync, so a
 * backup made before a deletion cannot be read once the grace has passed.
 *
 * Only the retention job rotates: a deletion (by retention or by a reporter)
 * marks the current generation for retirement; the job starts a new
 * generation, re-wraps the remaining shred keys, and deletes the old
 * generation's row once its grace period has passed. A raw dump, snapshot
 * or WAL archive taken before the deletion still holds the old row and,
 * with the secrets file, still opens what was deleted after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decrypt, deriveSubkey, encrypt, randomBytes, type ContentKey } from '../crypto/index.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Secrets } from './secrets.js';
import type { ReportId } from '../db/ids.js';

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

/** The vault file of earlier versions (and of `backup create --with-secrets`): generation keys in clear. */
interface VaultFileV1 {
  version: 1;
  current: number;
  generations: Array<{ g: number; key: string; destroyAfter: string | null }>;
}

function parseVaultFile(text: string, where = 'the vault file'): VaultFileV1 {
  let parsed: VaultFileV1;
  try {
    parsed = JSON.parse(text) as VaultFileV1;
  } catch {
    throw new VaultError(`${where} (PARASOL_VAULT_FILE) is not valid JSON (damaged or edited): restore this installation's vault.json from your copy`);
  }
  const wellFormed =
    parsed?.version === 1 &&
    typeof parsed.current === 'number' &&
    Array.isArray(parsed.generations) &&
    parsed.generations.every(
      (g) => Number.isInteger(g?.g) && typeof g.key === 'string' && Buffer.from(g.key, 'base64').length === 32 && (g.destroyAfter === null || typeof g.destroyAfter === 'string'),
    );
  if (!wellFormed) throw new VaultError(`${where} (PARASOL_VAULT_FILE) is not a Parasol key vault: restore this installation's vault.json from your copy`);
  return parsed;
}

/** Reads a vault file: null when there is none; one-line VaultError when others can read it, it cannot be read, or it is damaged. */
export function readVaultFile(file: string): VaultFileV1 | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VaultError(`the vault file ${file} (PARASOL_VAULT_FILE) cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): make it readable by the user Parasol runs as (chmod 600)`);
  }
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
    throw new VaultError(`the vault file ${file} (PARASOL_VAULT_FILE) is readable by others (mode 0${(st.mode & 0o777).toString(8)}): run "chmod 600 ${file}"`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new VaultError(`the vault file ${file} (PARASOL_VAULT_FILE) cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): make it readable by the user Parasol runs as (chmod 600)`);
  }
  return parseVaultFile(text, `the vault file ${file}`);
}

/** One serialisation for the mirror and a backup's secrets part, so both are byte for byte the same vault. */
function vaultFileText(generations: Array<{ g: number; key: Buffer; destroyAfter: string | null }>): string {
  const body: VaultFileV1 = {
    version: 1,
    current: Math.max(...generations.map((x) => x.g)),
    generations: generations.map((x) => ({ g: x.g, key: x.key.toString('base64'), destroyAfter: x.destroyAfter ? x.destroyAfter.slice(0, 10) : null })),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Replaces a file atomically with mode 0600: a new file under a temporary name, synced, then renamed over the old one. */
function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Some file systems refuse to sync a folder; the rename is still atomic.
  }
}

type Db = Kysely<Database> | Transaction<Database>;

const sealContext = (g: number) => `vault-generation:${g}`;

export class Vault {
  /** What this instance last wrote to its mirror (nothing is rewritten while the vault does not change). */
  private mirrored: string | null = null;

  private constructor(
    private readonly vaultKey: ContentKey,
    /** This instance's vault file, the mirror of the table; null for none. */
    readonly mirrorFile: string | null,
  ) {}

  /** The vault of the installation whose secrets these are, mirrored to `mirrorFile` (nothing is read yet). */
  static forSecrets(secrets: Secrets, mirrorFile: string | null = null): Vault {
    return new Vault(deriveSubkey(secrets.pepper, 'vaultkey', 1), mirrorFile);
  }

  private seal(g: number, key: Buffer): Buffer {
    return encrypt(this.vaultKey, key, sealContext(g));
  }

  private open(g: number, sealed: Buffer): ContentKey {
    try {
      return decrypt(this.vaultKey, sealed, sealContext(g)) as ContentKey;
    } catch {
      throw new VaultError('the key vault in the database does not open with this secrets file: use the secrets file of this installation');
    }
  }

  /**
   * Makes sure the vault holds a generation, then writes the mirror. When
   * the table is empty (an upgrade from the vault file of earlier versions,
   * or a database restored from a backup), the vault file's generations go
   * into it. A missing vault on a database that already holds wrapped shred
   * keys is an error: a fresh one would make every report unreadable. A
   * vault file that others can read, or that is damaged, stops the start.
   */
  async prepare(db: Db): Promise<void> {
    const file = this.mirrorFile;
    const held = await db.selectFrom('vault_generations').select(['generation', 'sealed_key']).execute();
    const mirror = file ? readVaultFile(file) : null;
    if (held.length) {
      if (mirror) {
        // The mirror may lack a new generation or still hold a destroyed one; a generation both hold must be the same key.
        for (const gen of mirror.generations) {
          const row = held.find((r) => Number(r.generation) === gen.g);
          if (row && !this.open(gen.g, Buffer.from(row.sealed_key)).equals(Buffer.from(gen.key, 'base64'))) {
            throw new VaultError(
              `the vault file ${file} (PARASOL_VAULT_FILE) is not the vault this database shares: give this instance its installation's vault file, or check that it uses the right database`,
            );
          }
        }
      }
    } else if (mirror) {
      await this.importFile(db, mirror);
    } else if (await db.selectFrom('report_vault').select('report_id').limit(1).executeTakeFirst()) {
      throw new VaultError(
        `the key vault ${file ?? 'vault.json'} (PARASOL_VAULT_FILE) is missing, but the database holds reports sealed with it: restore this installation's vault.json there; without it no report can be read`,
      );
    } else {
      await db
        .insertInto('vault_generations')
        .values({ generation: 1, sealed_key: this.seal(1, randomBytes(32)), destroy_after: null, retire: 0 })
        .onConflict((oc) => oc.column('generation').doNothing())
        .execute();
    }
    await this.syncMirror(db);
  }

  /**
   * Writes the table's generations to this instance's vault file when they
   * changed since the last write (a rotation, a destruction): a generation
   * destroyed in the table leaves the file here.
   */
  async syncMirror(db: Db): Promise<boolean> {
    if (!this.mirrorFile) return false;
    const text = await this.exportText(db);
    if (text === null || text === this.mirrored) return false;
    writeFileAtomic(this.mirrorFile, text);
    this.mirrored = text;
    return true;
  }

  /** Puts the generations of a vault file (earlier versions, or a restored backup) into the table. */
  async importFile(db: Db, file: VaultFileV1 | string): Promise<void> {
    const parsed = typeof file === 'string' ? parseVaultFile(file, 'the vault in the archive') : file;
    for (const gen of parsed.generations) {
      await db
        .insertInto('vault_generations')
        .values({ generation: gen.g, sealed_key: this.seal(gen.g, Buffer.from(gen.key, 'base64')), destroy_after: gen.destroyAfter ? gen.destroyAfter.slice(0, 10) : null, retire: 0 })
        .onConflict((oc) => oc.column('generation').doNothing())
        .execute();
    }
  }

  /** The vault as a vault file (the mirror, and the passphrase-protected secrets part of a backup). */
  async exportFile(db: Db): Promise<string> {
    const text = await this.exportText(db);
    if (text === null) throw new VaultError('the key vault is empty');
    return text;
  }

  private async exportText(db: Db): Promise<string | null> {
    const rows = await db.selectFrom('vault_generations').selectAll().orderBy('generation').execute();
    if (!rows.length) return null;
    return vaultFileText(rows.map((r) => ({ g: Number(r.generation), key: this.open(Number(r.generation), Buffer.from(r.sealed_key)), destroyAfter: r.destroy_after })));
  }

  /** The current generation: the highest one held. */
  async currentGeneration(db: Db): Promise<number> {
    const row = await db
      .selectFrom('vault_generations')
      .select((eb) => eb.fn.max('generation').as('g'))
      .executeTakeFirst();
    if (row?.g === null || row?.g === undefined) throw new VaultError('the key vault is empty');
    return Number(row.g);
  }

  private async key(db: Db, g: number): Promise<ContentKey | null> {
    const row = await db.selectFrom('vault_generations').select('sealed_key').where('generation', '=', g).executeTakeFirst();
    return row ? this.open(g, Buffer.from(row.sealed_key)) : null;
  }

  /** Wraps a shred key under the current generation. */
  async wrap(db: Db, reportId: ReportId, shredKey: Buffer): Promise<{ generation: number; wrapped: Buffer }> {
    const g = await this.currentGeneration(db);
    return { generation: g, wrapped: encrypt((await this.key(db, g))!, shredKey, `vault:${g}:${reportId}`) };
  }

  /** Unwraps a shred key; null when its generation has been destroyed. */
  async unwrap(db: Db, reportId: ReportId, generation: number, wrapped: Buffer): Promise<Buffer | null> {
    const key = await this.key(db, generation);
    if (!key) return null;
    try {
      return decrypt(key, wrapped, `vault:${generation}:${reportId}`);
    } catch {
      throw new VaultError('a shred key does not open with this vault: the vault does not belong to this database');
    }
  }

  /** Asks the retention job to retire the current generation (after a deletion); changes no key. */
  async requestRotation(db: Db): Promise<void> {
    const g = await this.currentGeneration(db);
    await db.updateTable('vault_generations').set({ retire: 1 }).where('generation', '=', g).execute();
  }

  /** True when a deletion asked for a rotation that has not happened yet. */
  async rotationRequested(db: Db): Promise<boolean> {
    const g = await this.currentGeneration(db);
    const row = await db.selectFrom('vault_generations').select('retire').where('generation', '=', g).executeTakeFirst();
    return Number(row?.retire ?? 0) === 1;
  }

  /**
   * Starts a new generation; the old one is kept until the start of the day
   * `destroyOldAfter` (the grace counts in whole days). Run by the retention
   * job only. Two rotations at once cannot both succeed: the second one's
   * insert of the same generation number fails, and its job retries.
   */
  async rotate(db: Db, destroyOldAfter: Date): Promise<number> {
    const current = await this.currentGeneration(db);
    const next = current + 1;
    await db
      .insertInto('vault_generations')
      .values({ generation: next, sealed_key: this.seal(next, randomBytes(32)), destroy_after: null, retire: 0 })
      .execute();
    await db
      .updateTable('vault_generations')
      .set({ destroy_after: destroyOldAfter.toISOString().slice(0, 10), retire: 0 })
      .where('generation', '<', next)
      .where('destroy_after', 'is', null)
      .execute();
    return next;
  }

  /** Destroys retired generations whose grace period has passed and that nothing uses any more; returns those destroyed. */
  async destroyRetired(db: Db, now: Date, stillUsed: readonly number[] = []): Promise<number[]> {
    const current = await this.currentGeneration(db);
    const rows = await db.selectFrom('vault_generations').select(['generation', 'destroy_after']).where('destroy_after', 'is not', null).execute();
    const gone = rows.filter((r) => Number(r.generation) !== current && new Date(r.destroy_after!) <= now && !stillUsed.includes(Number(r.generation))).map((r) => Number(r.generation));
    if (gone.length) await db.deleteFrom('vault_generations').where('generation', 'in', gone).execute();
    return gone;
  }

  /** Generations still held. */
  async generations(db: Db): Promise<number[]> {
    return (await db.selectFrom('vault_generations').select('generation').orderBy('generation').execute()).map((r) => Number(r.generation));
  }
}
