/**
 * Acceptance: "With a copy of the database, the data folder and the secrets
 * file, but no password and no recovery key, no report, message or note can
 * be decrypted (a test tries every key material found on disk)."
 *
 * The attacker's harness collects every byte string that could be key
 * material: every binary column value of every row of every table (found by
 * asking the database, not our schema), every 32-byte window of them, hashes
 * of them, every value in every text column decoded as hex, base64 and
 * base32, every value of the secrets file and the key vault file, every
 * subkey the code derives from them (the contexts are read from src/ by
 * grepping deriveSubkey), and every 20-byte window run through the recovery
 * key derivation. Each candidate is tried as an XChaCha20-Poly1305 key on
 * every envelope (with the associated data the code uses), as a data key
 * together with every shred key it can unwrap, and as an X25519 secret key on
 * every sealed key; whatever opens is fed back in, until nothing new opens.
 * The raw SQLite file and its WAL (which keep old page versions) are also
 * scanned, every 32-byte window, as secret keys and as keys for the report
 * bodies, contacts and vault entries. The same harness, given the
 * coordinator's real key pair (which exists only in memory), does decrypt
 * everything: so the test can fail.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, deriveLoginSecrets, deriveSubkey, keyPairFromSecretKey, openSealedKey, openShare, recoveryKek, reportDataKey, unwrapSecretKey, type ContentKey } from '../../src/crypto/index.js';
import { custodyContext, handoffContext, releaseShareContext } from '../../src/core/consent/custody-shares.js';
import { SUBKEY_CONTEXTS } from '../../src/crypto/contexts.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { postMultipart } from '../helpers/uploads.js';
import { allRows, loginAs, newStaffMember, reporterWrites, submitReport, surfaces, tableNames, type NewAccount, type Submitted, type Surfaces } from './support.js';
import { asReportId, asUserId } from '../../src/core/shared/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const M = {
  description: 'KEYS-DESCRIPTION-4b1d',
  placeDetail: 'KEYS-PLACE-91aa',
  contact: 'KEYS-CONTACT-7e02',
  message: 'KEYS-MESSAGE-3c55',
  addition: 'KEYS-ADDITION-d00d',
  reply: 'KEYS-REPLY-0f0f',
  note: 'KEYS-NOTE-beef',
  newcomerNote: 'KEYS-NOTE2-cafe',
  second: 'KEYS-SECOND-a11a',
  file: 'KEYS-FILE-f11e',
} as const;

/** What an envelope is, for the verdict: content must never open; keys must never open; server-side data may. */
type Kind = 'content' | 'user-key' | 'server';

interface Envelope {
  readonly where: string;
  readonly kind: Kind;
  readonly reportId: string | null;
  readonly bytes: Buffer;
  readonly aad: string;
  /** Only candidates made by the recovery-key derivation are tried here as well. */
  readonly recovery: boolean;
  /** For a vault-wrapped shred key: the report it belongs to. */
  readonly shredFor: string | null;
}

interface Sealed {
  readonly where: string;
  readonly bytes: Buffer;
  /**
   * The hex public key it was sealed to, when the row names a recipient whose key is
   * stored. A sealed box (X25519 + XSalsa20-Poly1305, nonce from the recipient's public
   * key) opens only for the secret key whose public key that is, so a candidate whose
   * public key differs need not be tried: exact, and it keeps the run short. Seals
   * without a known recipient are tried with every candidate.
   */
  readonly recipient: string | null;
}

const ENVELOPE = Buffer.from([0x50, 0x53, 0x4c, 0x01, 0x01]);
const SEALED = Buffer.from([0x50, 0x53, 0x4c, 0x01, 0x02]);
const SHARE = Buffer.from([0x50, 0x53, 0x4c, 0x01, 0x03]);

/** A share of a contact key (2 of n) sealed to one person, with what the attacker knows from the row: the report, the context, the recipient. */
interface SealedShareRow {
  readonly where: string;
  readonly bytes: Buffer;
  readonly reportId: string;
  readonly context: string;
  readonly recipient: string | null;
}

/** Multiplication in GF(2^8) (the AES field), as the source of the sharing library uses: the attacker combines shares themselves. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}
function gfInv(a: number): number {
  for (let b = 1; b < 256; b++) if (gfMul(a, b) === 1) return b;
  return 0;
}
/** The secret at x = 0 of the line through two shares (y bytes, then x). */
function interpolate(a: Buffer, b: Buffer): Buffer | null {
  const xa = a[a.length - 1]!;
  const xb = b[b.length - 1]!;
  if (xa === xb || a.length !== b.length) return null;
  const la = gfMul(xb, gfInv(xa ^ xb));
  const lb = gfMul(xa, gfInv(xa ^ xb));
  return Buffer.from(Array.from({ length: a.length - 1 }, (_, i) => gfMul(a[i]!, la) ^ gfMul(b[i]!, lb)));
}

/** The associated data the code binds each kind of envelope to (the attacker has the source code too). */
function classify(table: string, column: string, row: Record<string, unknown>): { kind: Kind; aad: string; reportId: string | null; shredFor?: string } | null {
  const id = String(row.id ?? '');
  const rid = String(row.report_id ?? '');
  switch (`${table}.${column}`) {
    case 'reports.body':
      return { kind: 'content', aad: `report:${id}:body`, reportId: id };
    case 'messages.body':
      return { kind: 'content', aad: `report:${rid}:message:${id}`, reportId: rid };
    case 'attachments.meta':
      return { kind: 'content', aad: `report:${rid}:attachment:${id}:meta`, reportId: rid };
    case 'attachments.body':
      return { kind: 'content', aad: `report:${rid}:attachment:${id}:body`, reportId: rid };
    case 'case_notes.body':
      return { kind: 'content', aad: `report:${rid}:note:${id}`, reportId: rid };
    case 'case_referrals.body':
      return { kind: 'content', aad: `report:${rid}:referral:${id}`, reportId: rid };
    case 'report_contacts.body':
      return { kind: 'content', aad: `report:${rid}:contact`, reportId: rid };
    case 'operations.notes':
      // Monitors' notes on police and immigration operations: under the organisation's monitoring key.
      return { kind: 'content', aad: `operation:${id}:notes`, reportId: null };
    case 'users.wrapped_key_password':
      return { kind: 'user-key', aad: `user:${id}:sk:password`, reportId: null };
    case 'users.wrapped_key_recovery':
      return { kind: 'user-key', aad: `user:${id}:sk:recovery`, reportId: null };
    case 'users.totp_secret':
      return { kind: 'server', aad: `user:${id}:totp`, reportId: null };
    case 'vault_generations.sealed_key':
      // The shared vault's generation keys, sealed under a key from the secrets file (the attacker has it, as it had vault.json before).
      return { kind: 'server', aad: `vault-generation:${Number(row.generation)}`, reportId: null };
    case 'report_vault.wrapped_key':
      return { kind: 'server', aad: `vault:${Number(row.generation)}:${rid}`, reportId: null, shredFor: rid };
    default:
      return null;
  }
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}
function unbase32(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.toUpperCase()) {
    const i = B32.indexOf(ch);
    if (i < 0) continue;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * Every reading of a text value as bytes: hex, base64, base64url, base32, and
 * the characters themselves when the value is one opaque token (a key kept as
 * text would have no spaces; sentences from the services directory are not
 * key material, and their windows would only slow the run).
 */
function decodings(text: string): Buffer[] {
  const out: Buffer[] = /\s/.test(text.trim()) ? [] : [Buffer.from(text, 'utf8')];
  const t = text.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 && t.length >= 32) out.push(Buffer.from(t, 'hex'));
  if (/^[A-Za-z0-9+/_-]+=*$/.test(t) && t.length >= 24) out.push(Buffer.from(t, 'base64'), Buffer.from(t, 'base64url'));
  const b32 = t.replace(/[\s-]/g, '');
  if (/^[A-Za-z2-7]+=*$/.test(b32) && b32.length >= 16) out.push(unbase32(b32.replace(/=+$/, '')));
  return out;
}

/** The subkey contexts the code derives from master secrets, read from the source. */
function subkeyContexts(): Array<[string, number]> {
  const found = new Map<string, [string, number]>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/deriveSubkey\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*'([^']{8})'\s*,\s*(\d+)\s*\)/g)) found.set(`${m[1]}:${m[2]}`, [m[1]!, Number(m[2])]);
        // Contexts kept in constants (e.g. a table of purposes): any 8-character quoted word next to "subkey".
        if (/deriveSubkey|subkey\(/.test(text)) for (const m of text.matchAll(/'([a-z0-9]{8})'/g)) if (!found.has(`${m[1]}:1`)) found.set(`${m[1]}:1`, [m[1]!, 1]);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  // And every context in the registry, with the subkey ids 1 and 2 the code uses.
  for (const c of Object.values(SUBKEY_CONTEXTS)) for (const id of [1, 2]) found.set(`${c}:${id}`, [c, id]);
  return [...found.values()];
}

/**
 * For windows of the raw database files only: leaves out windows that no
 * random key looks like: five or more zero bytes (probability about 2e-7 for
 * 32 random bytes) or only printable ASCII (about 1e-14). Page padding and
 * stored text make up most of an SQLite file; keys kept as text are decoded
 * from the rows instead.
 */
function couldBeRandomKey(w: Buffer): boolean {
  let zeros = 0;
  let printable = 0;
  for (const b of w) {
    if (b === 0) zeros++;
    if (b >= 0x20 && b <= 0x7e) printable++;
  }
  return zeros < 5 && printable < w.length;
}

class Harness {
  private readonly tried = new Set<string>();
  private readonly triedKeys: Buffer[] = [];
  private readonly queue: Array<{ key: Buffer; recovery: boolean; raw: boolean }> = [];
  readonly opened = new Map<Envelope, Buffer>();
  readonly openedSeals = new Map<Sealed, Buffer>();
  readonly openedShares = new Map<SealedShareRow, Buffer>();
  private readonly shreds = new Map<string, Buffer[]>();
  candidates = 0;

  constructor(
    private readonly envelopes: readonly Envelope[],
    private readonly seals: readonly Sealed[],
    private readonly shares: readonly SealedShareRow[] = [],
  ) {}

  /** One 32-byte candidate. `raw` marks windows of the raw database files, tried on fewer envelopes (see run). */
  offer(key: Buffer, opts: { recovery?: boolean; raw?: boolean } = {}): void {
    if (key.length !== 32) return;
    const tag = `${opts.recovery ? 'r' : opts.raw ? 'w' : 'k'}${key.toString('hex')}`;
    if (this.tried.has(tag) || (opts.raw && this.tried.has(`k${key.toString('hex')}`))) return;
    this.tried.add(tag);
    this.queue.push({ key: Buffer.from(key), recovery: Boolean(opts.recovery), raw: Boolean(opts.raw) });
  }

  /** Every 32-byte window, a hash of the whole, and every 20-byte window as a recovery key. */
  offerBytes(bytes: Buffer, opts: { raw?: boolean } = {}): void {
    for (let i = 0; i + 32 <= bytes.length; i++) {
      const w = bytes.subarray(i, i + 32);
      if (opts.raw && !couldBeRandomKey(w)) continue;
      this.offer(w, opts);
    }
    if (bytes.length > 0 && bytes.length !== 32) this.offer(createHash('sha256').update(bytes).digest(), opts);
    if (opts.raw) return;
    for (let i = 0; i + 20 <= bytes.length; i++) this.offer(recoveryKek(base32(bytes.subarray(i, i + 20))), { recovery: true });
  }

  offerText(text: string): void {
    for (const b of decodings(text)) this.offerBytes(b);
  }

  private learn(plain: Buffer): void {
    this.offerBytes(plain);
    const text = plain.toString('utf8');
    this.offerText(text);
    try {
      const walk = (v: unknown): void => {
        if (typeof v === 'string') this.offerText(v);
        else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
      };
      walk(JSON.parse(text));
    } catch {
      // Not JSON.
    }
  }

  private tryEnvelope(env: Envelope, key: Buffer): boolean {
    const keys = [key, ...(env.reportId ? (this.shreds.get(env.reportId) ?? []).map((s) => reportDataKey(key as ContentKey, s)) : [])];
    for (const k of keys) {
      try {
        const plain = decrypt(k as ContentKey, env.bytes, env.aad);
        this.opened.set(env, plain);
        if (env.shredFor) {
          this.shreds.set(env.shredFor, [...(this.shreds.get(env.shredFor) ?? []), plain]);
          // A new shred key: every key tried so far gets another chance on that report's content.
          for (const old of this.triedKeys) for (const e of this.envelopes) if (e.reportId === env.shredFor && !this.opened.has(e)) this.tryDataKey(e, reportDataKey(old as ContentKey, plain));
        }
        this.learn(plain);
        return true;
      } catch {
        // Wrong key.
      }
    }
    return false;
  }

  private tryDataKey(env: Envelope, dataKey: Buffer): void {
    try {
      const plain = decrypt(dataKey as ContentKey, env.bytes, env.aad);
      this.opened.set(env, plain);
      this.learn(plain);
    } catch {
      // Wrong key.
    }
  }

  private trySeals(key: Buffer): void {
    let pair;
    try {
      pair = keyPairFromSecretKey(key);
    } catch {
      return;
    }
    const pk = pair.publicKey.toString('hex');
    for (const seal of this.seals) {
      if (this.openedSeals.has(seal)) continue;
      if (seal.recipient && seal.recipient !== pk) continue;
      try {
        const contentKey = openSealedKey(seal.bytes, pair);
        this.openedSeals.set(seal, contentKey);
        this.offer(contentKey);
      } catch {
        // Not sealed to this key.
      }
    }
    for (const share of this.shares) {
      if (this.openedShares.has(share)) continue;
      if (share.recipient && share.recipient !== pk) continue;
      try {
        const opened = openShare(share.bytes, pair, share.context);
        this.openedShares.set(share, opened);
        this.offerBytes(opened);
        // Every pair of opened shares of the same report, combined: the key, if they are two shares of one split.
        for (const [other, theirs] of this.openedShares) {
          if (other === share || other.reportId !== share.reportId) continue;
          const key = interpolate(opened, theirs);
          if (key) this.offer(key);
        }
      } catch {
        // Not sealed to this key.
      }
    }
  }

  /** Runs until no candidate is left. */
  run(): void {
    for (let item = this.queue.pop(); item; item = this.queue.pop()) {
      this.candidates++;
      const { key, recovery, raw } = item;
      if (!recovery && !raw) this.triedKeys.push(key);
      for (const env of this.envelopes) {
        if (this.opened.has(env)) continue;
        if (recovery && !env.recovery) continue;
        // Windows of the raw database files are tried on what a leaked key would open first: report bodies, contacts and the vault.
        if (raw && !(env.kind === 'content' && /reports\.body|report_contacts\.body/.test(env.where)) && !env.shredFor) continue;
        this.tryEnvelope(env, key);
      }
      if (!recovery) this.trySeals(key);
    }
  }

  /** Plaintexts of content envelopes opened so far. */
  contentOpened(): string[] {
    return [...this.opened].filter(([e]) => e.kind === 'content').map(([e, p]) => `${e.where}: ${p.toString('utf8').slice(0, 80)}`);
  }
}

let s: Surfaces;
let newcomer: NewAccount;
let custodian: NewAccount;
let first: Submitted;
let envelopes: Envelope[];
let seals: Sealed[];
let shares: SealedShareRow[];
let unknown: string[];
let secondCustodian: NewAccount;

/** Reads the disk as the attacker finds it: every row of every table, and every file in the data folder. */
async function collect(): Promise<{ rows: Array<{ table: string; row: Record<string, unknown> }>; files: Array<{ file: string; bytes: Buffer }> }> {
  const rows: Array<{ table: string; row: Record<string, unknown> }> = [];
  for (const table of await tableNames(s)) for (const row of await allRows(s, table)) rows.push({ table, row });
  const files: Array<{ file: string; bytes: Buffer }> = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // Files only: the local identifier service's Unix socket lives in the data folder too, and holds no bytes.
      else if (e.isFile()) files.push({ file: path.relative(s.t.database.dataDir, p), bytes: fs.readFileSync(p) });
    }
  };
  walk(s.t.database.dataDir);
  return { rows, files };
}

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT, {}, { installation: true });
  // A caseworker who set up their account through the page, before the reports: their wrapped keys are on disk too.
  newcomer = await newStaffMember(s, 'caseworker', { username: 'keys-newcomer', password: 'sparrow lighthouse 301' });
  // Contact keys are split 2 of n among the custodians (the demo's two and these two).
  custodian = await newStaffMember(s, 'custodian', { username: 'keys-custodian', password: 'harbour compass 7741' });
  secondCustodian = await newStaffMember(s, 'custodian', { username: 'keys-custodian-2', password: 'lantern meadow 5518' });
  first = await submitReport(s, { description: `Hurt at the hotel ${M.description}`, place_detail: M.placeDetail, contact_name: 'Ioana', contact_details: `Signal ${M.contact}` });
  const second = await submitReport(s, { description: `Second report ${M.second}` });
  await reporterWrites(s, first.receipt, `Please call ${M.message}`);
  await reporterWrites(s, first.receipt, `He drives a blue car ${M.addition}`, 'addition');
  // A file sent with a message: its name, type and bytes are envelopes of their own.
  const fu = await openForm(s.reporter, '/follow-up?lang=en');
  const opened = await postForm(s.reporter, '/follow-up', fu, { lang: 'en', receipt: first.receipt });
  const withFile = await postMultipart(s.reporter, '/follow-up/message', fu, { lang: 'en', access: accessFrom(opened.body), message: 'a file' }, [
    { name: 'evidence.txt', bytes: Buffer.from(`the file ${M.file}`), type: 'text/plain' },
  ]);
  expect(withFile.statusCode).toBe(200);
  const coordinator = new StaffClient(s.staff, s.clock);
  await loginAs(s, coordinator, s.coordinator);
  expect((await coordinator.post(`/reports/${first.reportId}`, `/reports/${first.reportId}/reply`, { reply: `We can help ${M.reply}` })).statusCode).toBe(303);
  expect((await coordinator.post(`/reports/${first.reportId}`, `/reports/${first.reportId}/note`, { note: `Referred to clinic ${M.note}` })).statusCode).toBe(303);
  const cw = new StaffClient(s.staff, s.clock);
  await loginAs(s, cw, newcomer);
  expect((await cw.post(`/reports/${second.reportId}`, `/reports/${second.reportId}/note`, { note: `Followed up ${M.newcomerNote}` })).statusCode).toBe(303);

  const { rows } = await collect();
  envelopes = [];
  seals = [];
  shares = [];
  unknown = [];
  const releases = new Map<string, { reportId: string; requester: string }>();
  for (const { table, row } of rows) if (table === 'identity_releases') releases.set(String(row.id), { reportId: String(row.report_id), requester: String(row.requested_by) });
  const publicKeys = new Map<string, string>();
  for (const { table, row } of rows) {
    if (table === 'users' && row.public_key instanceof Uint8Array) publicKeys.set(`user:${String(row.id)}`, Buffer.from(row.public_key).toString('hex'));
    if (table === 'reports' && row.reporter_public_key instanceof Uint8Array) publicKeys.set(`reporter:${String(row.id)}`, Buffer.from(row.reporter_public_key).toString('hex'));
  }
  for (const { table, row } of rows) {
    for (const [column, value] of Object.entries(row)) {
      if (!(value instanceof Uint8Array)) continue;
      const bytes = Buffer.from(value);
      const recipient =
        (row.recipient_type ? publicKeys.get(`${String(row.recipient_type)}:${String(row.recipient_id)}`) : row.user_id ? publicKeys.get(`user:${String(row.user_id)}`) : undefined) ?? null;
      if (bytes.subarray(0, 5).equals(SHARE)) {
        const cid = asUserId(String(row.custodian_id ?? ''));
        const release = releases.get(String(row.release_id ?? ''));
        if (table === 'contact_key_shares')
          shares.push({
            where: `${table}.${column}`,
            bytes,
            reportId: String(row.report_id),
            context: custodyContext(asReportId(String(row.report_id)), cid),
            recipient: publicKeys.get(`user:${cid}`) ?? null,
          });
        else if (table === 'identity_release_shares' && release)
          shares.push({
            where: `${table}.${column}`,
            bytes,
            reportId: release.reportId,
            context: releaseShareContext(String(row.release_id), cid),
            recipient: publicKeys.get(`user:${release.requester}`) ?? null,
          });
        else if (table === 'custody_handoffs')
          shares.push({
            where: `${table}.${column}`,
            bytes,
            reportId: String(row.report_id),
            context: handoffContext(asReportId(String(row.report_id)), asUserId(String(row.from_custodian)), asUserId(String(row.to_custodian))),
            recipient: publicKeys.get(`user:${String(row.to_custodian)}`) ?? null,
          });
        else unknown.push(`${table}.${column}`);
      } else if (bytes.subarray(0, 5).equals(SEALED)) seals.push({ where: `${table}.${column}`, bytes, recipient });
      else if (bytes.subarray(0, 5).equals(ENVELOPE)) {
        const c = classify(table, column, row);
        if (!c) unknown.push(`${table}.${column}`);
        else envelopes.push({ where: `${table}.${column}`, kind: c.kind, reportId: c.reportId, bytes, aad: c.aad, recovery: column === 'wrapped_key_recovery', shredFor: c.shredFor ?? null });
      }
    }
  }
}, 120_000);
afterAll(async () => {
  await s?.close();
});

describe('a copy of the database, the data folder and the secrets file', () => {
  it('holds what the harness needs to know about (so that "nothing opens" means something)', async () => {
    expect([...new Set(unknown)], 'envelopes whose associated data the harness does not know: teach classify() about them').toEqual([]);
    const where = new Set(envelopes.map((e) => e.where));
    for (const w of ['reports.body', 'messages.body', 'attachments.meta', 'attachments.body', 'case_notes.body', 'report_contacts.body', 'users.wrapped_key_password', 'users.wrapped_key_recovery'])
      expect(where, w).toContain(w);
    for (const w of ['report_key_seals.sealed_key', 'contact_key_seals.sealed_key']) expect(seals.map((x) => x.where)).toContain(w);
    expect(shares.filter((x) => x.where === 'contact_key_shares.sealed_share' && x.reportId === first.reportId)).toHaveLength(4);
    const { files } = await collect();
    const names = files.map((f) => f.file);
    expect(names).toContain('secrets.json');
    if (fs.existsSync(s.t.ctx.config.vaultFile)) expect(names).toContain(path.relative(s.t.database.dataDir, s.t.ctx.config.vaultFile));
    // The markers are nowhere in clear.
    for (const f of files) for (const m of Object.values(M)) expect(f.bytes.includes(Buffer.from(m)), `${m} in ${f.file}`).toBe(false);
  });

  it('opens no report, message, note or contact, no sealed key and no wrapped caseworker key, whatever key material is tried', async () => {
    const h = new Harness(envelopes, seals, shares);
    const { rows, files } = await collect();
    // 1. Every value of every row.
    for (const { row } of rows) {
      for (const value of Object.values(row)) {
        if (value instanceof Uint8Array) h.offerBytes(Buffer.from(value));
        else if (typeof value === 'string') h.offerText(value);
      }
    }
    // 2. Every file in the data folder: the secrets file, the vault, and anything else (the demo key file if any).
    const secretValues: Buffer[] = [];
    for (const f of files) {
      const isDatabase = /parasol\.sqlite(-wal|-shm|-journal)?$/.test(f.file);
      if (isDatabase) continue;
      h.offerBytes(f.bytes);
      try {
        const walk = (v: unknown): void => {
          if (typeof v === 'string') {
            h.offerText(v);
            for (const b of decodings(v)) if (b.length === 32) secretValues.push(b);
          } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
        };
        walk(JSON.parse(f.bytes.toString('utf8')));
      } catch {
        h.offerText(f.bytes.toString('utf8'));
      }
    }
    // 3. Every subkey the code derives, from every 32-byte secret of those files.
    const contexts = subkeyContexts();
    expect(contexts.map(([c]) => c)).toEqual(expect.arrayContaining(['auditlog', 'totpsecr', 'cookie01', 'rpaccess', 'devicetk', 'totpsetu']));
    for (const master of secretValues) for (const [context, id] of contexts) for (const n of new Set([id, 0, 1, 2])) h.offer(deriveSubkey(master, context, n));
    // The secrets actually in use are among the candidates.
    expect(secretValues.map((b) => b.toString('hex'))).toEqual(expect.arrayContaining([s.t.ctx.secrets.pepper, ...s.t.ctx.secrets.sessionKeys].map((b) => b.toString('hex'))));
    const t0 = Date.now();
    h.run();
    const t1 = Date.now();
    // 4. The raw database files (SQLite and its WAL: old page versions included), every 32-byte window.
    for (const f of files) if (/parasol\.sqlite(-wal)?$/.test(f.file)) h.offerBytes(f.bytes, { raw: true });
    const before = h.candidates;
    h.run();
    if (process.env.PARASOL_TEST_VERBOSE) console.log(`keys-at-rest: ${before} candidates in ${t1 - t0} ms, then ${h.candidates - before} raw windows in ${Date.now() - t1} ms`);

    expect(h.candidates).toBeGreaterThan(2000);
    expect(h.contentOpened()).toEqual([]);
    expect([...h.openedSeals.keys()].map((x) => x.where)).toEqual([]);
    expect([...h.openedShares.keys()].map((x) => x.where)).toEqual([]);
    expect([...h.opened.keys()].filter((e) => e.kind === 'user-key').map((e) => e.where)).toEqual([]);
    // What a copy with the secrets file does open is server-side only (second-factor secrets, vault-wrapped shred keys), never content.
    for (const e of h.opened.keys()) expect(e.kind).toBe('server');
  }, 600_000);
});

describe('the same harness can succeed', () => {
  /** The vault and secrets files' values: the server-side half an attacker with the data folder has anyway. */
  async function serverSide(h: Harness): Promise<void> {
    const { files } = await collect();
    for (const f of files) {
      if (/parasol\.sqlite/.test(f.file)) continue;
      try {
        const walk = (v: unknown): void => {
          if (typeof v === 'string') for (const b of decodings(v)) h.offerBytes(b);
          else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
        };
        walk(JSON.parse(f.bytes.toString('utf8')));
      } catch {
        // Not JSON.
      }
    }
    // In a test context without a vault file, the vault's keys come from memory (still server-side, never a caseworker secret).
    const vault = s.t.ctx.core.vault as unknown as { data?: { generations?: Array<{ key: string }> } };
    for (const g of vault.data?.generations ?? []) h.offerBytes(Buffer.from(g.key, 'base64'));
  }

  /** Everything but the contact details, which are sealed only to custodians (guarantee 6). */
  function expectEverythingRead(h: Harness, withContact = false): void {
    const text = [...h.opened]
      .filter(([e]) => e.kind === 'content')
      .map(([, p]) => p.toString('utf8'))
      .join('\n');
    for (const m of Object.values(M)) {
      if (m === M.contact) expect(text.includes(m), 'contact details').toBe(withContact);
      else expect(text, m).toContain(m);
    }
  }

  it('given the coordinator’s real key pair (held only in memory), it reads every report, message, note and contact', async () => {
    const h = new Harness(envelopes, seals);
    await serverSide(h);
    h.offer(s.coordinator.keyPair.secretKey);
    h.run();
    expect(h.openedSeals.size).toBeGreaterThan(0);
    expectEverythingRead(h);
  }, 120_000);

  async function custodianPair(who: NewAccount) {
    const row = await s.t.ctx.core.db.selectFrom('users').selectAll().where('id', '=', who.userId).executeTakeFirstOrThrow();
    const login = await deriveLoginSecrets(who.password, Buffer.from(row.password_salt!), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, s.t.ctx.kdf);
    return unwrapSecretKey(login.kek, Buffer.from(row.wrapped_key_password!), `user:${who.userId}:sk:password`);
  }

  it('given one custodian’s password, the database, the data folder, secrets file and vault: everything but the contact details (2 of n)', async () => {
    const h = new Harness(envelopes, seals, shares);
    await serverSide(h);
    const { rows } = await collect();
    for (const { row } of rows) for (const value of Object.values(row)) if (value instanceof Uint8Array) h.offerBytes(Buffer.from(value));
    h.offer((await custodianPair(custodian)).secretKey);
    h.run();
    // Their own share of each contact key opens: one share, and no pair of shares of one report.
    expect([...h.openedShares.keys()].filter((x) => x.reportId === first.reportId).map((x) => x.where)).toEqual(['contact_key_shares.sealed_share']);
    expectEverythingRead(h, false);
  }, 300_000);

  it('given two custodians’ passwords, it reads the contact details too', async () => {
    const h = new Harness(envelopes, seals, shares);
    await serverSide(h);
    h.offer((await custodianPair(custodian)).secretKey);
    h.offer((await custodianPair(secondCustodian)).secretKey);
    h.run();
    expectEverythingRead(h, true);
  }, 120_000);

  it('given the coordinator’s recovery key (as written on paper), it unwraps the key and reads everything', async () => {
    const h = new Harness(envelopes, seals);
    await serverSide(h);
    h.offerText(s.coordinator.recoveryKey);
    h.run();
    expect([...h.opened.keys()].some((e) => e.where === 'users.wrapped_key_recovery')).toBe(true);
    expectEverythingRead(h);
  }, 120_000);

  it('finds a secret key hidden at any offset in a raw file', async () => {
    const h = new Harness(envelopes, seals);
    await serverSide(h);
    h.run();
    const opened = h.contentOpened().length;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-planted-'));
    try {
      const planted = Buffer.concat([Buffer.from('noise '.repeat(37)), s.coordinator.keyPair.secretKey, Buffer.from(' more noise')]);
      fs.writeFileSync(path.join(dir, 'planted.bin'), planted);
      h.offerBytes(fs.readFileSync(path.join(dir, 'planted.bin')), { raw: true });
      h.run();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(opened).toBe(0);
    expectEverythingRead(h);
  }, 120_000);
});
