/**
 * The archive format on its own, in-process and with a tiny chunk size so
 * that an archive has many chunks: a round trip, then every way of damaging
 * it (a cut at every byte, a flipped bit at every byte, chunks dropped,
 * swapped, duplicated or moved between parts, data appended), another
 * installation's secrets, files that are no backup at all, and the
 * passphrase-protected secrets part. Each must fail with the error that names
 * what happened, never decrypt into something else.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKUP_ERRORS, BackupError, ENVELOPE_OVERHEAD, MAGIC, SECRETS_PART, readArchive, scanFrames, writeArchive, type PartSource, type ReadOptions } from '../../src/backup/archive.js';
import { configSummary } from '../../src/backup/backup.service.js';
import { Progress, formatBytes } from '../../src/backup/progress.js';
import { loadConfig } from '../../src/config.js';
import { encrypt, newContentKey, randomBytes } from '../../src/crypto/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-archive-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CHUNK = 64;
const pepper = randomBytes(32);
/** The floor, not the production setting: these tests derive the passphrase key several times. */
const FAST_FLOOR_KDF = { opslimit: 3, memlimit: 64 * 1024 * 1024 };

let n = 0;
function tmpFile(name = 'a'): string {
  return path.join(dir, `${name}-${n++}.pbak`);
}

const PARTS: Array<{ name: string; data: Buffer }> = [
  { name: 'database.sqlite', data: randomBytes(5 * CHUNK + 17) },
  { name: 'empty.bin', data: Buffer.alloc(0) },
  { name: 'exact.bin', data: randomBytes(2 * CHUNK) },
  { name: 'config.json', data: Buffer.from('{"dialect":"sqlite"}\n') },
];

async function makeArchive(parts = PARTS, extra: { secrets?: Buffer; passphrase?: string } = {}): Promise<{ file: string; bytes: Buffer }> {
  const file = tmpFile();
  const sources: PartSource[] = [
    ...(extra.secrets ? [{ name: SECRETS_PART, key: 'passphrase' as const, data: extra.secrets }] : []),
    ...parts.map((p) => ({ name: p.name, key: 'archive' as const, data: p.data })),
  ];
  await writeArchive(file, {
    pepper,
    dialect: 'sqlite',
    createdAt: new Date('2026-05-04T09:00:00Z'),
    schema: ['0001_initial'],
    parts: sources,
    chunkBytes: CHUNK,
    ...(extra.passphrase ? { passphrase: extra.passphrase, passphraseKdf: FAST_FLOOR_KDF } : {}),
  });
  return { file, bytes: fs.readFileSync(file) };
}

/** Reads an archive given as bytes; returns the error code, or 'ok'. */
async function outcome(bytes: Buffer, opts: Partial<ReadOptions> = {}): Promise<{ code: string; message: string }> {
  const file = tmpFile('damaged');
  fs.writeFileSync(file, bytes);
  try {
    await readArchive(file, { pepper, ...opts });
    return { code: 'ok', message: '' };
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    return { code: err.code, message: err.message };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The outcome codes of many damaged variants, one after the other. */
async function codes(variants: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for (const v of variants) out.push((await outcome(v)).code);
  return out;
}

describe('backup archive format', () => {
  it('round-trips every part, including empty ones and exact multiples of the chunk size', async () => {
    const { file, bytes } = await makeArchive();
    const got = new Map<string, Buffer[]>();
    const result = await readArchive(file, {
      pepper,
      sink: (p) => {
        const list: Buffer[] = [];
        got.set(p.name, list);
        return { write: (c) => void list.push(Buffer.from(c)) };
      },
    });
    expect(result.header.parts.map((p) => [p.name, p.size])).toEqual(PARTS.map((p) => [p.name, p.data.length]));
    for (const p of PARTS) expect(Buffer.concat(got.get(p.name) ?? []).equals(p.data)).toBe(true);
    expect(result.secretsState).toBe('none');
    // Nothing but the archive was left behind (no partial files).
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    // 1 header frame + 6 + 1 + 2 + 1 chunk frames.
    expect(scanFrames(bytes).frames).toHaveLength(11);
    expect(bytes.subarray(0, MAGIC.length).toString()).toBe('PARASOL-BACKUP\n');
  });

  it('knows the envelope overhead of the crypto layer', () => {
    expect(encrypt(newContentKey(), Buffer.alloc(10), 'x').length).toBe(10 + ENVELOPE_OVERHEAD);
  });

  it('finds a cut at every byte, and says it is truncated', async () => {
    const { bytes } = await makeArchive();
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => bytes.subarray(0, i + 1));
    const got = await codes(cuts);
    expect(got.every((c) => c === BACKUP_ERRORS.truncated)).toBe(true);
    expect((await outcome(bytes.subarray(0, bytes.length - 1))).message).toMatch(/is truncated: it ends in the middle of part "config\.json" \(chunk 1 of 1\)/);
    expect((await outcome(Buffer.alloc(0))).message).toMatch(/not a Parasol backup archive \(the file is empty\)/);
  });

  it('refuses a flipped bit at every byte, and never returns data', async () => {
    const { bytes } = await makeArchive();
    const { preambleBytes } = scanFrames(bytes);
    const variants = Array.from(bytes.keys(), (i) => {
      const b = Buffer.from(bytes);
      b[i]! ^= 0x01;
      return b;
    });
    const got = await codes(variants);
    expect(got.includes('ok')).toBe(false);
    // Past the preamble, every flip is corruption (a damaged length, header or chunk).
    expect(got.slice(preambleBytes).every((c) => c === BACKUP_ERRORS.corrupted)).toBe(true);
    // In the preamble: the signature, the version, the archive id or key check, the chunk size or flags.
    expect(got[0]).toBe(BACKUP_ERRORS.notArchive);
    expect(got[MAGIC.length]).toBe(BACKUP_ERRORS.version);
    expect(got[MAGIC.length + 1]).toBe(BACKUP_ERRORS.wrongSecrets);
    const middle = Math.floor(bytes.length / 2);
    expect((await outcome(variants[middle]!)).message).toMatch(/is corrupted: chunk \d+ of \d+ of part "[a-z.]+" fails authentication/);
  });

  it('refuses a chunk that was dropped, swapped, duplicated or moved to another part', async () => {
    const { bytes } = await makeArchive();
    const { frames } = scanFrames(bytes);
    const cut = (i: number) => bytes.subarray(frames[i]!.offset, frames[i]!.offset + frames[i]!.length);
    const rebuild = (order: number[]) => Buffer.concat([bytes.subarray(0, frames[0]!.offset), ...order.map(cut)]);
    const all = frames.map((_, i) => i);
    // Drop each chunk in turn (frame 0 is the header).
    for (let i = 1; i < frames.length; i++) {
      const { code } = await outcome(rebuild(all.filter((j) => j !== i)));
      expect([BACKUP_ERRORS.corrupted, BACKUP_ERRORS.truncated], `dropping frame ${i}`).toContain(code);
    }
    // Swap two chunks of the same size inside the first part.
    const swapped = [...all];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect((await outcome(rebuild(swapped))).message).toMatch(/chunk 1 of 6 of part "database\.sqlite" fails authentication/);
    // Duplicate a chunk.
    expect((await outcome(rebuild([0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).code).toBe(BACKUP_ERRORS.corrupted);
    // The two full chunks of "exact.bin" (frames 8 and 9) put where "database.sqlite" has full chunks.
    expect((await outcome(rebuild([0, 8, 9, 3, 4, 5, 6, 7, 1, 2, 10]))).code).toBe(BACKUP_ERRORS.corrupted);
    // A chunk from another archive of the same installation, at the same place.
    const other = await makeArchive();
    const otherFrames = scanFrames(other.bytes).frames;
    const foreign = Buffer.concat([
      bytes.subarray(0, frames[1]!.offset),
      other.bytes.subarray(otherFrames[1]!.offset, otherFrames[1]!.offset + otherFrames[1]!.length),
      bytes.subarray(frames[2]!.offset),
    ]);
    expect((await outcome(foreign)).message).toMatch(/chunk 1 of 6 of part "database\.sqlite" fails authentication \(damaged, reordered, removed or foreign data\)/);
  });

  it('refuses anything appended after the end', async () => {
    const { bytes } = await makeArchive();
    const { frames } = scanFrames(bytes);
    const last = frames[frames.length - 1]!;
    expect(await outcome(Buffer.concat([bytes, Buffer.from([0])]))).toEqual({
      code: BACKUP_ERRORS.trailing,
      message: expect.stringMatching(/has 1 unexpected bytes after the end of the archive: data was appended/),
    });
    expect((await outcome(Buffer.concat([bytes, bytes.subarray(last.offset)]))).code).toBe(BACKUP_ERRORS.trailing);
  });

  it('tells a file that is no backup, another format version and another installation apart', async () => {
    const { bytes } = await makeArchive();
    expect((await outcome(randomBytes(4096))).message).toMatch(/is not a Parasol backup archive \(it does not start with the Parasol backup signature\)/);
    expect((await outcome(Buffer.from('SQLite format 3\u0000' + 'x'.repeat(200)))).code).toBe(BACKUP_ERRORS.notArchive);
    const v2 = Buffer.from(bytes);
    v2[MAGIC.length] = 2;
    expect((await outcome(v2)).message).toMatch(/format version 2, which this version of Parasol cannot read/);
    expect((await outcome(bytes, { pepper: randomBytes(32) })).message).toMatch(/was made by another Parasol installation/);
    expect((await outcome(bytes, { pepper: null })).code).toBe(BACKUP_ERRORS.needSecrets);
  });

  it('never overwrites an existing file', async () => {
    const file = tmpFile();
    fs.writeFileSync(file, 'keep me');
    await expect(writeArchive(file, { pepper, dialect: 'sqlite', createdAt: new Date(), schema: [], parts: [{ name: 'a', key: 'archive', data: Buffer.from('x') }] })).rejects.toThrow(
      /already exists/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  describe('the secrets part', () => {
    const secretsFile = JSON.stringify({ version: 1, pepper: pepper.toString('base64'), installationSalt: randomBytes(16).toString('base64'), sessionKeys: [randomBytes(32).toString('base64')] });
    const body = Buffer.from(JSON.stringify({ secretsFile, vaultFile: '{"version":1,"current":1,"generations":[]}' }));
    const passphrase = 'correct horse battery staple';
    let archive: { file: string; bytes: Buffer };

    it('opens with the passphrase, with or without the secrets file', async () => {
      archive = await makeArchive(PARTS, { secrets: body, passphrase });
      const withBoth = await readArchive(archive.file, { pepper, passphrase });
      expect(withBoth.secretsState).toBe('opened');
      expect(withBoth.secretsPart!.equals(body)).toBe(true);
      // Where the secrets file was lost, the passphrase alone opens the secrets part, and its pepper the rest.
      const got: Buffer[] = [];
      const alone = await readArchive(archive.file, { pepper: null, passphrase, sink: (p) => (p.name === 'database.sqlite' ? { write: (c) => void got.push(Buffer.from(c)) } : null) });
      expect(alone.secretsPart!.equals(body)).toBe(true);
      expect(Buffer.concat(got).equals(PARTS[0]!.data)).toBe(true);
    });

    it('is checked for damage without the passphrase, and a wrong passphrase is named as such', async () => {
      expect((await readArchive(archive.file, { pepper })).secretsState).toBe('frames-only');
      expect((await outcome(archive.bytes, { passphrase: 'not the passphrase' })).message).toMatch(/does not open the secrets part .* \(the part itself is intact\): wrong passphrase/);
      expect((await outcome(archive.bytes, { pepper: null, passphrase: 'not the passphrase' })).code).toBe(BACKUP_ERRORS.passphrase);
      expect((await outcome(archive.bytes, { pepper: null })).message).toMatch(/with the passphrase of its secrets part \(PARASOL_BACKUP_PASSPHRASE\); neither is here/);
      const { frames } = scanFrames(archive.bytes);
      const damaged = Buffer.from(archive.bytes);
      damaged[frames[1]!.offset + 30]! ^= 0x40; // inside the secrets part's only chunk
      expect((await outcome(damaged)).message).toMatch(/its secrets part is damaged/);
    });
  });

  it('summarises the configuration without passwords, user names or keys', () => {
    const config = loadConfig(
      {},
      {
        dataDir: dir,
        databaseUrl: 'postgres://parasol_admin:s3cret-db-pw@db.example:5432/parasol',
        smtpUrl: 'smtps://mailer-user:s3cret-mail-pw@smtp.example:465',
        redisUrl: 'redis://:s3cret-redis-pw@redis.example:6379',
        insecureFastKdf: true,
      },
    );
    const text = JSON.stringify(configSummary(config));
    for (const s of ['s3cret', 'parasol_admin', 'mailer-user']) expect(text).not.toContain(s);
    expect(text).toContain('db.example:5432/parasol');
  });
});

describe('backup progress', () => {
  function stream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, s: { isTTY, columns: 80, write: (t: string) => writes.push(t) } };
  }

  it('draws a bar in place on a terminal, with the percentage and bytes', () => {
    const { writes, s } = stream(true);
    let t = 0;
    const p = new Progress(s, 'Encrypting', 4 * 1048576, () => t);
    for (let i = 0; i <= 100; i++) {
      t += 50;
      p.update(i * 41943);
    }
    p.finish();
    expect(writes.length).toBeGreaterThan(5);
    expect(writes.length).toBeLessThan(60); // redrawn at most every 100 ms
    expect(writes.every((w) => w.startsWith('\r') || w === '\n')).toBe(true);
    expect(writes.at(-2)).toMatch(/^\rEncrypting {2}\[#{24}\] 100% {2}4\.0 MiB \/ 4\.0 MiB/);
    expect(writes.at(-1)).toBe('\n');
  });

  it('prints a few plain lines when stderr is not a terminal', () => {
    const { writes, s } = stream(false);
    const p = new Progress(s, 'Checking the archive', 1000);
    for (let i = 0; i <= 1000; i += 5) p.update(i);
    p.finish();
    expect(writes).toEqual([
      'Checking the archive: 0% of 1000 B\n',
      'Checking the archive: 25% (250 B of 1000 B)\n',
      'Checking the archive: 50% (500 B of 1000 B)\n',
      'Checking the archive: 75% (750 B of 1000 B)\n',
      'Checking the archive: 100% (1000 B)\n',
    ]);
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});
