/**
 * The backup archive format (version 1): one file, encrypted and
 * authenticated throughout, built only from the envelope functions of the
 * crypto layer (XChaCha20-Poly1305 with a context string as associated data).
 *
 * Layout:
 *
 *   preamble (clear, 53 bytes; 81 with a secrets part)
 *     "PARASOL-BACKUP\n" | format version 0x01 | archive id (16 random bytes)
 *     | key check (16) | chunk size (u32) | flags (1)
 *     [ flags & 1: Argon2id t (u32) | m in KiB (u32) | salt (16) | secrets part size (u32) ]
 *   header frame
 *     u32 length | envelope(archive key, header JSON,
 *                           "parasol-backup:v1:<id>:header:<preamble in hex>")
 *   each part, in the order the header lists them, as chunk frames
 *     u32 length | envelope(part key, up to chunk-size bytes,
 *                           "parasol-backup:v1:<id>:part:<i>:<name>:chunk:<j>:<final|more>")
 *   end of file, straight after the final chunk of the last part
 *
 * The archive key is a subkey of the pepper (crypto_kdf, context "backup01",
 * id 1), so the secrets file is needed to read any backup and is kept apart
 * from the backups. The key check (HMAC-SHA-256 under subkey id 2 over the
 * archive id) only tells "another installation's secrets" apart from damage.
 *
 * The header (authenticated, and binding the whole preamble) names every part
 * with its plaintext size and SHA-256, so the reader knows exactly how many
 * chunks to expect, how long each is and which one is final. Because each
 * chunk's context binds the archive id, the part index, the chunk index and
 * the final flag, a reordered, dropped, duplicated or foreign chunk fails
 * authentication; a cut at any byte is found as missing data; and anything
 * after the final chunk of the last part is refused as appended.
 *
 * The optional secrets part (the secrets file and the key vault, only with
 * `backup create --with-secrets`) is encrypted under a key derived from a
 * passphrase with Argon2id, so that it can be opened where the secrets file
 * itself was lost. The header records the SHA-256 of its encrypted frames,
 * so its integrity is checked with the secrets file alone, without the
 * passphrase.
 */
import type { ErrorCode } from '../core/shared/error-codes.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CryptoError,
  SALT_BYTES,
  argon2id,
  contentKeyFromBytes,
  decrypt,
  deriveSubkey,
  encrypt,
  hmacSha256,
  randomBytes,
  timingSafeEqual,
  type ContentKey,
  type KdfParams,
  SUBKEY_CONTEXTS,
} from '../crypto/index.js';

export const MAGIC = Buffer.from('PARASOL-BACKUP\n', 'ascii');
export const FORMAT_VERSION = 1;
/** Plaintext bytes per chunk. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
/** What an envelope adds to its plaintext: 5-byte header, 24-byte nonce, 16-byte tag. */
export const ENVELOPE_OVERHEAD = 45;
const ID_BYTES = 16;
const KEY_CHECK_BYTES = 16;
const BASE_PREAMBLE_BYTES = MAGIC.length + 1 + ID_BYTES + KEY_CHECK_BYTES + 4 + 1;
const SECRETS_PREAMBLE_BYTES = 4 + 4 + SALT_BYTES + 4;
const FLAG_SECRETS = 1;
const MIN_CHUNK_BYTES = 16;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** The header names a handful of parts: far below this. A tight bound makes a damaged length read as damage, not as a cut. */
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_SECRETS_BYTES = 16 * 1024 * 1024;

/** Argon2id for the passphrase of a secrets part: above the floor of t=3, m=64 MiB. */
export const BACKUP_PASSPHRASE_KDF: KdfParams = Object.freeze({ opslimit: 3, memlimit: 256 * 1024 * 1024 });
/** What a reader accepts: never below the floor, and never so much memory that a damaged preamble could exhaust it. */
const KDF_BOUNDS = { minOps: 3, maxOps: 32, minMem: 64 * 1024 * 1024, maxMem: 1024 * 1024 * 1024 } as const;

export const SECRETS_PART = 'secrets.json';

export type PartKey = 'archive' | 'passphrase';
export type ArchiveDialect = 'sqlite' | 'postgres';

export interface PartInfo {
  readonly name: string;
  /** Plaintext bytes. */
  readonly size: number;
  /** Hex SHA-256 of the plaintext. */
  readonly sha256: string;
  readonly key: PartKey;
  /** For the passphrase part: hex SHA-256 of its encrypted frames, checkable without the passphrase. */
  readonly framesSha256?: string;
}

export interface ArchiveHeader {
  readonly format: 'parasol-backup';
  readonly version: 1;
  readonly archiveId: string;
  /** When the snapshot was taken (ISO 8601, UTC). */
  readonly createdAt: string;
  readonly dialect: ArchiveDialect;
  readonly chunkBytes: number;
  /** Schema migrations applied to the database in the archive. */
  readonly schema: readonly string[];
  readonly parts: readonly PartInfo[];
}

export const BACKUP_ERRORS = {
  notArchive: 'PSL_BACKUP_NOT_ARCHIVE',
  version: 'PSL_BACKUP_VERSION',
  wrongSecrets: 'PSL_BACKUP_WRONG_SECRETS',
  needSecrets: 'PSL_BACKUP_NEED_SECRETS',
  passphrase: 'PSL_BACKUP_PASSPHRASE',
  truncated: 'PSL_BACKUP_TRUNCATED',
  corrupted: 'PSL_BACKUP_CORRUPTED',
  trailing: 'PSL_BACKUP_TRAILING',
  refused: 'PSL_BACKUP_REFUSED',
  failed: 'PSL_BACKUP_FAILED',
} as const satisfies Record<string, ErrorCode>;
export type BackupErrorCode = (typeof BACKUP_ERRORS)[keyof typeof BACKUP_ERRORS];

/** A backup that cannot be made, read or restored; the message is for the operator and never carries key material. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const ctxHeader = (id: string, preamble: Buffer) => `parasol-backup:v1:${id}:header:${preamble.toString('hex')}`;
const ctxChunk = (id: string, part: number, name: string, chunk: number, final: boolean) => `parasol-backup:v1:${id}:part:${part}:${name}:chunk:${chunk}:${final ? 'final' : 'more'}`;

/** The key that encrypts every archive of this installation (needs the secrets file). */
export function archiveKey(pepper: Buffer): ContentKey {
  return deriveSubkey(pepper, SUBKEY_CONTEXTS.backup, 1);
}

function keyCheck(pepper: Buffer, archiveId: Buffer): Buffer {
  return hmacSha256(deriveSubkey(pepper, SUBKEY_CONTEXTS.backup, 2), Buffer.concat([Buffer.from('parasol/backup-key-check\u0000', 'ascii'), archiveId])).subarray(0, KEY_CHECK_BYTES);
}

async function passphraseKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<ContentKey> {
  const out = await argon2id(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, params, 32);
  const key = contentKeyFromBytes(out);
  out.fill(0);
  return key;
}

function chunkCount(size: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(size / chunkBytes));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---------------------------------------------------------------- writing

/** One part to write: its plaintext comes from a file or from memory. */
export interface PartSource {
  readonly name: string;
  readonly key: PartKey;
  readonly file?: string;
  readonly data?: Buffer;
}

export interface WriteOptions {
  /** The installation's pepper (from the secrets file). */
  readonly pepper: Buffer;
  readonly dialect: ArchiveDialect;
  readonly createdAt: Date;
  readonly schema: readonly string[];
  /** Parts in order; at most one passphrase part, which then comes first. */
  readonly parts: readonly PartSource[];
  /** Needed when a part uses the passphrase key. */
  readonly passphrase?: string;
  readonly passphraseKdf?: KdfParams;
  readonly chunkBytes?: number;
  /** Called as plaintext is encrypted. */
  readonly progress?: (done: number, total: number) => void;
}

function partPlaintextReader(src: PartSource): { size: number; read(pos: number, n: number): Buffer; close(): void } {
  if (src.data) {
    const data = src.data;
    return { size: data.length, read: (pos, n) => data.subarray(pos, pos + n), close: () => {} };
  }
  if (!src.file) throw new Error(`part ${src.name} has no source`);
  const fd = fs.openSync(src.file, 'r');
  const size = fs.fstatSync(fd).size;
  return {
    size,
    read(pos, n) {
      const buf = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const r = fs.readSync(fd, buf, got, n - got, pos + got);
        if (r === 0) throw new Error(`part ${src.name} shrank while it was being written`);
        got += r;
      }
      return buf;
    },
    close: () => fs.closeSync(fd),
  };
}

function hashSource(src: PartSource, chunkBytes: number): { size: number; sha256: string } {
  const r = partPlaintextReader(src);
  try {
    const h = createHash('sha256');
    for (let pos = 0; pos < r.size; pos += chunkBytes) h.update(r.read(pos, Math.min(chunkBytes, r.size - pos)));
    return { size: r.size, sha256: h.digest('hex') };
  } finally {
    r.close();
  }
}

/** Encrypts one part as chunk frames, handing each frame to `emit`; returns the plaintext SHA-256 seen. */
function encryptPart(src: PartSource, index: number, id: string, key: ContentKey, chunkBytes: number, emit: (frame: Buffer, plainBytes: number) => void): string {
  const r = partPlaintextReader(src);
  try {
    const n = chunkCount(r.size, chunkBytes);
    const h = createHash('sha256');
    for (let j = 0; j < n; j++) {
      const pos = j * chunkBytes;
      const plain = r.read(pos, Math.min(chunkBytes, r.size - pos));
      h.update(plain);
      const env = encrypt(key, plain, ctxChunk(id, index, src.name, j, j === n - 1));
      emit(Buffer.concat([u32(env.length), env]), plain.length);
    }
    return h.digest('hex');
  } finally {
    r.close();
  }
}

function checkPartName(name: string): void {
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new Error(`bad part name ${name}`);
}

/**
 * Writes an archive to `out`. The file appears under its name only when it is
 * complete and on disk (written under a temporary name, synced, then linked
 * into place); an existing file is never overwritten.
 */
export async function writeArchive(out: string, opts: WriteOptions): Promise<ArchiveHeader> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) throw new RangeError('chunk size out of range');
  opts.parts.forEach((p) => checkPartName(p.name));
  if (new Set(opts.parts.map((p) => p.name)).size !== opts.parts.length) throw new Error('part names must be unique');
  const secretIndex = opts.parts.findIndex((p) => p.key === 'passphrase');
  if (secretIndex > 0 || opts.parts.filter((p) => p.key === 'passphrase').length > 1) throw new Error('only one passphrase part, and it comes first');
  const kdf = opts.passphraseKdf ?? BACKUP_PASSPHRASE_KDF;
  if (kdf.opslimit < KDF_BOUNDS.minOps || kdf.memlimit < KDF_BOUNDS.minMem || kdf.opslimit > KDF_BOUNDS.maxOps || kdf.memlimit > KDF_BOUNDS.maxMem) {
    throw new RangeError('passphrase KDF parameters out of bounds (t>=3, m>=64 MiB)');
  }

  const idBytes = randomBytes(ID_BYTES);
  const id = idBytes.toString('hex');
  const aKey = archiveKey(opts.pepper);

  // Sizes and checksums first: the header that comes before the data names them.
  const infos: PartInfo[] = [];
  let secretFrames: Buffer | null = null;
  let secretsSize = 0;
  let salt: Buffer | null = null;
  for (const [i, src] of opts.parts.entries()) {
    if (src.key === 'passphrase') {
      if (!opts.passphrase) throw new BackupError(BACKUP_ERRORS.passphrase, 'a passphrase is needed to write the secrets part');
      const data = src.data ?? fs.readFileSync(src.file!);
      if (data.length > MAX_SECRETS_BYTES) throw new Error('the secrets part is too large');
      salt = randomBytes(SALT_BYTES);
      const pKey = await passphraseKey(opts.passphrase, salt, kdf);
      const frames: Buffer[] = [];
      const digest = encryptPart({ name: src.name, key: src.key, data }, i, id, pKey, chunkBytes, (f) => frames.push(f));
      pKey.fill(0);
      secretFrames = Buffer.concat(frames);
      secretsSize = data.length;
      infos.push({ name: src.name, size: data.length, sha256: digest, key: 'passphrase', framesSha256: sha256(secretFrames) });
    } else {
      infos.push({ name: src.name, key: 'archive', ...hashSource(src, chunkBytes) });
    }
  }

  const preamble = Buffer.concat([
    MAGIC,
    Buffer.from([FORMAT_VERSION]),
    idBytes,
    keyCheck(opts.pepper, idBytes),
    u32(chunkBytes),
    Buffer.from([secretFrames ? FLAG_SECRETS : 0]),
    ...(secretFrames ? [u32(kdf.opslimit), u32(Math.floor(kdf.memlimit / 1024)), salt!, u32(secretsSize)] : []),
  ]);
  const header: ArchiveHeader = {
    format: 'parasol-backup',
    version: 1,
    archiveId: id,
    createdAt: opts.createdAt.toISOString(),
    dialect: opts.dialect,
    chunkBytes,
    schema: [...opts.schema],
    parts: infos,
  };
  const headerEnv = encrypt(aKey, Buffer.from(JSON.stringify(header), 'utf8'), ctxHeader(id, preamble));

  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.${randomBytes(6).toString('hex')}.partial`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  let open = true;
  try {
    fs.writeSync(fd, preamble);
    fs.writeSync(fd, Buffer.concat([u32(headerEnv.length), headerEnv]));
    const total = infos.reduce((s, p) => s + p.size, 0);
    let done = 0;
    opts.progress?.(0, total);
    for (const [i, src] of opts.parts.entries()) {
      if (src.key === 'passphrase') {
        fs.writeSync(fd, secretFrames!);
        done += secretsSize;
        opts.progress?.(done, total);
        continue;
      }
      const digest = encryptPart(src, i, id, aKey, chunkBytes, (frame, plain) => {
        fs.writeSync(fd, frame);
        done += plain;
        opts.progress?.(done, total);
      });
      // The source changed between the checksum and the encryption: never write an archive that would not verify.
      if (digest !== infos[i]!.sha256) throw new Error(`part ${src.name} changed while the archive was being written`);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    open = false;
    // link, not rename: it fails instead of replacing a file that appeared meanwhile.
    try {
      fs.linkSync(tmp, out);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(BACKUP_ERRORS.refused, `${out} already exists; nothing was overwritten.`);
      throw err;
    }
    syncDir(path.dirname(path.resolve(out)));
  } finally {
    if (open) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    aKey.fill(0);
  }
  return header;
}

/** Makes a rename or link durable (best effort where directories cannot be opened). */
export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on this platform */
  }
}

// ---------------------------------------------------------------- reading

interface Preamble {
  readonly bytes: Buffer;
  readonly version: number;
  readonly archiveId: Buffer;
  readonly keyCheck: Buffer;
  readonly chunkBytes: number;
  readonly secrets: { readonly kdf: KdfParams; readonly salt: Buffer; readonly size: number } | null;
}

class ArchiveFile {
  pos = 0;
  constructor(
    readonly name: string,
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** Reads exactly n bytes, or says where the archive was cut. */
  read(n: number, where: () => string): Buffer {
    if (this.pos + n > this.size) {
      throw new BackupError(BACKUP_ERRORS.truncated, `${this.name} is truncated: it ends in the middle of ${where()} (${this.size} bytes). The archive is incomplete; use another copy.`);
    }
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, buf, got, n - got, this.pos + got);
      if (r === 0) throw new BackupError(BACKUP_ERRORS.truncated, `${this.name} is truncated: it ends in the middle of ${where()}.`);
      got += r;
    }
    this.pos += n;
    return buf;
  }
}

function corrupted(file: string, what: string): BackupError {
  return new BackupError(BACKUP_ERRORS.corrupted, `${file} is corrupted: ${what}. The archive was damaged or altered; use another copy.`);
}

function readPreamble(f: ArchiveFile): Preamble {
  const head = f.read(Math.min(MAGIC.length + 1, f.size), () => 'its preamble');
  if (head.length < MAGIC.length + 1) {
    // A cut Parasol backup still starts with (part of) the magic.
    if (head.length > 0 && MAGIC.subarray(0, head.length).equals(head)) {
      throw new BackupError(BACKUP_ERRORS.truncated, `${f.name} is truncated: only ${head.length} bytes of a Parasol backup are left.`);
    }
    throw new BackupError(BACKUP_ERRORS.notArchive, `${f.name} is not a Parasol backup archive (${f.size === 0 ? 'the file is empty' : 'it does not start with the Parasol backup signature'}).`);
  }
  if (!head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError(BACKUP_ERRORS.notArchive, `${f.name} is not a Parasol backup archive (it does not start with the Parasol backup signature).`);
  }
  const version = head[MAGIC.length]!;
  if (version !== FORMAT_VERSION) {
    throw new BackupError(BACKUP_ERRORS.version, `${f.name} is a Parasol backup in format version ${version}, which this version of Parasol cannot read (it reads version ${FORMAT_VERSION}).`);
  }
  const rest = f.read(BASE_PREAMBLE_BYTES - head.length, () => 'its preamble');
  const archiveId = rest.subarray(0, ID_BYTES);
  const check = rest.subarray(ID_BYTES, ID_BYTES + KEY_CHECK_BYTES);
  const chunkBytes = rest.readUInt32BE(ID_BYTES + KEY_CHECK_BYTES);
  const flags = rest[ID_BYTES + KEY_CHECK_BYTES + 4]!;
  if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) throw corrupted(f.name, 'its chunk size is out of range');
  if ((flags & ~FLAG_SECRETS) !== 0) throw corrupted(f.name, 'its preamble has unknown flags');
  let secrets: Preamble['secrets'] = null;
  let extra: Buffer = Buffer.alloc(0);
  if (flags & FLAG_SECRETS) {
    extra = f.read(SECRETS_PREAMBLE_BYTES, () => 'its preamble');
    const kdf = { opslimit: extra.readUInt32BE(0), memlimit: extra.readUInt32BE(4) * 1024 };
    const salt = extra.subarray(8, 8 + SALT_BYTES);
    const size = extra.readUInt32BE(8 + SALT_BYTES);
    if (kdf.opslimit < KDF_BOUNDS.minOps || kdf.opslimit > KDF_BOUNDS.maxOps || kdf.memlimit < KDF_BOUNDS.minMem || kdf.memlimit > KDF_BOUNDS.maxMem) {
      throw corrupted(f.name, 'the key-derivation parameters of its secrets part are out of range');
    }
    if (size > MAX_SECRETS_BYTES) throw corrupted(f.name, 'its secrets part is larger than possible');
    secrets = { kdf, salt, size };
  }
  return { bytes: Buffer.concat([head, rest, extra]), version, archiveId, keyCheck: check, chunkBytes, secrets };
}

function readFrame(f: ArchiveFile, expected: number | { min: number; max: number }, where: () => string): Buffer {
  const len = f.read(4, where).readUInt32BE(0);
  if (typeof expected === 'number' ? len !== expected : len < expected.min || len > expected.max) {
    throw corrupted(f.name, `${where()} has the wrong length`);
  }
  if (typeof expected !== 'number' && f.pos + len > f.size) {
    // Only the header's length is not known in advance: past the end, it is a cut or a damaged length.
    throw new BackupError(BACKUP_ERRORS.truncated, `${f.name} is truncated (or the length of ${where()} is damaged): it ends in the middle of ${where()}. Use another copy.`);
  }
  return f.read(len, where);
}

const HEX64 = /^[0-9a-f]{64}$/;

function parseHeader(file: string, json: Buffer, pre: Preamble): ArchiveHeader {
  let h: Partial<ArchiveHeader>;
  try {
    h = JSON.parse(json.toString('utf8')) as Partial<ArchiveHeader>;
  } catch {
    throw corrupted(file, 'its header is not readable');
  }
  const bad = (what: string) => corrupted(file, `its header ${what}`);
  if (h.format !== 'parasol-backup' || h.version !== 1) throw bad('has an unknown format');
  if (h.archiveId !== pre.archiveId.toString('hex')) throw bad('names another archive');
  if (h.chunkBytes !== pre.chunkBytes) throw bad('disagrees with the preamble');
  if (h.dialect !== 'sqlite' && h.dialect !== 'postgres') throw bad('names an unknown database');
  if (typeof h.createdAt !== 'string' || Number.isNaN(Date.parse(h.createdAt))) throw bad('has no creation date');
  if (!Array.isArray(h.schema) || !h.schema.every((s) => typeof s === 'string')) throw bad('has no schema list');
  if (!Array.isArray(h.parts) || h.parts.length === 0) throw bad('lists no parts');
  const names = new Set<string>();
  for (const [i, p] of h.parts.entries()) {
    if (typeof p?.name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(p.name) || names.has(p.name)) throw bad('has a bad part name');
    names.add(p.name);
    if (!Number.isSafeInteger(p.size) || p.size < 0 || typeof p.sha256 !== 'string' || !HEX64.test(p.sha256)) throw bad(`has a bad entry for ${p.name}`);
    if (p.key === 'passphrase') {
      if (i !== 0 || !pre.secrets || p.size !== pre.secrets.size || typeof p.framesSha256 !== 'string' || !HEX64.test(p.framesSha256)) throw bad('has a bad secrets part');
    } else if (p.key !== 'archive') throw bad(`has a bad key for ${p.name}`);
  }
  if (pre.secrets && h.parts[0]!.key !== 'passphrase') throw bad('lacks the secrets part its preamble announces');
  return h as ArchiveHeader;
}

/** Where a part's plaintext goes while the archive is read. */
export interface PartSink {
  write(chunk: Buffer): void;
}

export interface ReadOptions {
  /** The installation's pepper from the secrets file; null where the secrets file is not at hand. */
  readonly pepper: Buffer | null;
  /** Opens the secrets part (and, without a pepper, the whole archive through the pepper it holds). */
  readonly passphrase?: string | null;
  /** Called once the header is authenticated, before any part is read; may throw to stop. */
  readonly onHeader?: (header: ArchiveHeader) => void;
  /** Where each archive-key part's plaintext goes; null or absent discards it after checking. */
  readonly sink?: (part: PartInfo) => PartSink | null;
  readonly progress?: (done: number, total: number) => void;
}

export interface ReadResult {
  readonly header: ArchiveHeader;
  readonly bytes: number;
  /** The secrets part's plaintext where it exists and the passphrase opened it; null otherwise. */
  readonly secretsPart: Buffer | null;
  /** 'none' (no secrets part), 'opened' (intact, and the passphrase opened it) or 'frames-only' (intact, not opened: no passphrase given). */
  readonly secretsState: 'none' | 'opened' | 'frames-only';
}

/** The pepper inside a secrets part (the secrets file as it was when the backup was made); null when there is none. */
export function pepperFromSecretsPart(plain: Buffer): Buffer | null {
  try {
    const body = JSON.parse(plain.toString('utf8')) as { secretsFile?: unknown };
    if (typeof body.secretsFile !== 'string') return null;
    const secrets = JSON.parse(body.secretsFile) as { pepper?: unknown };
    if (typeof secrets.pepper !== 'string') return null;
    const pepper = Buffer.from(secrets.pepper, 'base64');
    return pepper.length === 32 ? pepper : null;
  } catch {
    return null;
  }
}

/**
 * Reads and checks a whole archive: every tag, the order and count of chunks,
 * the final flags, the sizes, the SHA-256 of every part, and that nothing
 * follows the end. Throws BackupError naming what is wrong.
 */
export async function readArchive(file: string, opts: ReadOptions): Promise<ReadResult> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new BackupError(BACKUP_ERRORS.notArchive, `cannot read ${file}: no such file, or no permission.`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new BackupError(BACKUP_ERRORS.notArchive, `${file} is not a file.`);
    const f = new ArchiveFile(file, fd, st.size);
    const pre = readPreamble(f);
    const id = pre.archiveId.toString('hex');
    const headerEnv = readFrame(f, { min: ENVELOPE_OVERHEAD, max: MAX_HEADER_BYTES + ENVELOPE_OVERHEAD }, () => 'its header');

    // Without the secrets file, the passphrase opens the secrets part first and its pepper opens the rest.
    let pepper = opts.pepper;
    let secretsPart: Buffer | null = null;
    let earlySecretFrames: Buffer | null = null;
    if (!pepper) {
      if (!pre.secrets) {
        throw new BackupError(BACKUP_ERRORS.needSecrets, `${file} can only be read with the secrets file of the installation that made it, and that file is not here.`);
      }
      if (!opts.passphrase) {
        throw new BackupError(
          BACKUP_ERRORS.needSecrets,
          `${file} can only be read with the secrets file of the installation that made it, or with the passphrase of its secrets part (PARASOL_BACKUP_PASSPHRASE); neither is here.`,
        );
      }
      const frames = readSecretFrames(f, pre);
      earlySecretFrames = frames.raw;
      secretsPart = await openSecretFrames(file, frames.envelopes, pre, id, opts.passphrase, 'unverified');
      pepper = pepperFromSecretsPart(secretsPart);
      if (!pepper) throw corrupted(file, 'its secrets part holds no usable secrets file');
      if (!timingSafeEqual(keyCheck(pepper, pre.archiveId), pre.keyCheck)) throw corrupted(file, 'its secrets part does not belong to this archive');
    } else if (!timingSafeEqual(keyCheck(pepper, pre.archiveId), pre.keyCheck)) {
      throw new BackupError(
        BACKUP_ERRORS.wrongSecrets,
        `${file} was made by another Parasol installation (or its preamble is damaged): this installation's secrets file does not open it. Use the secrets file of the installation that made the backup.`,
      );
    }

    const aKey = archiveKey(pepper);
    try {
      let headerJson: Buffer;
      try {
        headerJson = decrypt(aKey, headerEnv, ctxHeader(id, pre.bytes));
      } catch (err) {
        if (err instanceof CryptoError) throw corrupted(file, 'its header fails authentication');
        throw err;
      }
      const header = parseHeader(file, headerJson, pre);
      opts.onHeader?.(header);
      const total = f.size;
      opts.progress?.(f.pos, total);

      let secretsState: ReadResult['secretsState'] = 'none';
      for (const [i, part] of header.parts.entries()) {
        if (part.key === 'passphrase') {
          const raw = earlySecretFrames ?? readSecretFrames(f, pre).raw;
          if (sha256(raw) !== part.framesSha256) throw corrupted(file, `its secrets part is damaged (chunk data does not match the header)`);
          if (!secretsPart && opts.passphrase) {
            // Integrity is established, so a failure here can only be the passphrase.
            secretsPart = await openSecretFrames(file, splitFrames(raw), pre, id, opts.passphrase, 'verified');
          }
          if (secretsPart && sha256(secretsPart) !== part.sha256) throw corrupted(file, 'its secrets part does not match its checksum');
          secretsState = secretsPart ? 'opened' : 'frames-only';
          opts.progress?.(f.pos, total);
          continue;
        }
        const sink = opts.sink?.(part) ?? null;
        const n = chunkCount(part.size, header.chunkBytes);
        const h = createHash('sha256');
        let seen = 0;
        for (let j = 0; j < n; j++) {
          const final = j === n - 1;
          const plainLen = final ? part.size - (n - 1) * header.chunkBytes : header.chunkBytes;
          const where = () => `part "${part.name}" (chunk ${j + 1} of ${n})`;
          const env = readFrame(f, plainLen + ENVELOPE_OVERHEAD, where);
          let plain: Buffer;
          try {
            plain = decrypt(aKey, env, ctxChunk(id, i, part.name, j, final));
          } catch (err) {
            if (err instanceof CryptoError) throw corrupted(file, `chunk ${j + 1} of ${n} of part "${part.name}" fails authentication (damaged, reordered, removed or foreign data)`);
            throw err;
          }
          h.update(plain);
          seen += plain.length;
          sink?.write(plain);
          opts.progress?.(f.pos, total);
        }
        if (seen !== part.size || h.digest('hex') !== part.sha256) throw corrupted(file, `part "${part.name}" does not match its checksum`);
      }
      if (f.pos !== f.size) {
        throw new BackupError(BACKUP_ERRORS.trailing, `${file} has ${f.size - f.pos} unexpected bytes after the end of the archive: data was appended to it. Use another copy.`);
      }
      return { header, bytes: f.size, secretsPart, secretsState };
    } finally {
      aKey.fill(0);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the secrets part's frames (their count and lengths follow from the preamble). */
function readSecretFrames(f: ArchiveFile, pre: Preamble): { raw: Buffer; envelopes: Buffer[] } {
  const size = pre.secrets!.size;
  const n = chunkCount(size, pre.chunkBytes);
  const raw: Buffer[] = [];
  const envelopes: Buffer[] = [];
  for (let j = 0; j < n; j++) {
    const plainLen = j === n - 1 ? size - (n - 1) * pre.chunkBytes : pre.chunkBytes;
    const where = () => `its secrets part (chunk ${j + 1} of ${n})`;
    const env = readFrame(f, plainLen + ENVELOPE_OVERHEAD, where);
    envelopes.push(env);
    raw.push(u32(env.length), env);
  }
  return { raw: Buffer.concat(raw), envelopes };
}

function splitFrames(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0; pos < raw.length;) {
    const len = raw.readUInt32BE(pos);
    out.push(raw.subarray(pos + 4, pos + 4 + len));
    pos += 4 + len;
  }
  return out;
}

async function openSecretFrames(file: string, envelopes: Buffer[], pre: Preamble, id: string, passphrase: string, integrity: 'verified' | 'unverified'): Promise<Buffer> {
  const key = await passphraseKey(passphrase, pre.secrets!.salt, pre.secrets!.kdf);
  try {
    const parts = envelopes.map((env, j) => decrypt(key, env, ctxChunk(id, 0, SECRETS_PART, j, j === envelopes.length - 1)));
    return Buffer.concat(parts);
  } catch (err) {
    if (!(err instanceof CryptoError)) throw err;
    throw new BackupError(
      BACKUP_ERRORS.passphrase,
      integrity === 'verified'
        ? `the passphrase in PARASOL_BACKUP_PASSPHRASE does not open the secrets part of ${file} (the part itself is intact): wrong passphrase.`
        : `the passphrase in PARASOL_BACKUP_PASSPHRASE does not open the secrets part of ${file}: wrong passphrase, or the archive is damaged.`,
    );
  } finally {
    key.fill(0);
  }
}

/**
 * The framing of an archive, without any key: where the preamble ends and
 * where each length-prefixed frame (header first, then chunks) lies. For
 * diagnostics and for tests that damage archives on purpose.
 */
export function scanFrames(archive: Buffer): { preambleBytes: number; frames: Array<{ offset: number; length: number }> } {
  if (archive.length < BASE_PREAMBLE_BYTES || !archive.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a Parasol backup');
  const flags = archive[BASE_PREAMBLE_BYTES - 1]!;
  const preambleBytes = BASE_PREAMBLE_BYTES + (flags & FLAG_SECRETS ? SECRETS_PREAMBLE_BYTES : 0);
  const frames: Array<{ offset: number; length: number }> = [];
  for (let pos = preambleBytes; pos + 4 <= archive.length;) {
    const length = 4 + archive.readUInt32BE(pos);
    frames.push({ offset: pos, length });
    pos += length;
  }
  return { preambleBytes, frames };
}
