/**
 * The reporter surface over HTTP, as a browser without JavaScript uses it:
 * what a person sees on good and bad input, and what never leaks.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReporterApp } from '../../src/web/app.js';
import { captureLog, testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { accessFrom, encodeForm, openForm, postForm, receiptFrom, textOf, validReport } from '../helpers/forms.js';

let t: TestContext;
let app: FastifyInstance;
const log = captureLog();

beforeAll(async () => {
  // Debug level, so that every line any plugin might write is checked for leaks below.
  t = await testContext(SURFACE_DIALECT, { config: { logLevel: 'debug' } });
  app = await buildReporterApp(t.ctx, { logStream: log.stream });
});
afterAll(async () => {
  await app.close();
  await t.close();
});

async function submit(fields: Record<string, string | string[]>, lang = 'en') {
  const form = await openForm(app, `/report?lang=${lang}`);
  const res = await postForm(app, '/report', form, validReport({ lang, ...fields }));
  return { res, form };
}

describe('landing page', () => {
  it('says what Parasol is, what is never asked, and offers a quick exit and languages', async () => {
    const res = await app.inject({ url: '/', headers: { 'user-agent': 'UA-MARKER/1.0', 'x-forwarded-for': '203.0.113.77' } });
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Report violence and abuse safely');
    expect(text).toContain('Your immigration or residence status');
    expect(text).toContain('Your passport, ID card or any document number');
    expect(res.body).toMatch(/<a class="exit" id="quick-exit" href="https:\/\/www\.bbc\.com\/weather"/);
    for (const lang of ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar']) expect(res.body).toContain(`href="/?lang=${lang}"`);
    // No form on the landing page, so no cookie at all.
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('speaks the language chosen by link or by the browser, right to left for Arabic', async () => {
    const ar = await app.inject({ url: '/?lang=ar' });
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    const th = await app.inject({ url: '/', headers: { 'accept-language': 'th-TH,th;q=0.9,en;q=0.5' } });
    expect(th.body).toContain('<html lang="th" dir="ltr">');
    const unknown = await app.inject({ url: '/?lang=xx', headers: { 'accept-language': 'sw' } });
    expect(unknown.body).toContain('<html lang="en" dir="ltr">');
  });
});

describe('making a report and coming back', () => {
  it('gives a receipt that opens the report, shows the thread and accepts messages and additions', async () => {
    const { res, form } = await submit({ description: 'Robbed near the station', contact_name: 'Mia', contact_details: 'Signal, evenings' });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('It went to Umbrela Roșie');
    const receipt = receiptFrom(res.body);
    expect(res.body).toContain(receipt.replace(/(\d{4})(?=\d)/g, '$1 '));

    const open = await postForm(app, '/follow-up', form, { lang: 'en', receipt: receipt.replace(/(\d{4})(?=\d)/g, '$1-') });
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain('Robbed near the station');
    expect(textOf(open.body)).toContain('Mia · Signal, evenings');
    expect(textOf(open.body)).toContain('No messages yet');
    // The receipt itself is never echoed back into the report page.
    expect(open.body).not.toContain(receipt);

    const sent = await postForm(app, '/follow-up/message', form, { lang: 'en', access: accessFrom(open.body), message: 'Are you there?' });
    expect(sent.statusCode).toBe(200);
    expect(textOf(sent.body)).toContain('Your message was sent.');
    expect(textOf(sent.body)).toMatch(/You · .* Are you there\?/);

    const added = await postForm(app, '/follow-up/add', form, { lang: 'en', access: accessFrom(sent.body), addition: 'His car was a blue Dacia' });
    expect(textOf(added.body)).toContain('The information was added to your report.');
    expect(textOf(added.body)).toContain('Information you added');
    expect(textOf(added.body)).toContain('His car was a blue Dacia');
  });

  it('routes an uncovered place to the network default organisation', async () => {
    const { res } = await submit({ area: 'elsewhere:IT' });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('It went to Parasol Network');
  });

  it('asks which organisation when several cover the place, keeping everything typed', async () => {
    const { res, form } = await submit({ area: 'fr-paris', description: 'Two organisations here' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Which organisation should receive your report?');
    expect(res.body).toContain('Two organisations here');
    const orgs = [...res.body.matchAll(/name="organisation" value="([0-9a-f]{32})"/g)].map((m) => m[1]!);
    expect(orgs).toHaveLength(2);
    const chosen = await postForm(app, '/report', form, validReport({ area: 'fr-paris', organisation: orgs[1]! }));
    expect(chosen.statusCode).toBe(200);
    expect(receiptFrom(chosen.body)).toMatch(/^\d{24}$/);
  });
});

describe('bad input gets a clear message, keeps what was typed, and is never a 5xx', () => {
  it('text over the length limit (within the body limit): a message next to the field, and the text is still there', async () => {
    const big = 'A'.repeat(20_000) + 'MIDDLE-OF-LONG-TEXT' + 'B'.repeat(20_000);
    const { res } = await submit({ description: big });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body.slice(0, 20_000))).toContain('Please check 1 thing below. Everything you typed is still here.');
    expect(res.body).toMatch(/This is too long: 40,019 characters\. The limit is 20,000\./);
    expect(res.body).toContain('MIDDLE-OF-LONG-TEXT');
    expect(res.body.length).toBeGreaterThan(40_000);
  });

  it('more than the body limit gets a clear page, not a crash', async () => {
    const form = await openForm(app, '/report');
    const res = await postForm(app, '/report', form, encodeForm({ _csrf: form.token, description: 'x'.repeat(300 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(textOf(res.body)).toContain('Too much text');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('invalid and future dates, months, unknown categories and perpetrator types', async () => {
    const { res } = await submit({ incident_date: '2026-02-30', category: ['robbery', 'not_a_category'], perpetrator: ['alien'], description: 'kept text 123' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('This is not a date we understand');
    expect(text).toContain('One of the choices sent is not in the list');
    expect(res.body).toContain('kept text 123');
    expect(res.body).toMatch(/value="2026-02-30"/);

    const future = await submit({ incident_date: '2999-01-01' });
    expect(textOf(future.res.body)).toContain('This date is in the future.');
    const month = await submit({ incident_date: '', incident_month: '2026-13' });
    expect(textOf(month.res.body)).toContain('This is not a month we understand');
  });

  it('missing choices and place', async () => {
    const form = await openForm(app, '/report');
    const res = await postForm(app, '/report', form, { lang: 'en', description: 'only this' });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Choose the place where it happened.');
    expect(text).toContain('Choose at least one thing that happened.');
    expect(text).toContain('Choose yes or no.');
    expect(res.body).toContain('only this');
  });

  it('broken UTF-8 is pointed out next to the field', async () => {
    const form = await openForm(app, '/report');
    const body = encodeForm({ ...validReport(), _csrf: form.token }).replace(/description=[^&]*/, 'description=bad%FF%FEbytes%C3here');
    const res = await postForm(app, '/report', form, body);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Some characters here could not be read.');
    expect(res.body).toContain('bad');
  });

  it('an invalid identifier is named in the page language', async () => {
    const { res } = await submit({ id_kind_1: 'email', id_value_1: 'not-an-address' }, 'fr');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('not-an-address');
    expect(res.body).toContain('<html lang="fr"');
  });

  it('a missing or stale CSRF token: the form again with everything typed and a fresh token', async () => {
    const missing = await postForm(app, '/report', null, validReport({ description: 'typed before the token expired' }));
    expect(missing.statusCode).toBe(403);
    expect(textOf(missing.body)).toContain('This page was open for a long time');
    expect(missing.body).toContain('typed before the token expired');
    expect(missing.body).toMatch(/name="_csrf" value="[^"]+"/);

    // A token from another browser's session does not pass.
    const other = await openForm(app, '/report');
    const mine = await openForm(app, '/report');
    const crossed = await postForm(app, '/report', { cookie: mine.cookie, token: other.token }, validReport());
    expect(crossed.statusCode).toBe(403);
  });

  it('messages in Arabic for an Arabic page', async () => {
    const form = await openForm(app, '/report?lang=ar');
    const res = await postForm(app, '/report', form, { lang: 'ar', description: 'نص' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(res.body).not.toContain('Choose the place where it happened.');
    expect(res.body).toContain('نص');
  });

  it('a wrong or malformed receipt', async () => {
    const form = await openForm(app, '/follow-up');
    const wrong = await postForm(app, '/follow-up', form, { lang: 'en', receipt: '0000 0000 0000 0000' });
    expect(wrong.statusCode).toBe(404);
    expect(textOf(wrong.body)).toContain('No report matches this receipt code.');
    expect(wrong.body).toContain('value="0000 0000 0000 0000"');
    const malformed = await postForm(app, '/follow-up', form, { lang: 'en', receipt: '1234' });
    expect(malformed.statusCode).toBe(400);
    expect(textOf(malformed.body)).toContain('A receipt code has 24 digits (older codes have 16).');
  });

  it('a forged or expired access token asks for the receipt again and keeps the message', async () => {
    const form = await openForm(app, '/follow-up');
    const res = await postForm(app, '/follow-up/message', form, { lang: 'en', access: 'forged', message: 'please keep me' });
    expect(res.statusCode).toBe(401);
    expect(textOf(res.body)).toContain('Enter your receipt code again');
    expect(res.body).toContain('please keep me');
  });

  it('an unknown page, a wrong method and a JSON body', async () => {
    const nf = await app.inject({ url: '/nope?lang=ru' });
    expect(nf.statusCode).toBe(404);
    expect(nf.body).toContain('<html lang="ru"');
    expect(nf.headers['content-security-policy']).toContain("default-src 'none'");
    expect(nf.headers['cache-control']).toBe('no-store');
    const json = await app.inject({ method: 'POST', url: '/report', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
  });
});

describe('logs', () => {
  it('never carry an IP address, a user agent, a query string or anything typed', () => {
    const text = log.text();
    for (const leak of ['UA-MARKER', '203.0.113.77', '127.0.0.1', 'user-agent', 'Robbed near the station', 'Are you there', 'MIDDLE-OF-TEN-MB', 'lang=', 'remoteAddress']) {
      expect(text).not.toContain(leak);
    }
    // Reporter-surface lines carry no time either.
    expect(text).not.toMatch(/"time":/);
    // And something was logged (the refusals), so this test can fail.
    expect(text).toContain('PSL_ERR_');
  });
});
