/**
 * Key rotation, as a caseworker and a coordinator do it on the pages: a
 * password change or "log out everywhere" with "also replace my key pair",
 * and a deactivation with "also destroy their key". Afterwards the old secret
 * key (as an attacker who copied it earlier holds it) opens no seal in the
 * database, the caseworker still reads their reports, and the rotation is in
 * the audit log. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveLoginSecrets, keyPairFromSecretKey, openSealedKey, recoveryKek, unwrapSecretKey, type KeyPair } from '../../src/crypto/index.js';
import { DIALECTS } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { csrfOf, loginAs, newStaffMember, reporterWrites, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';
import type { UserId } from '../../src/core/shared/ids.js';

const M = { description: 'ROTATE-DESC-1a2b', message: 'ROTATE-MSG-3c4d', note: 'ROTATE-NOTE-5e6f' } as const;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`key rotation (${dialect.name})`, () => {
    let s: Surfaces;
    let report: Submitted;
    let a: NewAccount;
    let b: NewAccount;
    let c: NewAccount;

    beforeAll(async () => {
      s = await surfaces(dialect.name);
      a = await newStaffMember(s, 'caseworker', { username: 'rotate-a', password: 'a long passphrase for a' });
      b = await newStaffMember(s, 'custodian', { username: 'rotate-b', password: 'a long passphrase for b' });
      c = await newStaffMember(s, 'caseworker', { username: 'rotate-c', password: 'a long passphrase for c' });
      report = await submitReport(s, { description: `Robbed ${M.description}`, contact_name: 'Ana', contact_details: 'Signal 0700' });
      await reporterWrites(s, report.receipt, `Reply please ${M.message}`);
      const coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
      expect((await coordinator.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/note`, { note: `Called ${M.note}` })).statusCode).toBe(303);
    }, 120_000);
    afterAll(async () => {
      await s?.close();
    });

    /** The key pair the database wraps under this password (what a login unwraps). */
    async function keyOf(userId: UserId, password: string): Promise<KeyPair> {
      const row = await s.t.ctx.core.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      const login = await deriveLoginSecrets(password, Buffer.from(row.password_salt!), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, s.t.ctx.kdf);
      return unwrapSecretKey(login.kek, Buffer.from(row.wrapped_key_password!), `user:${userId}:sk:password`);
    }

    /** Every sealed key in the database that names the user as its recipient. */
    async function sealsOf(userId: UserId): Promise<Buffer[]> {
      const db = s.t.ctx.core.db;
      const out: Buffer[] = [];
      for (const table of ['report_key_seals', 'contact_key_seals'] as const) {
        for (const r of await db.selectFrom(table).select('sealed_key').where('recipient_type', '=', 'user').where('recipient_id', '=', userId).execute()) out.push(Buffer.from(r.sealed_key));
      }
      for (const r of await db.selectFrom('monitoring_key_seals').select('sealed_key').where('user_id', '=', userId).execute()) out.push(Buffer.from(r.sealed_key));
      for (const r of await db.selectFrom('correction_key_seals').select('sealed_key').where('user_id', '=', userId).execute()) out.push(Buffer.from(r.sealed_key));
      return out;
    }

    /** How many sealed keys anywhere in the seal tables the key pair opens. */
    async function opensAnywhere(kp: KeyPair): Promise<number> {
      const db = s.t.ctx.core.db;
      const all = [
        ...(await db.selectFrom('report_key_seals').select('sealed_key').execute()),
        ...(await db.selectFrom('contact_key_seals').select('sealed_key').execute()),
        ...(await db.selectFrom('monitoring_key_seals').select('sealed_key').execute()),
        ...(await db.selectFrom('correction_key_seals').select('sealed_key').execute()),
      ];
      let n = 0;
      for (const r of all) {
        try {
          openSealedKey(Buffer.from(r.sealed_key), kp);
          n++;
        } catch {
          // not sealed to it
        }
      }
      return n;
    }

    async function readsReport(client: StaffClient): Promise<void> {
      const page = await client.get(`/reports/${report.reportId}`);
      expect(page.statusCode).toBe(200);
      const text = textOf(page.body);
      for (const marker of Object.values(M)) expect(text).toContain(marker);
    }

    async function rotations(userId: string): Promise<Array<Record<string, unknown>>> {
      const rows = await s.t.ctx.core.db.selectFrom('audit_log').select(['detail', 'subject_id']).where('action', '=', 'key_rotated').where('subject_id', '=', userId).execute();
      return rows.map((r) => JSON.parse(r.detail) as Record<string, unknown>);
    }

    it('password change with "also replace my key pair": new key, every seal re-sealed, the old key opens nothing, the session reads on', async () => {
      const client = new StaffClient(s.staff, s.clock);
      await loginAs(s, client, a);
      await readsReport(client);
      const old = await keyOf(a.userId, a.password);
      const before = await sealsOf(a.userId);
      expect(before.length).toBeGreaterThan(0);
      expect(await opensAnywhere(old)).toBe(before.length);

      const res = await client.post('/account', '/account/password', { current: a.password, new: `${a.password} two`, rotate: 'yes' });
      expect(res.statusCode).toBe(200);
      expect(textOf(res.body)).toContain('Your key pair was replaced');
      const recovery = /data-recovery-key="([A-Z2-7-]+)"/.exec(res.body)![1]!;

      // The old key, as someone who copied it earlier holds it, opens no seal in the database.
      expect(await opensAnywhere(old)).toBe(0);
      const fresh = await keyOf(a.userId, `${a.password} two`);
      expect(fresh.publicKey.equals(old.publicKey)).toBe(false);
      const after = await sealsOf(a.userId);
      expect(after.length).toBe(before.length);
      for (const sealed of after) expect(() => openSealedKey(sealed, fresh)).not.toThrow();
      for (const sealed of before) expect(after.some((x) => x.equals(sealed))).toBe(false);
      // The new recovery key opens the new key; the old one no longer opens anything.
      const row = await s.t.ctx.core.db.selectFrom('users').select(['wrapped_key_recovery', 'public_key']).where('id', '=', a.userId).executeTakeFirstOrThrow();
      expect(unwrapSecretKey(recoveryKek(recovery), Buffer.from(row.wrapped_key_recovery!), `user:${a.userId}:sk:recovery`).publicKey.equals(Buffer.from(row.public_key))).toBe(true);
      expect(() => unwrapSecretKey(recoveryKek(a.recoveryKey), Buffer.from(row.wrapped_key_recovery!), `user:${a.userId}:sk:recovery`)).toThrow();

      // The same browser session carries on with the new key, and so does a fresh login.
      await readsReport(client);
      const again = new StaffClient(s.staff, s.clock);
      await loginAs(s, again, { ...a, password: `${a.password} two` });
      await readsReport(again);
      expect((await rotations(a.userId)).map((d) => d.resealed)).toEqual([before.length]);
    });

    it('"log out everywhere" with "also replace my key pair" asks for the password next to the field, keeping the choice', async () => {
      const client = new StaffClient(s.staff, s.clock);
      await loginAs(s, client, b);
      const res = await client.post('/account', '/account/logout-everywhere', { rotate: 'yes', password: '' });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Type your password to replace your key pair.');
      expect(res.body).toMatch(/id="everywhere-rotate"[^>]*checked/);
      expect((await client.get('/inbox')).statusCode).toBe(200);
    });

    it('"log out everywhere" with "also replace my key pair": every session ends, the old key opens nothing, the caseworker reads again after login', async () => {
      const one = new StaffClient(s.staff, s.clock);
      const two = new StaffClient(s.staff, s.clock);
      await loginAs(s, one, b);
      await loginAs(s, two, b);
      await readsReport(two);
      const old = await keyOf(b.userId, b.password);
      const before = await sealsOf(b.userId);
      // The report's key at least; as a custodian, b also holds a share of the contact key, re-sealed with the rest.
      expect(before.length).toBeGreaterThanOrEqual(1);
      const shares = await s.t.ctx.core.db.selectFrom('contact_key_shares').select('sealed_share').where('custodian_id', '=', b.userId).execute();

      const res = await one.post('/account', '/account/logout-everywhere', { rotate: 'yes', password: b.password });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/data-recovery-key="[A-Z2-7-]+"/);
      for (const client of [one, two]) expect((await client.get('/inbox')).headers.location).toBe('/login');
      expect(await opensAnywhere(old)).toBe(0);

      const again = new StaffClient(s.staff, s.clock);
      await loginAs(s, again, b);
      await readsReport(again);
      expect((await rotations(b.userId)).map((d) => d.resealed)).toEqual([before.length + shares.length]);
      // The shares b held before no longer open with the old key; the stored ones now open with the new one.
      const now = await s.t.ctx.core.db.selectFrom('contact_key_shares').select(['report_id', 'sealed_share']).where('custodian_id', '=', b.userId).execute();
      expect(now).toHaveLength(shares.length);
      for (const r of now) expect(Buffer.from(r.sealed_share).equals(Buffer.from(shares.find(() => true)!.sealed_share))).toBe(false);
    });

    it('deactivation with "also destroy their key": their seals are gone where colleagues hold the key, the old key opens nothing, colleagues read on', async () => {
      const old = await keyOf(c.userId, c.password);
      expect(await opensAnywhere(old)).toBeGreaterThan(0);
      const admin = new StaffClient(s.staff, s.clock);
      await loginAs(s, admin, s.coordinator);
      const members = await admin.get('/admin/members');
      expect(members.body).toContain('Also destroy their key');
      const res = await admin.post('/admin/members', `/admin/members/${c.userId}/deactivate`, { _csrf: csrfOf(members), destroy_key: 'yes' });
      expect(res.statusCode).toBe(303);
      expect(await opensAnywhere(old)).toBe(0);
      expect(await sealsOf(c.userId)).toEqual([]);
      const row = await s.t.ctx.core.db.selectFrom('users').select(['public_key', 'wrapped_key_password', 'wrapped_key_recovery', 'active']).where('id', '=', c.userId).executeTakeFirstOrThrow();
      expect(Buffer.from(row.public_key).equals(old.publicKey)).toBe(false);
      expect([row.active, row.wrapped_key_password, row.wrapped_key_recovery]).toEqual([0, null, null]);
      const [detail] = await rotations(c.userId);
      expect(detail).toMatchObject({ kept: 0 });
      expect(Number(detail!.destroyed)).toBeGreaterThan(0);
      await readsReport(admin);
      // Unused here, but proves the old key's pair was the account's.
      expect(keyPairFromSecretKey(old.secretKey).publicKey.equals(old.publicKey)).toBe(true);
    });
  });
}
