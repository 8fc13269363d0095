/**
 * Acceptance: "With a staff cookie copied before logout, and copies of the
 * database, data folder, secrets file and vault taken after logout, a test
 * that tries every key material it can derive decrypts no report, message or
 * note" (and the same after a password change, after expiry and after
 * deactivation).
 *
 * Written as the attacker works: take the cookie's value as a browser profile
 * or a proxy log keeps it; open it (XSalsa20-Poly1305, secure-session's
 * format) with every key in the secrets file and the vault file, raw and
 * through every subkey context the code uses; take every value in it,
 * decoded every way, and every 32-byte window of those; try each as an
 * X25519 secret key on every sealed key in the copied database, and as a
 * content key (alone and with every shred key the copied vault unwraps) on
 * every report body, message, note and contact. Whatever opens is fed back.
 * With Redis, the attacker also gets every value Redis still holds.
 *
 * The same harness does open everything (a) when given the caseworker's real
 * secret key, and (b) with Redis, given the cookie and a copy of Redis taken
 * before logout: so it can fail. Before this change the cookie carried the
 * secret key itself, and (c) checks that no value in the opened cookie is it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The attacker's tool, not Parasol's: opening secure-session's secretbox with a stolen key needs libsodium itself.
// eslint-disable-next-line no-restricted-imports
import sodiumNative from 'sodium-native';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBKEY_CONTEXTS, decrypt, deriveLoginSecrets, deriveSubkey, keyPairFromSecretKey, openSealedKey, unwrapSecretKey, type ContentKey } from '../../src/crypto/index.js';
import { dataKeyFor } from '../../src/core/reports/shred.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { allRows, csrfOf, loginAs, newStaffMember, reporterWrites, submitReport, surfaces, tableNames, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';
import { asReportId, type ReportId } from '../../src/core/shared/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

const M = { description: 'COPIED-DESC-5e1f', message: 'COPIED-MSG-77aa', note: 'COPIED-NOTE-0b0e' } as const;
/** The part of sodium-native that secure-session uses (its type declarations leave secretbox out). */
const sodium = sodiumNative as unknown as {
  crypto_secretbox_MACBYTES: number;
  crypto_secretbox_NONCEBYTES: number;
  crypto_secretbox_open_easy(m: Buffer, c: Buffer, n: Buffer, k: Buffer): boolean;
};
const SEALED = Buffer.from([0x50, 0x53, 0x4c, 0x01, 0x02]);

/** Every subkey context the code derives from secrets-file keys (the attacker reads the source). */
function subkeyContexts(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/deriveSubkey\([^,]+,\s*'([^']{8})'/g)) found.add(m[1]!);
    }
  };
  walk(path.join(ROOT, 'src'));
  // And every context in the registry, now that sites name them from there.
  for (const c of Object.values(SUBKEY_CONTEXTS)) found.add(c);
  return [...found];
}

/** Every key in the secrets file and the vault file, raw and through every subkey context with ids 1 to 4. */
function serverKeys(secretsFile: string, vaultText: string): Buffer[] {
  const raw: Buffer[] = [];
  const collect = (v: unknown) => {
    if (typeof v === 'string') {
      const b = Buffer.from(v, 'base64');
      if (b.length >= 16) raw.push(b);
    } else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(JSON.parse(fs.readFileSync(secretsFile, 'utf8')));
  collect(JSON.parse(vaultText));
  const out = [...raw.filter((k) => k.length === 32)];
  for (const k of raw) {
    if (k.length !== 32) continue;
    for (const c of subkeyContexts()) for (let id = 1; id <= 4; id++) out.push(deriveSubkey(k, c, id));
  }
  return out;
}

/** The cookie opened with whatever key opens it, or null. */
function openCookie(value: string, keys: Buffer[]): Record<string, unknown> | null {
  const [c, n] = decodeURIComponent(value).split(';');
  const cipher = Buffer.from(c ?? '', 'base64');
  const nonce = Buffer.from(n ?? '', 'base64');
  if (cipher.length < sodium.crypto_secretbox_MACBYTES || nonce.length !== sodium.crypto_secretbox_NONCEBYTES) return null;
  const msg = Buffer.alloc(cipher.length - sodium.crypto_secretbox_MACBYTES);
  for (const k of keys) if (sodium.crypto_secretbox_open_easy(msg, cipher, nonce, k)) return JSON.parse(msg.toString('utf8')) as Record<string, unknown>;
  return null;
}

/** Every 32-byte candidate a value can give: decoded as base64, base64url, hex and UTF-8, every window. */
function candidatesOf(value: unknown, into: Map<string, Buffer>): void {
  if (Array.isArray(value)) return value.forEach((v) => candidatesOf(v, into));
  if (value && typeof value === 'object') return Object.values(value).forEach((v) => candidatesOf(v, into));
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  if (text === null) return;
  const decodings = [Buffer.from(text, 'base64'), Buffer.from(text, 'base64url'), Buffer.from(text, 'utf8')];
  if (/^[0-9a-f]+$/i.test(text)) decodings.push(Buffer.from(text, 'hex'));
  for (const b of decodings) for (let i = 0; i + 32 <= b.length; i++) into.set(b.subarray(i, i + 32).toString('hex'), Buffer.from(b.subarray(i, i + 32)));
}

interface Loot {
  /** Plaintext that opened: report bodies, messages, notes, contacts. */
  readonly opened: string[];
  readonly sealsOpened: number;
}

/**
 * The attack on the copies: every candidate as an X25519 secret key on every
 * sealed key in the database, and as a content key (with and without each
 * shred key) on every report body, message, note and contact; whatever opens
 * feeds back in. With `redisDump`, every value there is tried as a session
 * half under every candidate, with the associated data the code uses.
 */
async function attack(s: Surfaces, cookie: Record<string, unknown> | null, extra: Buffer[], redisDump: Buffer[] = []): Promise<Loot> {
  const candidates = new Map<string, Buffer>();
  if (cookie) candidatesOf(cookie, candidates);
  for (const b of extra) candidates.set(b.toString('hex'), b);
  // The session halves in a copy of Redis, opened with the cookie's keys and its ids.
  const ids = cookie ? [String(cookie.sid ?? ''), String(cookie.uid ?? '')] : [];
  for (const half of redisDump) {
    for (const k of [...candidates.values()]) {
      try {
        const sk = decrypt(k as ContentKey, half, `staff-session:${ids[0]}:${ids[1]}:sk`);
        candidates.set(sk.toString('hex'), sk);
      } catch {
        // not this one
      }
    }
  }
  const vault = s.t.ctx.core.vault;
  const seals: Buffer[] = [];
  const envelopes: Array<{ reportId: ReportId; bytes: Buffer; aad: string }> = [];
  for (const table of await tableNames(s)) {
    for (const row of await allRows(s, table)) {
      for (const [col, v] of Object.entries(row)) {
        if (!(v instanceof Uint8Array)) continue;
        const b = Buffer.from(v);
        if (b.subarray(0, 5).equals(SEALED)) seals.push(b);
        const id = String(row.id ?? '');
        const rid = String(row.report_id ?? '');
        const aad =
          table === 'reports' && col === 'body'
            ? `report:${id}:body`
            : table === 'messages' && col === 'body'
              ? `report:${rid}:message:${id}`
              : table === 'case_notes' && col === 'body'
                ? `report:${rid}:note:${id}`
                : table === 'report_contacts' && col === 'body'
                  ? `report:${rid}:contact`
                  : null;
        if (aad) envelopes.push({ reportId: asReportId(table === 'reports' ? id : rid), bytes: b, aad });
      }
    }
  }
  const opened: string[] = [];
  let sealsOpened = 0;
  const tried = new Set<string>();
  let queue = [...candidates.values()];
  while (queue.length) {
    const next: Buffer[] = [];
    for (const cand of queue) {
      const hex = cand.toString('hex');
      if (tried.has(hex)) continue;
      tried.add(hex);
      const kp = keyPairFromSecretKey(cand);
      for (const sealed of seals) {
        try {
          next.push(Buffer.from(openSealedKey(sealed, kp)));
          sealsOpened++;
        } catch {
          // not sealed to this key
        }
      }
      for (const env of envelopes) {
        const keys: Buffer[] = [cand];
        try {
          keys.push(await dataKeyFor(s.t.ctx.core.db, vault, env.reportId, cand as ContentKey));
        } catch {
          // no shred key for it
        }
        for (const k of keys) {
          try {
            opened.push(decrypt(k as ContentKey, env.bytes, env.aad).toString('utf8'));
          } catch {
            // not this key
          }
        }
      }
    }
    queue = next;
  }
  return { opened, sealsOpened };
}

function staffCookie(client: StaffClient): string {
  const m = /(?:^|; )parasol_staff=([^;]*)/.exec(client.cookieHeader);
  if (!m) throw new Error('no staff cookie');
  return m[1]!;
}

async function redisHalves(): Promise<Buffer[]> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await r.keys('parasol:staffkey:*');
    const out: Buffer[] = [];
    for (const k of keys) {
      const v = await r.getBuffer(k);
      if (v) out.push(v);
    }
    return out;
  } finally {
    r.disconnect();
  }
}

type Ending = 'logout' | 'password change' | 'expiry' | 'deactivation';
const ENDINGS: readonly Ending[] = ['logout', 'password change', 'expiry', 'deactivation'];

for (const store of ['memory', 'redis'] as const) {
  describe(`a staff cookie copied before the session ended, with copies of the server taken after (${store})`, () => {
    let s: Surfaces;
    let report: Submitted;
    const people = new Map<Ending, NewAccount>();

    beforeAll(async () => {
      s = await surfaces(SURFACE_DIALECT, store === 'redis' ? { redisUrl: REDIS_URL } : {}, { installation: true });
      // Everyone exists before the report comes in, so it is sealed to each of them.
      for (const [i, ending] of ENDINGS.entries()) people.set(ending, await newStaffMember(s, 'caseworker', { username: `copied${i}${store}`, password: `long enough passphrase ${i} ${store}` }));
      report = await submitReport(s, { description: `He hit me ${M.description}` });
      await reporterWrites(s, report.receipt, `Call me ${M.message}`);
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      expect((await coordinator.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/note`, { note: `Referred ${M.note}` })).statusCode).toBe(303);
    }, 120_000);
    afterAll(async () => {
      await s?.close();
    });

    async function copyThenEnd(ending: Ending): Promise<{ cookie: Record<string, unknown> | null; who: NewAccount; halvesBefore: Buffer[] }> {
      const who = people.get(ending)!;
      const client = new StaffClient(s.staff, s.clock);
      await loginAs(s, client, who);
      // The caseworker reads the report: the session holds a working key.
      const page = await client.get(`/reports/${report.reportId}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain(M.description);
      const copied = staffCookie(client);
      const halvesBefore = store === 'redis' ? await redisHalves() : [];
      if (ending === 'logout') {
        expect((await client.post('/inbox', '/logout', {})).statusCode).toBe(303);
      } else if (ending === 'password change') {
        expect((await client.post('/account', '/account/password', { current: who.password, new: `${who.password} changed` })).statusCode).toBe(303);
      } else if (ending === 'expiry') {
        s.clock.advance(31 * MINUTE);
        // The browser comes back once, after the timeout, and finds the login page.
        expect((await client.get('/inbox')).headers.location).toBe('/login');
      } else {
        const admin = new StaffClient(s.staff, s.clock);
        await loginAs(s, admin, s.coordinator);
        const members = await admin.get('/admin/members');
        const res = await admin.post('/admin/members', `/admin/members/${who.userId}/deactivate`, { _csrf: csrfOf(members) });
        expect(res.statusCode).toBe(303);
      }
      const keys = serverKeys(s.t.ctx.config.secretsFile, await s.t.ctx.core.vault.exportFile(s.t.ctx.core.db));
      return { cookie: openCookie(copied, keys), who, halvesBefore };
    }

    for (const ending of ENDINGS) {
      it(`after ${ending}: the cookie opens with the secrets file, but nothing it holds opens a report, message, note or sealed key`, async () => {
        const { cookie, who, halvesBefore } = await copyThenEnd(ending);
        // The attacker does get into the cookie: the secrets file opens it.
        expect(cookie).not.toBeNull();
        expect(cookie!.uid).toBe(who.userId);
        const loot = await attack(s, cookie, [], store === 'redis' ? await redisHalves() : []);
        expect(loot.sealsOpened).toBe(0);
        expect(loot.opened).toEqual([]);

        // (c) Not one value in the cookie is the caseworker's secret key (before the split it was, in "sk").
        const user = await s.t.ctx.core.db.selectFrom('users').select('public_key').where('id', '=', who.userId).executeTakeFirstOrThrow();
        const inCookie = new Map<string, Buffer>();
        candidatesOf(cookie, inCookie);
        for (const c of inCookie.values()) expect(keyPairFromSecretKey(c).publicKey.equals(Buffer.from(user.public_key))).toBe(false);

        // (a) The harness is not blind: with the caseworker's real key it reads the report, the message and the note.
        const row = await s.t.ctx.core.db.selectFrom('users').selectAll().where('id', '=', who.userId).executeTakeFirstOrThrow();
        if (row.wrapped_key_password) {
          const pw = ending === 'password change' ? `${who.password} changed` : who.password;
          const login = await deriveLoginSecrets(pw, Buffer.from(row.password_salt!), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, s.t.ctx.kdf);
          const real = unwrapSecretKey(login.kek, Buffer.from(row.wrapped_key_password), `user:${who.userId}:sk:password`);
          const control = await attack(s, null, [real.secretKey]);
          const text = control.opened.join('\n');
          for (const marker of Object.values(M)) expect(text).toContain(marker);
        }

        // (b) With Redis: the same cookie and a copy of Redis taken while the session was open do open everything,
        // so the attack on the copy taken afterwards is a real one.
        if (store === 'redis') {
          const before = (await attack(s, cookie, [], halvesBefore)).opened.join('\n');
          for (const marker of Object.values(M)) expect(before).toContain(marker);
        }
      }, 120_000);
    }
  });
}
