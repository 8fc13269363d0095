/**
 * The reporter surface's pages, byte for byte, before and after the renovation
 * (issue 16): moving SQL and crypto out of route files changes no page. Each
 * page is rendered with a fixed clock and the demo data, in English and Arabic;
 * only what is random on every run (ids, CSRF tokens, receipt digits, access
 * tokens, nonces) is replaced by a placeholder before comparing with the
 * golden files beside this test. Regenerate them only on purpose:
 * `PARASOL_UPDATE_GOLDEN=1 npx vitest run test/renovation/golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReporterApp } from '../../src/web/app.js';
import { fixedClock, testContext, type TestContext } from '../helpers/context.js';
import { openForm, postForm, receiptFrom, validReport } from '../helpers/forms.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.PARASOL_UPDATE_GOLDEN === '1';

let t: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  t = await testContext('sqlite', { clock: fixedClock('2026-06-15T10:00:00.000Z') });
  app = await buildReporterApp(t.ctx);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** Replaces what differs on every run, and nothing else. */
export function normalise(html: string): string {
  return (
    html
      .replace(/(name="_csrf" value=")[^"]+"/g, '$1CSRF"')
      .replace(/(name="access" value=")[^"]+"/g, '$1ACCESS"')
      .replace(/(name="submission" value=")[^"]+"/g, '$1FORM-TOKEN"')
      .replace(/(data-receipt=")\d+"/g, '$1RECEIPT"')
      .replace(/\b\d{4}(?:[ -]\d{4}){3,5}\b/g, 'RECEIPT-DIGITS')
      .replace(/(nonce=")[^"]+"/g, '$1NONCE"')
      // Application-made ids: 64- and 128-bit random values in hex.
      .replace(/\b[0-9a-f]{16,}\b/g, (m) => (/[a-f]/.test(m) ? 'ID' : m))
  );
}

function check(name: string, status: number, body: string, expectedStatus = 200): void {
  expect(status, `${name}: HTTP status`).toBe(expectedStatus);
  const file = join(GOLDEN, `${name}.html`);
  const got = normalise(body);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`no golden file ${file}: run with PARASOL_UPDATE_GOLDEN=1 once, on purpose`);
    writeFileSync(file, got);
    return;
  }
  const want = readFileSync(file, 'utf8');
  if (got !== want) {
    // A readable diff: the page split into lines at each tag, the changed lines shown.
    const lines = (s: string) => s.replace(/></g, '>\n<').split('\n');
    const [a, b] = [lines(want), lines(got)];
    const diff: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length) && diff.length < 40; i++) {
      if (a[i] !== b[i]) diff.push(`line ${i + 1}\n  - ${a[i] ?? '(none)'}\n  + ${b[i] ?? '(none)'}`);
    }
    expect.fail(`${name} changed (golden file ${file}):\n${diff.join('\n')}`);
  }
}

const get = async (url: string) => app.inject({ method: 'GET', url });

describe.each(['en', 'ar'])('reporter pages in %s stay the same', (lang) => {
  it('landing', async () => {
    const res = await get(`/?lang=${lang}`);
    check(`${lang}-landing`, res.statusCode, res.body);
  });

  it('report form, empty and with errors', async () => {
    const empty = await get(`/report?lang=${lang}`);
    check(`${lang}-report-empty`, empty.statusCode, empty.body);
    const form = await openForm(app, `/report?lang=${lang}`);
    const bad = await postForm(app, '/report', form, validReport({ lang, area: '', incident_date: '2099-01-01', category: [], description: 'Kept <b>text</b>', contact_name: 'Mia' }));
    check(`${lang}-report-errors`, bad.statusCode, bad.body, 400);
  });

  it('receipt and follow-up', async () => {
    const form = await openForm(app, `/report?lang=${lang}`);
    const made = await postForm(app, '/report', form, validReport({ lang, description: 'Robbed near the station', contact_name: 'Mia', contact_details: 'Signal, evenings' }));
    check(`${lang}-receipt`, made.statusCode, made.body);
    const receipt = receiptFrom(made.body);
    const ask = await get(`/follow-up?lang=${lang}`);
    check(`${lang}-follow-up-ask`, ask.statusCode, ask.body);
    const open = await postForm(app, '/follow-up', form, { lang, receipt });
    check(`${lang}-follow-up`, open.statusCode, open.body);
  });

  it('services list and an entry', async () => {
    const list = await get(`/services?lang=${lang}`);
    check(`${lang}-services`, list.statusCode, list.body);
    const link = /href="(\/services\/[^"?]+)/.exec(list.body);
    expect(link, 'a service entry linked from the list').not.toBeNull();
    const entry = await get(`${link![1]}?lang=${lang}`);
    check(`${lang}-services-entry`, entry.statusCode, entry.body);
  });

  it('rights hub and a country profile', async () => {
    const hub = await get(`/rights?lang=${lang}`);
    check(`${lang}-rights`, hub.statusCode, hub.body);
    const profile = await get(`/rights/ro?lang=${lang}`);
    check(`${lang}-rights-ro`, profile.statusCode, profile.body);
  });

  it('members login', async () => {
    const res = await get(`/members/login?lang=${lang}`);
    check(`${lang}-members-login`, res.statusCode, res.body);
  });

  it('public statistics and open data', async () => {
    const stats = await get(`/statistics?lang=${lang}`);
    check(`${lang}-statistics`, stats.statusCode, stats.body);
    const data = await get(`/open-data?lang=${lang}`);
    check(`${lang}-open-data`, data.statusCode, data.body);
  });
});
