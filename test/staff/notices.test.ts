/**
 * Activity notices by e-mail, through a real SMTP server on 127.0.0.1: a
 * caseworker who asked for notices gets one; it says only that there is new
 * activity, never anything of the report (no text, no id, no receipt, no
 * place, no category); colleagues who did not ask, and other organisations,
 * get nothing.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, reporterWrites, submitReport, surfaces, textOf, type Submitted, type Surfaces } from './support.js';

interface Received {
  readonly rcptTo: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
}

const M = {
  description: 'NOTICE-DESC-5e5e',
  placeDetail: 'NOTICE-PLACE-6f6f',
  contact: 'NOTICE-CONTACT-7a7a',
  message: 'NOTICE-MSG-8b8b',
} as const;

let server: SMTPServer;
const received: Received[] = [];
let s: Surfaces;
let report: Submitted;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', raw });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  s = await surfaces(SURFACE_DIALECT, { smtpUrl: `smtp://127.0.0.1:${port}`, noticeDelayMs: 0 });
});
afterAll(async () => {
  await s?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('activity notices', () => {
  it('a caseworker turns notices on from their account page', async () => {
    const coordinator = new StaffClient(s.staff, s.clock);
    await loginAs(s, coordinator, s.coordinator);
    const res = await coordinator.post('/account', '/account/notices', { email: 'coordinator@umbrela.example', notify: 'yes' });
    expect(res.statusCode).toBe(303);
    const page = await coordinator.follow(res);
    expect(textOf(page.body)).toContain('Saved.');
    expect(page.body).toContain('value="coordinator@umbrela.example"');
    expect(page.body).toMatch(/<input type="checkbox" id="notify" name="notify" value="yes" checked/);

    // A colleague who gave an address at set-up but turned notices off.
    const quiet = await newStaffMember(s, 'caseworker', { username: 'quiet-one', password: 'meadow lantern 6120', email: 'quiet@umbrela.example' });
    const q = new StaffClient(s.staff, s.clock);
    await loginAs(s, q, quiet);
    expect((await q.post('/account', '/account/notices', { email: 'quiet@umbrela.example' })).statusCode).toBe(303);
    // Another organisation's coordinator, with notices on.
    const soho = s.t.demoKeys.find((k) => k.organisation === 'soho-peers')!;
    const o = new StaffClient(s.staff, s.clock);
    await loginAs(s, o, soho);
    expect((await o.post('/account', '/account/notices', { email: 'coordinator@soho.example', notify: 'yes' })).statusCode).toBe(303);
  });

  it('a report and a reporter message bring a notice that says nothing about them', async () => {
    report = await submitReport(s, { description: `He followed me home ${M.description}`, place_detail: M.placeDetail, contact_name: 'Dana', contact_details: M.contact });
    await reporterWrites(s, report.receipt, `One more thing ${M.message}`);
    await s.t.ctx.notifier.drain();

    expect(received.length).toBeGreaterThanOrEqual(1);
    const recipients = new Set(received.flatMap((m) => m.rcptTo));
    expect([...recipients]).toEqual(['coordinator@umbrela.example']);

    const r = reporterTranslator('en').t;
    const forbidden = [
      ...Object.values(M),
      report.reportId,
      report.reportId.slice(0, 8),
      report.receipt,
      report.receipt.replace(/(\d{4})(?=\d)/g, '$1 '),
      report.receipt.replace(/(\d{4})(?=\d)/g, '$1-'),
      'Dana',
      'București',
      'Bucuresti',
      'Bucharest',
      'ro-bucharest',
      'Romania',
      r('category.robbery'),
      r('category.threats'),
      'robbery',
      'threats',
      r('perpetrator.client'),
    ];
    for (const mail of received) {
      const everything = `${mail.subject}\n${mail.text}\n${mail.html}\n${mail.raw}`;
      for (const f of forbidden) expect(everything.toLowerCase(), `notice contains "${f}"`).not.toContain(f.toLowerCase());
      expect(mail.subject).toBe('Parasol: new activity');
      expect(mail.text).toContain('There is new activity for your organisation in Parasol.');
    }
  });
});
