/**
 * Delivery of new warnings, against real services on 127.0.0.1: e-mail
 * through an SMTP server, Web Push through an HTTPS push service that checks
 * the VAPID signature and decrypts each message, and the private Atom feed
 * parsed as XML. Delivery is a durable job: two instances running it at once
 * send each message once; failures are retried; nothing carries an identifier.
 */
import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureDelivery, deliveryOptions, runDeliveries } from '../../src/core/safety/delivery.js';
import { safetyJobs } from '../../src/core/safety/jobs.js';
import { DIALECTS } from '../helpers/dialects.js';
import type { StaffClient } from '../helpers/staff.js';
import { startPushService, startSmtp, type PushService, type SmtpCatcher } from './services.js';
import { feedPath, inviteCode, joinWithCode, parseAtom, wantEmail, wantPush, newCaseworker, publishWarning, safetySurfaces, staffLogin, submitReport, warningStep, type Safety } from './support.js';

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`delivery on ${name}`, () => {
    let smtp: SmtpCatcher;
    let push: PushService;
    let s: Safety;
    let a: StaffClient;
    let b: StaffClient;

    beforeEach(async () => {
      smtp = await startSmtp();
      push = await startPushService();
      s = await safetySurfaces(name, { smtpUrl: smtp.url, mailFrom: 'Parasol <warnings@parasol.test>' });
      configureDelivery(s.t.ctx, { pushAgent: new https.Agent({ ca: push.ca }), extraPushHosts: [push.host] });
      a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
      b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
    });
    afterEach(async () => {
      await s?.close();
      await smtp?.close();
      await push?.close();
    });

    it('e-mail, a decrypted Web Push message and the Atom entry reach the member who follows the city, once, with no identifier', async () => {
      const report = await submitReport(s, { id_value_1: '07911 123456', id_kind_2: 'email', id_value_2: 'marker.client@example.org' });
      const code = await inviteCode(a);
      const mina = await joinWithCode(s, code, 'mina', ['gb-london']);
      await wantEmail(mina, 'mina.member@example.net');
      const minaPhone = push.subscribe();
      await wantPush(mina, minaPhone);
      const far = await joinWithCode(s, code, 'far.away', ['gb-manchester']);
      await wantEmail(far, 'far.member@example.net');
      await wantPush(far, push.subscribe());
      await joinWithCode(s, code, 'quiet', ['gb-london']);

      const text = 'Tall man in a grey van. Refused to pay and took the money back by force.';
      const id = await publishWarning(s, a, b, report.reportId, { what: text, recognise: 'Grey van, dented back door.' });
      const queued = await s.t.ctx.core.db.selectFrom('warning_deliveries').selectAll().execute();
      expect(queued.map((q) => q.channel).sort()).toEqual(['email', 'push']);

      // Two instances run the job at the same moment: each message is sent by one of them.
      const opts = await deliveryOptions(s.t.ctx);
      const [one, two] = await Promise.all([runDeliveries(s.t.ctx.core, opts, 'instance-a'), runDeliveries(s.t.ctx.core, opts, 'instance-b')]);
      expect(one.sent + two.sent).toBe(2);
      await safetyJobs.find((j) => j.name === 'warning-delivery')!.run(s.t.ctx);
      const [mail] = await smtp.waitFor(1);
      const [message] = await push.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(smtp.messages).toHaveLength(1);
      expect(push.received).toHaveLength(1);

      // The e-mail: to the member's address, discreet subject, the warning's text, no identifier.
      expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toBe('mina.member@example.net');
      expect(mail!.subject).toBe('Parasol: a new warning for your area');
      expect(mail!.text).toContain(text);
      expect(mail!.text).toContain('London, United Kingdom');
      expect(mail!.messageId).toBe(`<${id}.${(await s.t.ctx.core.db.selectFrom('members').select('id').where('username', '=', 'mina').executeTakeFirstOrThrow()).id}@warnings.parasol.invalid>`);

      // The push message, decrypted with the subscription's private key: neutral, with a link to the warning.
      expect(message!.subscriptionId).toBe(minaPhone.id);
      expect(message!.vapidValid).toBe(true);
      expect(message!.headers.ttl).toBe(String(24 * 3600));
      expect(message!.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const payload = JSON.parse(message!.text) as { title: string; body: string; url: string };
      expect(payload).toEqual({ title: 'Parasol', body: 'New warning for London, United Kingdom', url: `/members/warnings/${id}?lang=en`, tag: id });
      // On the wire it is encrypted.
      expect(push.rawBodies[0]!.toString('latin1')).not.toContain('London');

      for (const out of [mail!.text ?? '', mail!.subject ?? '', message!.text]) {
        expect(out).not.toMatch(/7911|123456|marker\.client|example\.org/i);
      }

      // The feed: a private address, parsed as Atom, with the entry; replaced addresses stop working.
      const path1 = await feedPath(mina);
      const feedRes = await s.reporter.inject({ method: 'GET', url: path1 });
      expect(feedRes.statusCode).toBe(200);
      expect(feedRes.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const feed = parseAtom(feedRes.body);
      expect(feed.title).toBe('Parasol: warnings for my areas');
      expect(feed.entries).toHaveLength(1);
      expect(feed.entries[0]!.id).toBe(`urn:parasol:warning:${id}`);
      expect(feed.entries[0]!.content).toContain(text);
      expect(feed.entries[0]!.link).toBe(`warnings/${id}?lang=en`);
      expect(feedRes.body).not.toMatch(/7911|marker\.client/);
      const path2 = await feedPath(mina);
      expect((await s.reporter.inject({ method: 'GET', url: path1 })).statusCode).toBe(404);
      expect((await s.reporter.inject({ method: 'GET', url: path2 })).statusCode).toBe(200);
      // Only a keyed hash of the token is stored.
      const token = new URL(path2, 'http://x').searchParams.get('key')!;
      const stored = await s.t.ctx.core.db.selectFrom('members').select('feed_token_hash').where('username', '=', 'mina').executeTakeFirstOrThrow();
      expect(stored.feed_token_hash).not.toContain(token);

      // Approving again, or running the job again, sends nothing more.
      expect((await warningStep(b, id, 'approve')).statusCode).toBe(200);
      await runDeliveries(s.t.ctx.core, opts);
      expect(smtp.messages).toHaveLength(1);
      expect(push.received).toHaveLength(1);
    });

    it('retries a refused e-mail and a failing push service after a pause, then delivers each once; a gone subscription is removed', async () => {
      const report = await submitReport(s, { id_value_1: '07911 765432' });
      const code = await inviteCode(a);
      const lee = await joinWithCode(s, code, 'lee', ['gb-london']);
      await wantEmail(lee, 'lee.member@example.net');
      const phone = push.subscribe();
      const oldLaptop = push.subscribe();
      await wantPush(lee, phone);
      await wantPush(lee, oldLaptop);
      await publishWarning(s, a, b, report.reportId, { what: 'Threatened workers at the hotel.' });

      smtp.failNext(1);
      push.answerNext(phone.id, 503);
      push.answerNext(oldLaptop.id, 410);
      const opts = await deliveryOptions(s.t.ctx);
      const first = await runDeliveries(s.t.ctx.core, opts);
      expect(first).toEqual({ sent: 0, retried: 2, failed: 0, cancelled: 1 });
      // The browser that is gone is forgotten.
      expect(await s.t.ctx.core.db.selectFrom('push_subscriptions').select('id').execute()).toHaveLength(1);
      // Not due yet: nothing is tried again at once.
      expect(await runDeliveries(s.t.ctx.core, opts)).toEqual({ sent: 0, retried: 0, failed: 0, cancelled: 0 });
      s.clock.advance(61_000);
      expect((await runDeliveries(s.t.ctx.core, opts)).sent).toBe(2);
      await smtp.waitFor(1);
      await push.waitFor(1);
      s.clock.advance(3_600_000);
      await runDeliveries(s.t.ctx.core, opts);
      expect(smtp.messages).toHaveLength(1);
      expect(push.received).toHaveLength(1);
      const rows = await s.t.ctx.core.db.selectFrom('warning_deliveries').select(['channel', 'status', 'attempts', 'last_error']).orderBy('channel').execute();
      expect(rows.filter((r) => r.status === 'sent').map((r) => [r.channel, Number(r.attempts)])).toEqual([
        ['email', 2],
        ['push', 2],
      ]);
      expect(rows.find((r) => r.status === 'cancelled')?.last_error).toBe('PSL_ERR_PUSH_GONE');
    });

    it('a warning withdrawn before delivery is never sent', async () => {
      const report = await submitReport(s);
      const sam = await joinWithCode(s, await inviteCode(a), 'sam', ['gb-london']);
      await wantEmail(sam, 'sam.member@example.net');
      const id = await publishWarning(s, a, b, report.reportId);
      await warningStep(a, id, 'withdraw', { reason: 'wrong' });
      const opts = await deliveryOptions(s.t.ctx);
      expect((await runDeliveries(s.t.ctx.core, opts)).sent).toBe(0);
      expect(smtp.messages).toHaveLength(0);
      expect((await s.t.ctx.core.db.selectFrom('warning_deliveries').select('status').executeTakeFirstOrThrow()).status).toBe('cancelled');
    });
  });
}
