/**
 * Acceptance: "A caseworker invited after a report arrived cannot read it
 * until a colleague grants access; afterwards can." Checked on the page (403
 * with the notice, then the description) and on the keys (nothing sealed to
 * them opens the report until the grant re-seals its key to them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/core/accounts/invitations.service.js';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { dataKeyFor } from '../../src/core/reports/shred.js';
import { decryptJson, deriveLoginSecrets, openSealedKey, unwrapSecretKey, type KeyPair } from '../../src/crypto/index.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { acceptInvitationViaPage, csrfOf, loginAs, submitReport, surfaces, textOf, type NewAccount, type Submitted, type Surfaces } from './support.js';
import type { ReportId } from '../../src/core/shared/ids.js';

const MARKER = 'GRANT-MARKER-c0ffee42';
const NOT_SHARED = 'This report was not shared with you';

let s: Surfaces;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
});
afterAll(async () => {
  await s?.close();
});

/** The caseworker's key pair, unwrapped from the database with their password (what their login does). */
async function keyPairOf(account: NewAccount): Promise<KeyPair> {
  const row = await s.t.ctx.core.db.selectFrom('users').selectAll().where('id', '=', account.userId).executeTakeFirstOrThrow();
  const secrets = await deriveLoginSecrets(account.password, Buffer.from(row.password_salt!), { opslimit: Number(row.kdf_opslimit), memlimit: Number(row.kdf_memlimit) }, s.t.ctx.kdf);
  return unwrapSecretKey(secrets.kek, Buffer.from(row.wrapped_key_password!), `user:${account.userId}:sk:password`);
}

/**
 * Tries every sealed key of the report with the key pair; returns the description if any
 * opens it. The server's half (the report's shred key, from the key vault) is given: the
 * question is only whether this caseworker's own key gets them in.
 */
async function decryptWith(keyPair: KeyPair, reportId: ReportId): Promise<string | null> {
  const db = s.t.ctx.core.db;
  const report = await db.selectFrom('reports').select('body').where('id', '=', reportId).executeTakeFirstOrThrow();
  const seals = await db.selectFrom('report_key_seals').select('sealed_key').where('report_id', '=', reportId).execute();
  for (const seal of seals) {
    try {
      const key = await dataKeyFor(db, s.t.ctx.core.vault, reportId, openSealedKey(Buffer.from(seal.sealed_key), keyPair));
      return decryptJson<{ description: string }>(key, Buffer.from(report.body), `report:${reportId}:body`).description;
    } catch {
      // Not sealed to this key pair.
    }
  }
  return null;
}

describe('a caseworker who joins after a report arrived', () => {
  let report: Submitted;
  let newcomer: NewAccount;
  let client: StaffClient;

  it('is invited; the report arrives before their account exists', async () => {
    const token = await createInvitation(s.t.ctx.core, s.coordinator.organisationId, 'caseworker');
    report = await submitReport(s, { description: `They took my passport copy and threatened me ${MARKER}` });
    expect(await s.t.ctx.core.db.selectFrom('users').select('id').where('username', '=', 'newcomer').executeTakeFirst()).toBeUndefined();
    newcomer = await acceptInvitationViaPage(s, token, { username: 'newcomer', password: 'lantern harbour 5150', displayName: 'New Colleague' });
    client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, newcomer);
  });

  it('sees the report in the inbox with a hint, but gets 403 and the "not shared" notice when opening it', async () => {
    const inbox = await client.get('/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(textOf(inbox.body)).toContain('1 report was not shared with you yet');
    const res = await client.get(`/reports/${report.reportId}`);
    expect(res.statusCode).toBe(403);
    const text = textOf(res.body);
    expect(text).toContain(NOT_SHARED);
    expect(text).toContain('Demo coordinator (Umbrela Roșie)');
    expect(res.body).not.toContain(MARKER);
    expect(res.body).not.toContain('name="reply"');
  });

  it('cannot reply, note, change the status or grant themselves access', async () => {
    const token = csrfOf(await client.get('/inbox'));
    const before = await s.t.ctx.core.db.selectFrom('report_key_seals').select('recipient_id').where('report_id', '=', report.reportId).execute();
    for (const [path, fields] of [
      ['reply', { reply: 'hello' }],
      ['note', { note: 'hello' }],
      ['grant', { colleague: newcomer.userId }],
      ['status', { status: 'closed' }],
    ] as const) {
      const res = await client.post('/inbox', `/reports/${report.reportId}/${path}`, { _csrf: token, ...fields }, { csrf: false });
      expect(res.statusCode, path).toBe(403);
      expect(res.body).not.toContain(MARKER);
    }
    const db = s.t.ctx.core.db;
    expect(await db.selectFrom('messages').select('id').where('report_id', '=', report.reportId).execute()).toEqual([]);
    expect(await db.selectFrom('case_notes').select('id').where('report_id', '=', report.reportId).execute()).toEqual([]);
    expect(await db.selectFrom('report_key_seals').select('recipient_id').where('report_id', '=', report.reportId).execute()).toEqual(before);
    const row = await db.selectFrom('reports').select('status').where('id', '=', report.reportId).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
  });

  it('cannot decrypt it with their own key: nothing is sealed to them', async () => {
    const seals = await s.t.ctx.core.db.selectFrom('report_key_seals').select(['recipient_type', 'recipient_id']).where('report_id', '=', report.reportId).execute();
    expect(seals.map((x) => x.recipient_id)).not.toContain(newcomer.userId);
    expect(await decryptWith(await keyPairOf(newcomer), report.reportId)).toBeNull();
    // The same harness opens it with the coordinator's key: a null above means something.
    expect(await decryptWith(s.coordinator.keyPair, report.reportId)).toContain(MARKER);
  });

  it('can read it once the coordinator shares it, and the grant is audit-logged', async () => {
    const coordinator = new StaffClient(s.staff, s.clock);
    await loginAs(s, coordinator, s.coordinator);
    const page = await coordinator.get(`/reports/${report.reportId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`<option value="${newcomer.userId}"[^>]*>New Colleague</option>`));
    const grant = await coordinator.post(`/reports/${report.reportId}`, `/reports/${report.reportId}/grant`, { colleague: newcomer.userId });
    expect(grant.statusCode).toBe(303);
    const after = await coordinator.follow(grant);
    expect(textOf(after.body)).toContain('Every colleague can read this report.');

    const res = await client.get(`/reports/${report.reportId}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain(MARKER);
    expect(textOf(res.body)).not.toContain(NOT_SHARED);
    expect(await decryptWith(await keyPairOf(newcomer), report.reportId)).toContain(MARKER);
    expect(textOf((await client.get('/inbox')).body)).not.toContain('not shared with you yet');

    const entries = await s.t.ctx.core.db.selectFrom('audit_log').selectAll().where('action', '=', 'access_granted').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_user_id: s.coordinator.userId, organisation_id: s.coordinator.organisationId, subject_type: 'report', subject_id: report.reportId });
    expect(JSON.parse(entries[0]!.detail)).toEqual({ to: newcomer.userId });
    expect(await verifyAudit(s.t.ctx.core.db, s.t.ctx.secrets)).toMatchObject({ ok: true });
    const audit = await coordinator.get('/admin/audit');
    expect(audit.body).toContain('<code>access_granted</code>');
  });

  it('reads reports that arrive after they joined without anyone sharing them', async () => {
    const later = await submitReport(s, { description: 'Arrived after the newcomer joined LATER-MARKER' });
    const res = await client.get(`/reports/${later.reportId}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('LATER-MARKER');
  });

  it('a coordinator of another organisation gets 404 for the report and cannot grant it', async () => {
    const other = s.t.demoKeys.find((k) => k.organisation === 'soho-peers')!;
    const outsider = new StaffClient(s.staff, s.clock);
    await loginAs(s, outsider, other);
    const res = await outsider.get(`/reports/${report.reportId}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(MARKER);
    const grant = await outsider.post('/inbox', `/reports/${report.reportId}/grant`, { colleague: other.userId });
    expect(grant.statusCode).toBe(404);
    const seals = await s.t.ctx.core.db.selectFrom('report_key_seals').select('recipient_id').where('report_id', '=', report.reportId).execute();
    expect(seals.map((x) => x.recipient_id)).not.toContain(other.userId);
  });
});
