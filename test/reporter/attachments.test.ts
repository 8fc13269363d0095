/**
 * Attachments without traces (issue 17, item 10), over HTTP as browsers
 * without JavaScript send them: a phone photo's GPS position, a PDF's author
 * and a Word file's author never reach the caseworker; downloads are never
 * rendered; a file over a limit never costs the text; caseworkers reach a
 * file exactly as they reach the report.
 */
import exifr from 'exifr';
import { unzipSync, strFromU8 } from 'fflate';
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_FILE_BYTES, MAX_FILES } from '../../src/core/attachments/attachments.service.js';
import { DIALECTS } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm, receiptFrom, validReport } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { authoredDocx, authoredPdf, gpsJpeg, postMultipart, multipartBody, type TestFile } from '../helpers/uploads.js';
import { loginAs, newStaffMember, surfaces, type Surfaces } from '../staff/support.js';

const links = (html: string) => [...html.matchAll(/href="(\/reports\/[^/"]+\/attachments\/[^"]+)"/g)].map((m) => m[1]!);

async function newestReportId(s: Surfaces): Promise<string> {
  const rows = await s.t.ctx.core.db.selectFrom('reports').select('id').execute();
  expect(rows.length).toBeGreaterThan(0);
  return rows.at(-1)!.id;
}

async function reportCount(s: Surfaces): Promise<number> {
  return (await s.t.ctx.core.db.selectFrom('reports').select('id').execute()).length;
}

async function staffPostMultipart(s: Surfaces, client: StaffClient, pageUrl: string, url: string, fields: Record<string, string>, files: readonly TestFile[]) {
  const page = await client.get(pageUrl);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const { payload, contentType } = await multipartBody({ _csrf: token, ...fields }, files);
  return s.staff.inject({ method: 'POST', url, headers: { cookie: client.cookieHeader, 'content-type': contentType }, payload });
}

afterEach(() => vi.restoreAllMocks());

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`attachments on ${name}`, () => {
    it('a phone photo, a PDF and a Word file reach the caseworker without hidden details, as downloads only', async () => {
      const s = await surfaces(name);
      try {
        const photo = await gpsJpeg();
        expect((await exifr.gps(photo))?.latitude).toBeCloseTo(44.433, 2);
        expect((await exifr.parse(photo, true))?.Model).toBe('SecretPhone 9');
        const files: TestFile[] = [
          { name: 'IMG_0042.jpg', bytes: photo, type: 'image/jpeg' },
          { name: 'notes.pdf', bytes: await authoredPdf('Maria Author'), type: 'application/pdf' },
          { name: 'letter.docx', bytes: authoredDocx('Maria Author') },
          { name: '<script>x.html', bytes: Buffer.from('<script>alert(1)</script>'), type: 'text/html' },
        ];
        const form = await openForm(s.reporter, '/report?lang=en');
        expect(form.html).toContain('enctype="multipart/form-data"');
        const res = await postMultipart(s.reporter, '/report', form, validReport(), files);
        expect(res.statusCode).toBe(200);
        receiptFrom(res.body);
        // The reporter is told, per file, what was removed and what could not be.
        expect(res.body).toContain('hidden details (place, phone, time) removed.');
        expect(res.body).toContain('author and document details removed.');
        expect(res.body).toContain('we could not remove hidden details from this file.');

        const client = new StaffClient(s.staff, s.clock);
        await loginAs(s, client, s.coordinator);
        const id = await newestReportId(s);
        const page = await client.get(`/reports/${id}`);
        expect(page.statusCode).toBe(200);
        const urls = links(page.body);
        expect(urls).toHaveLength(4);
        const got = await Promise.all(urls.map((u) => client.get(u)));
        for (const d of got) {
          expect(d.statusCode).toBe(200);
          expect(d.headers['content-disposition']).toMatch(/^attachment; filename=/);
          expect(d.headers['x-content-type-options']).toBe('nosniff');
          expect(d.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
        }
        const [jpg, pdf, docx, html] = got.map((d) => d.rawPayload);
        // The photo: no EXIF at all (no GPS, no camera, no owner), turned upright by its orientation first.
        expect(await exifr.parse(jpg!, true)).toBeUndefined();
        expect(jpg!.includes(Buffer.from('SecretPhone'))).toBe(false);
        const meta = await sharp(jpg!).metadata();
        expect([meta.width, meta.height, meta.exif, meta.icc]).toEqual([48, 64, undefined, undefined]);
        // The PDF: no author in its Info dictionary or XMP, and the name appears nowhere in the file.
        const doc = await PDFDocument.load(pdf!, { updateMetadata: false });
        expect(doc.getAuthor()).toBeUndefined();
        expect(pdf!.includes(Buffer.from('Maria Author'))).toBe(false);
        // The Word file: empty document properties, its text intact.
        const zip = unzipSync(new Uint8Array(docx!));
        expect(strFromU8(zip['docProps/core.xml']!)).not.toContain('Maria');
        expect(strFromU8(zip['docProps/app.xml']!)).not.toContain('Maria');
        expect(strFromU8(zip['word/document.xml']!)).toContain('Evidence');
        // Active content goes out as bytes under a safe name, never as HTML.
        expect(got[3]!.headers['content-type']).toBe('application/octet-stream');
        expect(got[3]!.headers['content-disposition']).not.toMatch(/[<>]/);
        expect(html!.toString()).toBe('<script>alert(1)</script>');
        expect(page.body).toContain('Hidden details could not be removed from this file');
      } finally {
        await s.close();
      }
    });

    it('a file over the limit: the message is next to the field, everything typed is back, nothing is stored', async () => {
      const s = await surfaces(name);
      try {
        const form = await openForm(s.reporter, '/report?lang=en');
        const big = Buffer.alloc(MAX_FILE_BYTES + 1024, 7);
        const res = await postMultipart(s.reporter, '/report', form, validReport({ description: 'He took my phone — KEEP-THIS-TEXT', place_detail: 'Near the station' }), [
          { name: 'video.mp4', bytes: big },
        ]);
        expect(res.statusCode).toBe(400);
        expect(res.body).toMatch(/<p class="error" id="attachments-error">The file video.mp4 is too big: each file can be up to 10 MB\./);
        expect(res.body).toContain('href="#attachments"');
        expect(res.body).toContain('KEEP-THIS-TEXT');
        expect(res.body).toContain('value="Near the station"');
        expect(res.body).toContain('Files are not kept when the form comes back');
        expect(await reportCount(s)).toBe(0);

        const many = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `n${i}.txt`, bytes: Buffer.from(`note ${i}`) }));
        const res2 = await postMultipart(s.reporter, '/report', form, validReport({ description: 'KEEP-AGAIN' }), many);
        expect(res2.statusCode).toBe(400);
        expect(res2.body).toContain('You chose too many files: you can send up to 5.');
        expect(res2.body).toContain('KEEP-AGAIN');
        expect(await reportCount(s)).toBe(0);
      } finally {
        await s.close();
      }
    });

    it('when the data folder runs short of space, files are refused and the text still goes through', async () => {
      const s = await surfaces(name);
      try {
        const real = fs.statfsSync;
        vi.spyOn(fs, 'statfsSync').mockImplementation(((p: fs.PathLike) => ({ ...real(p), bavail: 1, bsize: 4096 })) as typeof fs.statfsSync);
        const form = await openForm(s.reporter, '/report?lang=en');
        const res = await postMultipart(s.reporter, '/report', form, validReport({ description: 'SHORT-OF-SPACE' }), [{ name: 'a.txt', bytes: Buffer.from('a') }]);
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('We cannot take files right now.');
        expect(res.body).toContain('SHORT-OF-SPACE');
        // Sent again without files (as the message says), the report is taken.
        const again = await postMultipart(s.reporter, '/report', form, validReport({ description: 'SHORT-OF-SPACE' }), []);
        expect(again.statusCode).toBe(200);
        receiptFrom(again.body);
      } finally {
        await s.close();
      }
    });

    it('messages and replies carry files both ways; only a caseworker who can open the report can download', async () => {
      const s = await surfaces(name);
      try {
        const form = await openForm(s.reporter, '/report?lang=en');
        const sent = await postMultipart(s.reporter, '/report', form, validReport(), []);
        const receipt = receiptFrom(sent.body);
        const open = await postForm(s.reporter, '/follow-up', form, { lang: 'en', receipt });
        expect(open.statusCode).toBe(200);
        const msg = await postMultipart(s.reporter, '/follow-up/message', form, { lang: 'en', access: accessFrom(open.body), message: 'Here is a photo' }, [
          { name: 'photo.jpg', bytes: await gpsJpeg() },
        ]);
        expect(msg.statusCode).toBe(200);
        expect(msg.body).toContain('Your message was sent.');

        const client = new StaffClient(s.staff, s.clock);
        await loginAs(s, client, s.coordinator);
        const id = await newestReportId(s);
        const [photoUrl] = links((await client.get(`/reports/${id}`)).body);
        expect(photoUrl).toBeDefined();
        const reply = await staffPostMultipart(s, client, `/reports/${id}`, `/reports/${id}/reply`, { reply: 'A leaflet for you' }, [{ name: 'leaflet.pdf', bytes: await authoredPdf('Case Worker') }]);
        expect(reply.statusCode).toBe(303);

        // The reporter downloads the caseworker's file with the access token, by a form post.
        const again = await postForm(s.reporter, '/follow-up', form, { lang: 'en', receipt });
        const fileId = [...again.body.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!);
        expect(fileId).toHaveLength(2);
        const dl = await postForm(s.reporter, '/follow-up/attachment', form, { access: accessFrom(again.body), id: fileId[1]! });
        expect(dl.statusCode).toBe(200);
        expect(dl.headers['content-disposition']).toBe('attachment; filename=leaflet.pdf');
        expect(dl.rawPayload.includes(Buffer.from('Case Worker'))).toBe(false);

        // A caseworker who joined later (the report is not sealed to them) gets the no-access page, not the file.
        const late = await newStaffMember(s, 'caseworker', { username: 'late-worker', password: 'a long passphrase for tests 42' });
        const other = new StaffClient(s.staff, s.clock);
        await loginAs(s, other, late);
        const denied = await other.get(photoUrl!);
        expect(denied.statusCode).toBe(403);
        expect(denied.headers['content-disposition']).toBeUndefined();
        // A made-up file id of a report they can open is not found.
        const missing = await client.get(`/reports/${id}/attachments/nope`);
        expect(missing.statusCode).toBe(404);
      } finally {
        await s.close();
      }
    });
  });
}
