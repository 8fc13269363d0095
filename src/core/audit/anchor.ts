/**
 * The audit anchor: the chain's head kept outside the database it protects.
 *
 * The chain alone cannot show that entries were cut from its end: someone who
 * can write to the database deletes the last entries and sets `audit_head`
 * back, and what remains is a perfect chain. So each instance keeps, in its
 * data folder beside the vault, a keyed checkpoint of the highest (count,
 * head) it has written or seen: HMAC-SHA-256 under a subkey of the pepper
 * over the instance's random id, the count and the head hash. Checkpoints of
 * different instances differ; each is a lower bound, and `audit verify` fails
 * when the database holds fewer entries than a checkpoint it can read, or a
 * different entry at the checkpoint's count. A checkpoint only ever moves
 * forward, and only along the chain it recorded, so a cut log that has grown
 * again past the checkpoint is still caught. Never a table in the database.
 *
 * The checkpoint follows the database after each request and at start and
 * close, not inside the transaction that writes an entry (which may still
 * roll back). The operator can also record `parasol audit head` elsewhere and
 * check it later with `parasol audit verify --expect HASH`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SUBKEY_CONTEXTS, deriveSubkey, GENESIS_HASH, hmacSha256, randomBytes, timingSafeEqual } from '../../crypto/index.js';
import type { Secrets } from '../../infra/secrets.js';
import type { Db } from '../shared/deps.js';

export class AuditAnchorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditAnchorError';
  }
}

export interface Checkpoint {
  /** Random id of the instance (data folder) that keeps it. */
  readonly instance: string;
  /** Entries the chain held (the sequence number of its last entry). */
  readonly seq: number;
  /** The hash of entry `seq` (the genesis hash for none). */
  readonly hash: string;
}

interface CheckpointFileV1 extends Checkpoint {
  readonly version: 1;
  readonly mac: string;
}

function checkpointKey(secrets: Secrets): Buffer {
  // Subkey 1 of this context keys the chain itself; 2 keys the checkpoints.
  return deriveSubkey(secrets.pepper, SUBKEY_CONTEXTS.auditLog, 2);
}

function macOf(secrets: Secrets, cp: Checkpoint): string {
  return hmacSha256(checkpointKey(secrets), `parasol/audit-checkpoint\u0000${cp.instance}\n${cp.seq}\n${cp.hash}`).toString('hex');
}

/** Reads the checkpoint; null when the data folder has none. Throws when it is readable by others, foreign or altered. */
export function readCheckpoint(file: string, secrets: Secrets): Checkpoint | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AuditAnchorError(`cannot read the audit checkpoint ${file}`);
  }
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) throw new AuditAnchorError(`the audit checkpoint ${file} is readable by others: chmod 600 it`);
  let parsed: Partial<CheckpointFileV1>;
  try {
    parsed = JSON.parse(raw) as Partial<CheckpointFileV1>;
  } catch {
    parsed = {};
  }
  const cp = { instance: String(parsed.instance), seq: Number(parsed.seq), hash: String(parsed.hash) };
  if (parsed.version !== 1 || !Number.isSafeInteger(cp.seq) || cp.seq < 0 || typeof parsed.mac !== 'string' || !timingSafeEqual(parsed.mac, macOf(secrets, cp))) {
    throw new AuditAnchorError(`the audit checkpoint ${file} was altered or belongs to other secrets: the audit log cannot be checked against it`);
  }
  return cp;
}

/** Writes the checkpoint (mode 0600, atomically). Its file times carry the day only, like every time of a reporter's act. */
export function writeCheckpoint(file: string, secrets: Secrets, cp: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const body: CheckpointFileV1 = { version: 1, instance: cp.instance, seq: cp.seq, hash: cp.hash, mac: macOf(secrets, cp) };
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(body, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const day = new Date(new Date().toISOString().slice(0, 10));
  fs.utimesSync(tmp, day, day);
  fs.renameSync(tmp, file);
}

/** The chain's head as the database states it. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** The hash of entry `seq` in the database (genesis for 0), or null when there is no such entry. */
async function hashAt(db: Db, seq: number): Promise<string | null> {
  if (seq === 0) return GENESIS_HASH;
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row ? row.hash : null;
}

/** Why the database falls short of the checkpoint, or null when it holds it. */
export async function checkAgainst(db: Db, cp: Checkpoint, file: string): Promise<string | null> {
  const head = await auditHead(db);
  if (head.seq < cp.seq) {
    return `the log was cut: the audit checkpoint ${file} records ${cp.seq} entries, the database holds ${head.seq} (entries were deleted from its end, or the database was restored from an older copy)`;
  }
  const at = await hashAt(db, cp.seq);
  if (at === null) return `the log was cut: entry ${cp.seq}, recorded in the audit checkpoint ${file}, is missing`;
  if (at !== cp.hash) return `entry ${cp.seq} is not the one recorded in the audit checkpoint ${file} (the log was cut and written again, or replaced)`;
  return null;
}

/**
 * One instance's checkpoint. `advance` moves it to the database's head when
 * that head extends the chain it recorded, and never backwards; calls are
 * serialised, so concurrent ones cannot write an older head last.
 */
export class AuditAnchor {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly file: string,
    private readonly secrets: Secrets,
  ) {}

  /** Follows the database's head (a lower bound of what this instance has seen). Returns the disagreement, if any. */
  async advance(db: Db): Promise<string | null> {
    const cp = readCheckpoint(this.file, this.secrets);
    const head = await auditHead(db);
    if (cp) {
      const problem = await checkAgainst(db, cp, this.file);
      if (problem) return problem;
      if (head.seq === cp.seq) return null;
    }
    // The head must be the database's last entry as well, or it is not a head worth recording.
    if ((await hashAt(db, head.seq)) !== head.hash) return null;
    writeCheckpoint(this.file, this.secrets, { instance: cp?.instance ?? randomBytes(16).toString('hex'), seq: head.seq, hash: head.hash });
    return null;
  }

  /** `advance` in the background (after a response): one at a time, never throwing. */
  follow(db: Db): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.advance(db);
        } catch {
          // A closing database or a full disk: the next call tries again, and `audit verify` says what it finds.
        }
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }
}

/** Where an instance keeps its checkpoint: its data folder, beside the vault and the secrets file. */
export function checkpointFileIn(dataDir: string): string {
  return path.join(dataDir, 'audit-checkpoint.json');
}
