/**
 * The key vault, shared by every instance: the generation keys that wrap each
 * report's shred key. They live in their own table, each sealed
 * (XChaCha20-Poly1305) under a vault key derived from the secrets file's
 * pepper, so a copy of the database alone opens none of them, and
 * `backup create` leaves the table out. Every instance reads the same rows,
 * so all of them always agree on every generation; a generation number is a
 * primary key, so two instances can never hold different keys for one.
 *
 * Only the retention job rotates: a deletion (by retention or by a reporter)
 * marks the current generation for retirement; the job starts a new
 * generation, re-wraps the remaining shred keys, and deletes the old
 * generation's row once its grace period has passed. From then on a backup
 * made with `backup create` before the deletion cannot be read. A raw dump,
 * snapshot or WAL archive taken before the deletion still holds the old row
 * and, with the secrets file, still opens what was deleted after it.
 */
import fs from 'node:fs';
import { decrypt, deriveSubkey, encrypt, randomBytes, type ContentKey } from '../crypto/index.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Secrets } from '../secrets.js';

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

function parseVaultFile(text: string): VaultFileV1 {
  const parsed = JSON.parse(text) as VaultFileV1;
  if (parsed.version !== 1 || !Array.isArray(parsed.generations)) throw new VaultError('vault file: unknown format');
  return parsed;
}

type Db = Kysely<Database> | Transaction<Database>;

const sealContext = (g: number) => `vault-generation:${g}`;

export class Vault {
  private constructor(private readonly vaultKey: ContentKey) {}

  /** The vault of the installation whose secrets these are (nothing is read yet). */
  static forSecrets(secrets: Secrets): Vault {
    return new Vault(deriveSubkey(secrets.pepper, 'vaultkey', 1));
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
   * Makes sure the vault holds a generation. On first start after an upgrade
   * the vault file of earlier versions is imported and then removed (left
   * beside the secrets file it would keep every retired key). A missing
   * vault on a database that already holds wrapped shred keys is an error:
   * a fresh one would make every report unreadable.
   */
  async prepare(db: Db, legacyFile: string | null): Promise<void> {
    const held = await db.selectFrom('vault_generations').select(['generation', 'sealed_key']).execute();
    const legacy = legacyFile && fs.existsSync(legacyFile) ? parseVaultFile(fs.readFileSync(legacyFile, 'utf8')) : null;
    if (held.length) {
      if (legacy) {
        // Another instance imported first: this file must be the same vault, or this instance was given another one.
        for (const gen of legacy.generations) {
          const row = held.find((r) => Number(r.generation) === gen.g);
          if (row && !this.open(gen.g, Buffer.from(row.sealed_key)).equals(Buffer.from(gen.key, 'base64'))) {
            throw new VaultError(`the vault file ${legacyFile} differs from the vault the other instances share: remove it from this instance, or check that the instances use the same database`);
          }
        }
        fs.rmSync(legacyFile!, { force: true });
      }
      return;
    }
    if (legacy) {
      await this.importFile(db, legacy);
      fs.rmSync(legacyFile!, { force: true });
      return;
    }
    if (await db.selectFrom('report_vault').select('report_id').limit(1).executeTakeFirst()) {
      throw new VaultError(`the key vault is missing, but the database holds reports sealed with it: restore it (${legacyFile ?? 'vault.json'} beside the secrets file, from a backup made with --with-secrets)`);
    }
    await db
      .insertInto('vault_generations')
      .values({ generation: 1, sealed_key: this.seal(1, randomBytes(32)), destroy_after: null, retire: 0 })
      .onConflict((oc) => oc.column('generation').doNothing())
      .execute();
  }

  /** Puts the generations of a vault file (earlier versions, or a restored backup) into the table. */
  async importFile(db: Db, file: VaultFileV1 | string): Promise<void> {
    const parsed = typeof file === 'string' ? parseVaultFile(file) : file;
    for (const gen of parsed.generations) {
      await db
        .insertInto('vault_generations')
        .values({ generation: gen.g, sealed_key: this.seal(gen.g, Buffer.from(gen.key, 'base64')), destroy_after: gen.destroyAfter ? gen.destroyAfter.slice(0, 10) : null, retire: 0 })
        .onConflict((oc) => oc.column('generation').doNothing())
        .execute();
    }
  }

  /** The vault as a vault file, for the passphrase-protected secrets part of a backup. */
  async exportFile(db: Db): Promise<string> {
    const rows = await db.selectFrom('vault_generations').selectAll().orderBy('generation').execute();
    const body: VaultFileV1 = {
      version: 1,
      current: Math.max(...rows.map((r) => Number(r.generation))),
      generations: rows.map((r) => ({ g: Number(r.generation), key: this.open(Number(r.generation), Buffer.from(r.sealed_key)).toString('base64'), destroyAfter: r.destroy_after })),
    };
    return JSON.stringify(body, null, 2) + '\n';
  }

  /** The current generation: the highest one held. */
  async currentGeneration(db: Db): Promise<number> {
    const row = await db.selectFrom('vault_generations').select((eb) => eb.fn.max('generation').as('g')).executeTakeFirst();
    if (row?.g === null || row?.g === undefined) throw new VaultError('the key vault is empty');
    return Number(row.g);
  }

  private async key(db: Db, g: number): Promise<ContentKey | null> {
    const row = await db.selectFrom('vault_generations').select('sealed_key').where('generation', '=', g).executeTakeFirst();
    return row ? this.open(g, Buffer.from(row.sealed_key)) : null;
  }

  /** Wraps a shred key under the current generation. */
  async wrap(db: Db, reportId: string, shredKey: Buffer): Promise<{ generation: number; wrapped: Buffer }> {
    const g = await this.currentGeneration(db);
    return { generation: g, wrapped: encrypt((await this.key(db, g))!, shredKey, `vault:${g}:${reportId}`) };
  }

  /** Unwraps a shred key; null when its generation has been destroyed. */
  async unwrap(db: Db, reportId: string, generation: number, wrapped: Buffer): Promise<Buffer | null> {
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
    await db.insertInto('vault_generations').values({ generation: next, sealed_key: this.seal(next, randomBytes(32)), destroy_after: null, retire: 0 }).execute();
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
