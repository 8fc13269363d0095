/**
 * Acceptance: a database dump contains none of the marker phone numbers,
 * e-mail addresses, plates or handles used in the tests. Every marker goes
 * through every path community safety has: reports (intake and matching),
 * a warning drafted, amended with a typed identifier and published, members'
 * checks, a member's e-mail address for warnings, a push subscription, a
 * correction, delivery. Then the SQLite file, its WAL and the data folder,
 * or a pg_dump, and the logs are searched in clear, hex and base64.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureDelivery, deliveryOptions, runDeliveries } from '../../src/core/safety/delivery.js';
import { captureLog } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startPushService, startSmtp } from './services.js';
import {
  check,
  draftWarning,
  formValues,
  inviteCode,
  joinWithCode,
  newCaseworker,
  safetySurfaces,
  staffLogin,
  submitReport,
  textOf,
  WARNING_FIELDS,
  wantEmail,
  wantPush,
  warningStep,
} from './support.js';

/** Every encoding an attacker might grep for: clear, lower case, hex, and base64 at each of the three byte alignments. */
function encodings(marker: string): string[] {
  const bytes = Buffer.from(marker, 'utf8');
  const out = [marker, marker.toLowerCase(), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const start = shift === 0 ? 0 : 4;
    const b64 = padded.toString('base64');
    out.push(b64.slice(start, b64.length - 4), padded.toString('base64url').slice(start, b64.length - 4));
  }
  return out.filter((x) => x.length >= 8);
}

function leaks(haystack: Buffer, markers: readonly string[]): string[] {
  const latin = haystack.toString('latin1');
  const utf8 = haystack.toString('utf8');
  return markers.flatMap((m) =>
    encodings(m)
      .filter((e) => latin.includes(e) || utf8.includes(e))
      .map((e) => `${m} as ${e}`),
  );
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`no identifier at rest on ${name}`, () => {
    it('finds none of the marker numbers, addresses, plates or handles in the database, its files or the logs', async () => {
      const log = captureLog();
      const smtp = await startSmtp();
      const push = await startPushService();
      const s = await safetySurfaces(name, { smtpUrl: smtp.url, logLevel: 'debug' }, undefined, log.stream);
      configureDelivery(s.t.ctx, { pushAgent: new https.Agent({ ca: push.ca }), extraPushHosts: [push.host] });
      const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
      // Identifier markers, as written and as normalised.
      const phoneDigits = `7911${String(Math.floor(100000 + Math.random() * 800000))}`;
      const phone2Digits = `7700${String(Math.floor(100000 + Math.random() * 800000))}`;
      const email = `mrk${tag.toLowerCase()}perp@example.org`;
      const plate = `QX${tag.slice(0, 2)}${Math.floor(Math.random() * 90 + 10)}ZZ`;
      const handle = `mrk.handle.${tag.toLowerCase()}`;
      const typedPlate = `MK${tag.slice(2, 4)}${Math.floor(Math.random() * 90 + 10)}WW`;
      const memberAddress = `mrk${tag.toLowerCase()}member@example.net`;
      const warningText = `MRKWARN${tag}Q`;
      const correction = `MRKCORR${tag}Q`;
      const markers = [phoneDigits, `+44${phoneDigits}`, `0${phoneDigits}`, phone2Digits, `+44${phone2Digits}`, email, plate, handle, typedPlate, memberAddress, warningText, correction];
      try {
        const a = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'alice.cw'));
        const b = await staffLogin(s, await newCaseworker(s, s.soho.organisationId, 'bea.cw'));
        const r1 = await submitReport(s, {
          id_kind_1: 'phone',
          id_value_1: `0${phoneDigits.slice(0, 4)} ${phoneDigits.slice(4)}`,
          id_kind_2: 'email',
          id_value_2: email.toUpperCase(),
          id_kind_3: 'plate',
          id_value_3: plate,
          id_kind_4: 'handle',
          id_value_4: `@${handle}`,
        });
        // A second report names the same number another way (a match notice) and a second number.
        await submitReport(s, { id_kind_1: 'phone', id_value_1: `+44${phoneDigits}`, id_kind_2: 'phone', id_value_2: `0${phone2Digits}` });
        const { id } = await draftWarning(s, a, r1.reportId, { what: `${warningText} took money by force.`, visibility: 'public' });
        const edit = await a.get(`/safety/warnings/${id}/edit`);
        expect(textOf(edit.body)).toContain(plate);
        const saved = await a.post(`/safety/warnings/${id}/edit`, `/safety/warnings/${id}/edit`, { ...formValues(edit.body, WARNING_FIELDS), extra_kind: 'plate', extra_value: typedPlate });
        expect(saved.statusCode).toBe(303);
        const member = await joinWithCode(s, await inviteCode(a), 'dumpcheck', ['gb-london']);
        await wantEmail(member, memberAddress);
        await wantPush(member, push.subscribe());
        await warningStep(a, id, 'submit');
        expect(textOf((await warningStep(b, id, 'approve')).body)).toContain('Published.');

        for (const [value, kind] of [
          [`+44 ${phoneDigits}`, 'phone'],
          [email, 'email'],
          [plate.toLowerCase(), 'plate'],
          [`@${handle}`, 'handle'],
          [typedPlate, 'plate'],
          [`0${phone2Digits}`, 'phone'],
        ] as const) {
          const res = await check(member, value, kind);
          expect(res.statusCode, value).toBe(200);
        }
        expect(textOf((await check(member, `0${phoneDigits}`)).body)).toContain('1 warning matches');
        const sent = await member.post(`/members/warnings/${id}?lang=en`, `/members/warnings/${id}/correction?lang=en`, { lang: 'en', kind: 'correction', text: correction });
        expect(sent.statusCode).toBe(200);
        expect((await runDeliveries(s.t.ctx.core, await deliveryOptions(s.t.ctx))).sent).toBe(2);
        await smtp.waitFor(1);
        await push.waitFor(1);
      } finally {
        await s.staff.close();
        await s.reporter.close();
        await s.t.ctx.close();
        await smtp.close();
        await push.close();
      }

      const found: string[] = [];
      const files = filesUnder(s.t.database.dataDir);
      if (name === 'sqlite') expect(files.some((f) => f.endsWith('parasol.sqlite'))).toBe(true);
      for (const f of files) found.push(...leaks(fs.readFileSync(f), markers).map((l) => `${path.basename(f)}: ${l}`));
      found.push(...leaks(Buffer.from(log.text()), markers).map((l) => `log: ${l}`));
      if (name === 'postgres') {
        const dump = execFileSync('pg_dump', ['--no-owner', '--data-only', s.t.database.databaseUrl!], { maxBuffer: 256 * 1024 * 1024 });
        expect(dump.toString('utf8')).toContain('warning_identifiers');
        found.push(...leaks(dump, markers).map((l) => `pg_dump: ${l}`));
      }
      await s.t.database.drop();
      expect(found).toEqual([]);
    });
  });
}

it('the scanner finds a marker in each encoding it claims to (so the test above can fail)', () => {
  const m = 'MRKSELFTEST123Q';
  for (const wrapped of [m, Buffer.from(m).toString('hex'), Buffer.from('x' + m + 'yz').toString('base64'), Buffer.from('xy' + m).toString('base64'), Buffer.from(m + 'abc').toString('base64')]) {
    expect(leaks(Buffer.from(`prefix ${wrapped} suffix`), [m]).length).toBeGreaterThan(0);
  }
});
