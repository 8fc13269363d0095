/**
 * Receipts over HTTP: codes of 24 digits with a check digit, codes issued
 * before the change still opening their reports, mistyped codes turned away
 * before any Argon2id work, and a flood of wrong receipts that cannot keep
 * new reports from getting theirs. The KDF pool runs real Argon2id; the test
 * only watches which derivations start (and holds the flood's until told).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitReport } from '../../src/core/reports/reports.service.js';
import { argon2id, dammDigit, randomInt } from '../../src/crypto/index.js';
import { buildReporterApp } from '../../src/web/app.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { openForm, postForm, receiptFrom, textOf, validReport } from '../helpers/forms.js';

let t: TestContext;
let app: FastifyInstance;

/** Receipt derivations started, by the digits they were given. */
const receiptRuns: string[] = [];
/** Receipts whose derivations wait until `release` is called. */
const held = new Set<string>();
let release: () => void = () => {};
let gate = new Promise<void>((r) => (release = r));

const observed: typeof argon2id = async (password, salt, params, outBytes) => {
  const text = password.toString('utf8');
  if (text.startsWith('parasol-receipt:')) {
    const digits = text.slice('parasol-receipt:'.length);
    receiptRuns.push(digits);
    if (held.has(digits)) await gate;
  }
  return argon2id(password, salt, params, outBytes);
};

beforeAll(async () => {
  t = await testContext(SURFACE_DIALECT, { config: { kdfConcurrency: 2, kdfMaxQueue: 16 }, kdfRun: observed });
  app = await buildReporterApp(t.ctx);
});
afterAll(async () => {
  release();
  await app.close();
  await t.close();
});

/** A 24-digit code with a valid check digit that no report has. */
function wrongReceipt(): string {
  let s = '';
  for (let i = 0; i < 23; i++) s += String(randomInt(10));
  return s + String(dammDigit(s));
}

const grouped = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

async function newReport(description: string) {
  const form = await openForm(app, '/report?lang=en');
  return postForm(app, '/report', form, validReport({ description }));
}

describe('receipts', () => {
  it('are 24 digits shown in six groups of four, and open their report', async () => {
    const res = await newReport('Receipt of twenty-four digits');
    expect(res.statusCode).toBe(200);
    const receipt = receiptFrom(res.body);
    expect(receipt).toMatch(/^\d{24}$/);
    expect(res.body).toMatch(new RegExp(`>\\s*${grouped(receipt)}\\s*<`));
    const form = await openForm(app, '/follow-up?lang=en');
    const open = await postForm(app, '/follow-up', form, { lang: 'en', receipt: grouped(receipt) });
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain('Receipt of twenty-four digits');
  });

  it('issued before the change (16 digits) still open their report', async () => {
    const legacy = '4821 0937 5561 2084';
    const submitted = await submitReport(
      t.ctx.core,
      {
        countryCode: 'RO',
        areaId: 'ro-bucharest',
        organisationId: null,
        placeDetail: '',
        incidentDate: null,
        categories: ['robbery'],
        perpetratorTypes: ['client'],
        description: 'Reported with an old sixteen-digit receipt',
        identifiers: [],
        wantsSupport: true,
        warnOthers: false,
        statistics: false,
        police: 'none',
        contact: null,
        language: 'en',
      },
      () => legacy.replaceAll(' ', ''),
    );
    expect(submitted.kind).toBe('submitted');
    const form = await openForm(app, '/follow-up?lang=en');
    const open = await postForm(app, '/follow-up', form, { lang: 'en', receipt: legacy });
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain('Reported with an old sixteen-digit receipt');
  });

  it('mistyped by one digit or by a swap of neighbours are turned away next to the field, kept, without any Argon2id run', async () => {
    const receipt = receiptFrom((await newReport('Mistyped later')).body);
    const shown = grouped(receipt);
    // One digit wrong (the fifth), then the seventh and eighth swapped (chosen where they differ).
    const typo = shown.slice(0, 5) + String((Number(shown[5]) + 3) % 10) + shown.slice(6);
    const swapAt = [...receipt].findIndex((d, i) => i < 23 && receipt[i + 1] !== d);
    const swappedDigits = receipt.slice(0, swapAt) + receipt[swapAt + 1] + receipt[swapAt] + receipt.slice(swapAt + 2);
    const swapped = grouped(swappedDigits);
    const form = await openForm(app, '/follow-up?lang=en');
    const before = receiptRuns.length;

    const wrong = await postForm(app, '/follow-up', form, { lang: 'en', receipt: typo });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('This code has a mistake: one digit is wrong, or two digits next to each other are swapped.');
    expect(wrong.body).toContain(`value="${typo}"`);
    // The message is tied to the field and listed in the error summary that links to it.
    expect(wrong.body).toMatch(/aria-describedby="[^"]*receipt-error/);
    expect(wrong.body).toContain('href="#receipt"');

    const ar = await postForm(app, '/follow-up', form, { lang: 'ar', receipt: swapped });
    expect(ar.statusCode).toBe(400);
    expect(textOf(ar.body)).toContain('في هذا الرمز خطأ');
    expect(ar.body).toContain(`value="${swapped}"`);
    expect(receiptRuns.length).toBe(before);

    // The right code still costs one derivation and opens the report.
    const right = await postForm(app, '/follow-up', form, { lang: 'en', receipt: shown });
    expect(right.statusCode).toBe(200);
    expect(receiptRuns.length).toBe(before + 1);
  });

  it('cannot be guessed so fast that new reports are refused: 32 concurrent wrong receipts leave intake its share', async () => {
    const form = await openForm(app, '/follow-up?lang=en');
    const guesses = Array.from({ length: 32 }, wrongReceipt);
    for (const g of guesses) held.add(g);
    const answers: Array<{ status: number; body: string; typed: string }> = [];
    const flood = guesses.map((g) => postForm(app, '/follow-up', form, { lang: 'en', receipt: grouped(g) }).then((r) => answers.push({ status: r.statusCode, body: r.body, typed: grouped(g) })));
    // Wait until every guess is either held in the KDF pool (running or queued) or already answered "busy".
    for (let i = 0; i < 500 && answers.length + t.ctx.kdf.load < 32; i++) await new Promise((r) => setTimeout(r, 10));
    expect(answers.length + t.ctx.kdf.load).toBe(32);

    // While all of that is held, a new report still gets its receipt.
    const res = await newReport('Sent during a flood of wrong receipts');
    expect(res.statusCode).toBe(200);
    expect(receiptFrom(res.body)).toMatch(/^\d{24}$/);

    release();
    gate = Promise.resolve();
    await Promise.all(flood);
    // Every guess is told plainly: no such report, or busy (with what was typed kept).
    for (const a of answers) {
      expect([404, 429]).toContain(a.status);
      expect(a.body).toContain(`value="${a.typed}"`);
    }
    expect(answers.filter((a) => a.status === 404).length).toBeGreaterThan(0);
  });
});
