/**
 * Guarantee 2 from an attacker's side: after reports whose every free-text
 * and identifier field holds a unique marker, nothing of it can be found in
 * the SQLite file, its WAL, the data folder or the logs (in clear, base64 or
 * hex), nor in a pg_dump of the PostgreSQL database. The same for the
 * files attached to reports and messages: a text file's marker and a binary
 * file's random bytes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReporterApp } from '../../src/web/app.js';
import { captureLog, testContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm, receiptFrom, validReport } from '../helpers/forms.js';
import { postMultipart } from '../helpers/uploads.js';
import { randomBytes } from 'node:crypto';

/** Every encoding an attacker might grep for: clear, hex, and base64 at each of the three byte alignments. */
function encodings(marker: string): string[] {
  const bytes = Buffer.from(marker, 'utf8');
  const out = [marker, marker.toLowerCase(), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Drop the characters that depend on the padding bytes before and after the marker.
    const start = shift === 0 ? 0 : shift === 1 ? 4 : 4;
    out.push(b64.slice(start, b64.length - 4));
    out.push(
      Buffer.concat([Buffer.alloc(shift), bytes])
        .toString('base64url')
        .slice(start, b64.length - 4),
    );
  }
  return out.filter((s) => s.length >= 8);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function findLeaks(haystack: Buffer, markers: string[]): string[] {
  const text = haystack.toString('latin1');
  const utf8 = haystack.toString('utf8');
  return markers.flatMap((m) =>
    encodings(m)
      .filter((e) => text.includes(e) || utf8.includes(e))
      .map((e) => `${m} as ${e}`),
  );
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`no plaintext at rest on ${name}`, () => {
    it('finds no marker anywhere an attacker could look', async () => {
      const log = captureLog();
      const t = await testContext(name, { config: { logLevel: 'debug' } });
      const app = await buildReporterApp(t.ctx, { logStream: log.stream });
      const markers: string[] = [];
      /** Random bytes sent as files: searched for as they are. */
      const rawFiles: Buffer[] = [];
      const mark = (label: string) => {
        const m = `MRK${label}${Math.random().toString(36).slice(2, 10).toUpperCase()}Q`;
        markers.push(m);
        return m;
      };
      try {
        for (let i = 0; i < 3; i++) {
          const phoneDigits = `7700${String(900100 + i * 7)}`;
          const plate = `ZX${i}${Math.floor(Math.random() * 9000 + 1000)}QK`;
          markers.push(phoneDigits, `+44${phoneDigits}`, plate);
          const form = await openForm(app, '/report');
          const desc = mark('DESC');
          const blob = randomBytes(4096);
          rawFiles.push(blob.subarray(1000, 1064));
          const res = await postMultipart(
            app,
            '/report',
            form,
            validReport({
              area: 'gb-london',
              place_detail: mark('PLACE'),
              description: `${desc} and ${mark('DESC2')}`,
              id_kind_1: 'phone',
              id_value_1: `0${phoneDigits}`,
              id_kind_2: 'email',
              id_value_2: `${mark('MAIL').toLowerCase()}@example.org`,
              id_kind_3: 'plate',
              id_value_3: plate,
              id_kind_4: 'handle',
              id_value_4: `@${mark('HANDLE').toLowerCase()}`,
              contact_name: mark('NAME'),
              contact_details: mark('CONTACT'),
            }),
            [
              { name: `${mark('FILENAME')}.txt`, bytes: Buffer.from(`evidence ${mark('FILE')} end`), type: 'text/plain' },
              { name: 'recording.bin', bytes: blob },
            ],
          );
          expect(res.statusCode).toBe(200);
          const receipt = receiptFrom(res.body);
          markers.push(receipt);
          const open = await postForm(app, '/follow-up', form, { lang: 'en', receipt });
          expect(open.body).toContain(desc);
          const msg = await postMultipart(app, '/follow-up/message', form, { lang: 'en', access: accessFrom(open.body), message: mark('MSG') }, [
            { name: 'more.txt', bytes: Buffer.from(`more ${mark('MSGFILE')} end`), type: 'text/plain' },
          ]);
          expect(msg.statusCode).toBe(200);
          await postForm(app, '/follow-up/add', form, { lang: 'en', access: accessFrom(msg.body), addition: mark('ADD') });
        }
      } finally {
        await app.close();
        await t.ctx.close();
      }

      const leaks: string[] = [];
      // The data folder: the SQLite file, its WAL and shared memory, anything else written there.
      const files = filesUnder(t.database.dataDir);
      if (name === 'sqlite') expect(files.some((f) => f.endsWith('parasol.sqlite'))).toBe(true);
      const rawLeaks = (where: string, haystack: Buffer) =>
        rawFiles
          .filter((b) => haystack.includes(b) || haystack.toString('latin1').includes(b.toString('hex')) || haystack.toString('latin1').includes(b.toString('base64').slice(4, -4)))
          .map(() => `${where}: file bytes`);
      for (const f of files) {
        const bytes = fs.readFileSync(f);
        leaks.push(...findLeaks(bytes, markers).map((l) => `${path.basename(f)}: ${l}`), ...rawLeaks(path.basename(f), bytes));
      }
      leaks.push(...rawLeaks('log', Buffer.from(log.text())));
      leaks.push(...findLeaks(Buffer.from(log.text()), markers).map((l) => `log: ${l}`));
      if (name === 'postgres') {
        const dump = execFileSync('pg_dump', ['--no-owner', '--data-only', t.database.databaseUrl!], { maxBuffer: 256 * 1024 * 1024 });
        expect(dump.length).toBeGreaterThan(1000);
        leaks.push(...findLeaks(dump, markers).map((l) => `pg_dump: ${l}`), ...rawLeaks('pg_dump', dump));
      }
      await t.database.drop();
      expect(leaks).toEqual([]);
    });
  });
}

it('the scanner finds a marker in each encoding it claims to (so the test above can fail)', () => {
  const m = 'MRKSELFTEST123Q';
  for (const wrapped of [m, Buffer.from(m).toString('hex'), Buffer.from('x' + m + 'yz').toString('base64'), Buffer.from('xy' + m).toString('base64'), Buffer.from(m + 'abc').toString('base64')]) {
    expect(findLeaks(Buffer.from(`prefix ${wrapped} suffix`), [m]).length).toBeGreaterThan(0);
  }
});
