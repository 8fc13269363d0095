/**
 * The key vault file (vault.json, mode 0600, beside the secrets file and,
 * like it, never inside the database or its backups). It holds the vault
 * generation keys that wrap every report's shred key. The retention job
 * rotates to a new generation after deleting reports, re-wraps the remaining
 * shred keys, and destroys the old generation once its grace period has
 * passed: from then on no backup made before the deletion can be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decrypt, encrypt, randomBytes, type ContentKey } from './crypto/index.js';

interface Generation {
  g: number;
  key: string;
  /**
   * The day ('YYYY-MM-DD', UTC) from which this generation is destroyed, set
   * when it is retired. A day, not an instant: a reporter's deletion retires
   * a generation, so an instant here would be the time of their act
   * (files from before kept an ISO instant; both parse the same way).
   */
  destroyAfter: string | null;
}

interface VaultFileV1 {
  version: 1;
  current: number;
  generations: Generation[];
}

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

export class Vault {
  private data: VaultFileV1;
  private mtimeMs = 0;

  private constructor(
    readonly file: string | null,
    data: VaultFileV1,
  ) {
    this.data = data;
  }

  /** A vault kept only in memory (tests). */
  static inMemory(): Vault {
    return new Vault(null, { version: 1, current: 1, generations: [{ g: 1, key: randomBytes(32).toString('base64'), destroyAfter: null }] });
  }

  /**
   * Opens the vault file. A missing file is created (mode 0600) only when
   * `createIfMissing` says so: on a database that already holds wrapped shred
   * keys, a fresh vault would make every report unreadable, so that is an error.
   */
  static open(file: string, createIfMissing = true): Vault {
    if (!fs.existsSync(file)) {
      if (!createIfMissing) throw new VaultError(`the key vault ${file} (PARASOL_VAULT_FILE) is missing, but the database holds reports sealed with it: restore this installation's vault.json there; without it no report can be read`);
      const v = Vault.inMemory();
      const created = new Vault(file, v.data);
      created.save();
      return created;
    }
    const vault = new Vault(file, { version: 1, current: 0, generations: [] });
    vault.reload();
    return vault;
  }

  /** Re-reads the file when another instance changed it. */
  private reload(): void {
    if (!this.file) return;
    const st = fs.statSync(this.file);
    if (st.mtimeMs === this.mtimeMs) return;
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) throw new VaultError(`the vault file ${this.file} is readable by others (mode 0${(st.mode & 0o777).toString(8)}): run "chmod 600 ${this.file}"`);
    let parsed: VaultFileV1;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as VaultFileV1;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new VaultError(
        code
          ? `the vault file ${this.file} (PARASOL_VAULT_FILE) cannot be read (${code}): make it readable by the user Parasol runs as (chmod 600)`
          : `the vault file ${this.file} (PARASOL_VAULT_FILE) is not valid JSON (damaged or edited): restore this installation's vault.json from your copy`,
      );
    }
    if (parsed?.version !== 1 || typeof parsed.current !== 'number' || !Array.isArray(parsed.generations)) {
      throw new VaultError(`the vault file ${this.file} (PARASOL_VAULT_FILE) is not a Parasol key vault: restore this installation's vault.json from your copy`);
    }
    this.data = parsed;
    this.mtimeMs = st.mtimeMs;
  }

  private save(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(this.data, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.mtimeMs = fs.statSync(this.file).mtimeMs;
  }

  get currentGeneration(): number {
    this.reload();
    return this.data.current;
  }

  private key(g: number): ContentKey | null {
    this.reload();
    const gen = this.data.generations.find((x) => x.g === g);
    return gen ? (Buffer.from(gen.key, 'base64') as ContentKey) : null;
  }

  /** Wraps a shred key under the current generation. */
  wrap(reportId: string, shredKey: Buffer): { generation: number; wrapped: Buffer } {
    const g = this.currentGeneration;
    return { generation: g, wrapped: encrypt(this.key(g)!, shredKey, `vault:${g}:${reportId}`) };
  }

  /** Unwraps a shred key; null when its generation has been destroyed. */
  unwrap(reportId: string, generation: number, wrapped: Buffer): Buffer | null {
    const key = this.key(generation);
    if (!key) return null;
    try {
      return decrypt(key, wrapped, `vault:${generation}:${reportId}`);
    } catch {
      throw new VaultError('a shred key does not open with this vault: the vault file does not belong to this database');
    }
  }

  /**
   * Starts a new generation; the old one is kept until the start of the day
   * of `destroyOldAfter` (the grace counts in whole days from the day of the
   * deletion). Returns the new generation.
   */
  rotate(destroyOldAfter: Date): number {
    this.reload();
    const next = Math.max(...this.data.generations.map((x) => x.g)) + 1;
    for (const gen of this.data.generations) if (gen.g === this.data.current) gen.destroyAfter = destroyOldAfter.toISOString().slice(0, 10);
    this.data.generations.push({ g: next, key: randomBytes(32).toString('base64'), destroyAfter: null });
    this.data.current = next;
    this.save();
    return next;
  }

  /** Destroys retired generations whose grace period has passed and that nothing uses any more; returns those destroyed. */
  destroyRetired(now: Date, stillUsed: readonly number[] = []): number[] {
    this.reload();
    const gone = this.data.generations
      .filter((x) => x.g !== this.data.current && x.destroyAfter && new Date(x.destroyAfter) <= now && !stillUsed.includes(x.g))
      .map((x) => x.g);
    if (gone.length) {
      this.data.generations = this.data.generations.filter((x) => !gone.includes(x.g));
      this.save();
    }
    return gone;
  }

  /** Generations still held. */
  generations(): number[] {
    this.reload();
    return this.data.generations.map((x) => x.g);
  }
}
