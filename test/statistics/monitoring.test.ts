/**
 * The monitors' side, through the real staff surface on both databases: the
 * operations log (role checks, forms that keep what was typed, notes
 * encrypted at rest under a key only staff can open, audit entries), CSV
 * import with a per-row error report and export, survey waves from form to
 * published results, and the statistics release.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/audit.service.js';
import { parseCsv } from '../../src/core/statistics/csv.js';
import { StaffClient } from '../helpers/staff.js';
import { DIALECTS } from '../helpers/dialects.js';
import { extractCsrf, openForm, postForm, textOf } from '../helpers/forms.js';
import { loginAs, newStaffMember, surfaces, type Surfaces } from '../staff/support.js';

/** Posts a multipart form with a file, as a browser does for <input type="file">. */
async function postFile(s: Surfaces, client: StaffClient, pageUrl: string, url: string, fields: Record<string, string>, file: { name: string; filename: string; content: string }) {
  const page = await client.get(pageUrl);
  const boundary = '----parasolTestBoundary7MA4YWxkTrZu0gW';
  const parts = [
    ...Object.entries({ _csrf: extractCsrf(page.body), ...fields }).map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`),
    `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return s.staff.inject({ method: 'POST', url, headers: { cookie: client.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.from(parts.join(''), 'utf8') });
}

const NEW_OPERATION = {
  date: '2025-11-14',
  country: 'RO',
  city: 'Bucharest, Ferentari',
  agency: ['police', 'immigration'],
  purpose: 'anti_trafficking',
  fig_premises: '3',
  fig_arrested: '9',
  fig_removed: '4',
  fig_victims_identified: '0',
  harm: ['evictions', 'loss_of_income'],
  source_1_type: 'press',
  source_1_title: 'Local press report',
  source_1_url: 'https://example.org/raid',
  published: 'yes',
  notes: 'Testimony from two workers: officers took phones. Names withheld.',
};

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`operations log and survey waves on the staff surface (${name})`, () => {
    let s: Surfaces;
    let coordinator: StaffClient;

    beforeAll(async () => {
      s = await surfaces(name);
      coordinator = new StaffClient(s.staff, s.clock);
      await loginAs(s, coordinator, s.coordinator);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('is for monitors and coordinators only', async () => {
      const caseworker = await newStaffMember(s, 'caseworker', { username: 'cw-monitoring', password: 'correct horse battery staple 42' });
      const client = new StaffClient(s.staff, s.clock);
      await loginAs(s, client, caseworker);
      for (const url of ['/monitoring/operations', '/monitoring/surveys', '/monitoring/statistics', '/monitoring/operations/export']) {
        expect((await client.get(url)).statusCode, url).toBe(403);
      }
      expect((await client.get('/inbox')).body).not.toContain('href="/monitoring"');
      expect((await coordinator.get('/inbox')).body).toContain('href="/monitoring"');
      const anonymous = await s.staff.inject({ method: 'GET', url: '/monitoring/operations' });
      expect(anonymous.statusCode).toBe(303);
    });

    it('records, shows, changes and deletes an operation; notes are encrypted at rest and every step is audited', async () => {
      let res = await coordinator.post('/monitoring/operations/new', '/monitoring/operations', NEW_OPERATION);
      expect(res.statusCode).toBe(303);
      const url = res.headers.location as string;
      const id = url.split('/').pop()!;
      res = await coordinator.get(url);
      const text = textOf(res.body);
      expect(text).toContain('Bucharest, Ferentari, Romania');
      expect(text).toContain('Police, Immigration authorities');
      expect(text).toContain('Testimony from two workers: officers took phones.');
      // At rest the notes are an envelope, not text; the structured record is in clear (it may be published).
      const row = await s.t.ctx.core.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(Buffer.from(row.notes!).subarray(0, 3).toString()).toBe('PSL');
      expect(Buffer.from(row.notes!).toString('latin1')).not.toContain('Testimony');
      expect(row.arrested).toBe(9);
      // Edit: the form comes back filled in, including the decrypted notes.
      res = await coordinator.get(`${url}/edit`);
      expect(res.body).toContain('value="2025-11-14"');
      expect(res.body).toContain('Testimony from two workers');
      res = await coordinator.post(`${url}/edit`, url, { ...NEW_OPERATION, fig_arrested: '11', notes: 'Corrected after a second testimony.' });
      expect(res.statusCode).toBe(303);
      expect(textOf((await coordinator.get(url)).body)).toContain('Corrected after a second testimony.');
      // The public list shows it (published), by month, without the notes.
      const pub = textOf((await s.reporter.inject({ method: 'GET', url: '/statistics/operations?country=RO&lang=en' })).body);
      expect(pub).toContain('November 2025');
      expect(pub).toContain('Arrested: 11');
      expect(pub).not.toContain('14');
      expect(pub).not.toContain('second testimony');
      // Delete, with a confirmation page.
      expect((await coordinator.get(`${url}/delete`)).statusCode).toBe(200);
      res = await coordinator.post(`${url}/delete`, `${url}/delete`, {});
      expect(res.statusCode).toBe(303);
      expect((await coordinator.get(url)).statusCode).toBe(404);
      const actions = (await s.t.ctx.core.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_id', '=', id).orderBy('seq').execute()).map((a) => a.action);
      // Created; read on the record, the edit form (twice: once to look, once before saving) and the record again; changed; deleted.
      expect(actions).toEqual(['operation_created', 'operation_read', 'operation_read', 'operation_read', 'operation_updated', 'operation_read', 'operation_deleted']);
      expect((await verifyAudit(s.t.ctx.core.db, s.t.ctx.secrets)).ok).toBe(true);
    });

    it('shows the form again with what was typed and each error next to its field', async () => {
      const res = await coordinator.post('/monitoring/operations/new', '/monitoring/operations', {
        ...NEW_OPERATION,
        date: '2025-13',
        fig_arrested: 'nine',
        fig_arrested_other_offences: '20',
        source_1_url: 'javascript:alert(1)',
        city: 'Iași <b>',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('value="2025-13"');
      expect(res.body).toContain('value="nine"');
      expect(res.body).toMatch(/id="op-city"[^>]*value="Iași &lt;b/);
      expect(res.body).not.toContain('Iași <b>');
      expect(res.body).toContain('Testimony from two workers');
      const errorFor = (id: string) => new RegExp(`<p class="error" id="${id}-error">([^<]+)</p>`).exec(res.body)?.[1];
      expect(errorFor('op-date')).toBe('Write the date as 2016, 2016-10 or 2016-10-05.');
      expect(errorFor('op-fig-arrested')).toBe('Write a whole number, such as 12, or leave it empty.');
      expect(errorFor('op-source-1-url')).toBe('Links must start with https://');
      expect(res.body).toContain('Please check 3 things below.');
      // French staff page: the same, in French.
      const fr = await coordinator.post('/monitoring/operations/new?lang=fr', '/monitoring/operations', { ...NEW_OPERATION, date: 'hier' });
      expect(textOf(fr.body)).toContain('Écrivez la date ainsi : 2016, 2016-10 ou 2016-10-05.');
      await coordinator.get('/monitoring/operations?lang=en');
    });

    it('imports CSV all or nothing, with a report of every problem by line and column, from a pasted text or an uploaded file', async () => {
      const db = s.t.ctx.core.db;
      const count = async () =>
        Number(
          (
            await db
              .selectFrom('operations')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('organisation_id', '=', s.coordinator.organisationId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const bad = [
        'date,country,city,agencies,purpose,arrested,victims_identified,published,notes',
        '2024-03,MD,Chișinău,police,public_order,5,0,yes,',
        '2024-04,ZZ,,police,raid,many,,maybe,',
        '2030-01,RO,,,anti_trafficking,,,,',
      ].join('\n');
      let res = await coordinator.post('/monitoring/operations/import', '/monitoring/operations/import', { text: bad });
      expect(res.statusCode).toBe(400);
      const problems = [...res.body.matchAll(/<tr data-line="(\d+)" data-column="([^"]*)">/g)].map((m) => `${m[1]}:${m[2]}`);
      expect(problems).toEqual(['3:published', '3:country', '3:purpose', '3:arrested', '4:date', '4:agencies']);
      expect(textOf(res.body)).toContain('Nothing was imported.');
      expect(res.body).toContain('2024-04,ZZ'); // the pasted text is still there
      expect(await count()).toBe(before);
      // The same file, corrected and uploaded as a file: every row goes in.
      const good = [
        'date,country,city,agencies,purpose,arrested,victims_identified,published,notes',
        '2024-03,MD,Chișinău,police,public_order,5,0,yes,"Seen by outreach team, ""quiet"" night"',
        '2024-04,RO,,police immigration,immigration_control,7,,no,',
      ].join('\r\n');
      res = await postFile(s, coordinator, '/monitoring/operations/import', '/monitoring/operations/import', { text: '' }, { name: 'file', filename: 'ops.csv', content: good });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/monitoring/operations');
      expect(await count()).toBe(before + 2);
      const list = textOf((await coordinator.get('/monitoring/operations?country=MD')).body);
      expect(list).toContain('Chișinău, Moldova');
      // A file in another encoding is reported, not mangled.
      const latin1 = await (async () => {
        const page = await coordinator.get('/monitoring/operations/import');
        const boundary = 'b0undary';
        const payload = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${extractCsrf(page.body)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\ndate,country,agencies,purpose\r\n2024,RO,police,other,Ia`,
          ),
          Buffer.from([0xee]),
          Buffer.from(`i\r\n--${boundary}--\r\n`),
        ]);
        return s.staff.inject({
          method: 'POST',
          url: '/monitoring/operations/import',
          headers: { cookie: coordinator.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
      })();
      expect(latin1.statusCode).toBe(400);
      expect(textOf(latin1.body)).toContain('This text is not valid UTF-8.');
    });

    it('exports CSV that imports again unchanged, with notes only on request, and defuses spreadsheet formulas', async () => {
      await coordinator.post('/monitoring/operations/new', '/monitoring/operations', { ...NEW_OPERATION, city: '=HYPERLINK("https://evil.example","x")', notes: 'secret note' });
      let res = await coordinator.post('/monitoring/operations/export', '/monitoring/operations/export', {});
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body).not.toContain('secret note');
      expect(res.body).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
      res = await coordinator.post('/monitoring/operations/export', '/monitoring/operations/export', { notes: 'yes' });
      expect(res.body).toContain('secret note');
      const exported = parseCsv(res.body);
      const db = s.t.ctx.core.db;
      const before = await db.selectFrom('operations').selectAll().where('organisation_id', '=', s.coordinator.organisationId).execute();
      const back = await coordinator.post('/monitoring/operations/import', '/monitoring/operations/import', { text: res.body.replace(`'=HYPERLINK`, '=HYPERLINK') });
      expect(back.statusCode).toBe(303);
      const after = await db.selectFrom('operations').selectAll().where('organisation_id', '=', s.coordinator.organisationId).execute();
      expect(after.length).toBe(before.length * 2);
      const shape = (r: (typeof after)[number]) =>
        JSON.stringify([r.op_date, r.country_code, r.city, r.agencies, r.purpose, r.arrested, r.removed, r.victims_identified, r.harms, r.sources, r.published]);
      expect(after.map(shape).sort()).toEqual([...before.map(shape), ...before.map(shape)].sort());
      expect(exported.length - 1).toBe(before.length);
      const audit = await db.selectFrom('audit_log').select('detail').where('action', '=', 'operations_exported').execute();
      expect(audit.map((a) => JSON.parse(a.detail).notes)).toEqual([false, true]);
    });

    it('a new monitor gets the notes key as soon as a colleague who holds it opens the log', async () => {
      await coordinator.get('/monitoring/operations'); // the key exists and the coordinator holds it
      const monitor = await newStaffMember(s, 'monitor', { username: 'new-monitor', password: 'another long passphrase for tests' });
      const client = new StaffClient(s.staff, s.clock);
      await loginAs(s, client, monitor);
      const withNotes = (
        await s.t.ctx.core.db.selectFrom('operations').select('id').where('organisation_id', '=', s.coordinator.organisationId).where('notes', 'is not', null).executeTakeFirstOrThrow()
      ).id;
      // Created by the coordinator's visit before this monitor existed: no seal for them yet.
      const seals = await s.t.ctx.core.db.selectFrom('monitoring_key_seals').select('user_id').execute();
      expect(seals.map((x) => x.user_id)).not.toContain(monitor.userId);
      expect(textOf((await client.get(`/monitoring/operations/${withNotes}`)).body)).toContain('You cannot read or write notes yet');
      await coordinator.get('/monitoring/operations');
      expect(textOf((await client.get(`/monitoring/operations/${withNotes}`)).body)).not.toContain('You cannot read or write notes yet');
    });

    it('runs a survey wave: standard and own questions in each language, answers only while open, results once closed', async () => {
      const wave = {
        title: 'Bucharest, spring',
        country: 'RO',
        area: 'ro-bucharest',
        starts: '2026-05-01',
        ends: '2026-06-30',
        languages: ['en', 'ro'],
        custom_1_en: 'Did you get our safety leaflet?\nYes\nNo',
        custom_1_ro: 'Ați primit broșura noastră?\nDa\nNu',
      };
      let res = await coordinator.post('/monitoring/surveys/new', '/monitoring/surveys', { ...wave, custom_1_ro: 'Ați primit broșura?\nDa' });
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain('Give the same number of answers in every language.');
      expect(res.body).toContain('Bucharest, spring');
      res = await coordinator.post('/monitoring/surveys/new', '/monitoring/surveys', wave);
      expect(res.statusCode).toBe(303);
      const url = res.headers.location as string;
      const id = url.split('/').pop()!;
      // Not open yet.
      expect((await s.reporter.inject({ method: 'GET', url: `/surveys/${id}` })).statusCode).toBe(410);
      expect((await coordinator.post(url, `${url}/open`, {})).statusCode).toBe(303);
      const form = await openForm(s.reporter, `/surveys/${id}?lang=ro`);
      expect(form.html).toContain('Ați primit broșura noastră?');
      expect(form.html).toContain('Cât de mult aveți încredere că poliția vă protejează?');
      for (let i = 0; i < 8; i++) {
        const f = await openForm(s.reporter, `/surveys/${id}?lang=ro`);
        const sent = await postForm(s.reporter, `/surveys/${id}`, f, { lang: 'ro', trust_police: 'a_little', c1: i < 6 ? 'o1' : 'o2' });
        expect(sent.statusCode).toBe(303);
      }
      res = await coordinator.get(url);
      expect(textOf(res.body)).toContain('8 people answered.');
      expect(textOf(res.body)).toContain('Results are shown once the wave is closed');
      // Once answered, the questions and languages cannot change.
      const changed = await coordinator.post(`${url}/edit`, url, { ...wave, languages: ['en'] });
      expect(changed.statusCode).toBe(409);
      expect((await coordinator.post(url, `${url}/close`, {})).statusCode).toBe(303);
      expect((await s.reporter.inject({ method: 'GET', url: `/surveys/${id}` })).statusCode).toBe(410);
      res = await coordinator.get(url);
      const results = new Map([...res.body.matchAll(/<tr data-answer="([^"]+)"><th scope="row">[^<]*<\/th><td class="num">([^<]+)<\/td>/g)].map((m) => [m[1]!, m[2]!]));
      expect(results.get('trust_police.a_little')).toBe('8');
      // Two people chose "No": fewer than 5; "Yes" (6) is held back, or 8 − 6 would give the 2 away.
      expect(results.get('c1.o2')).toBe('fewer than 5');
      expect(results.get('c1.o1')).toBe('not shown');
      // The public pages after the next release.
      res = await coordinator.post('/monitoring/statistics', '/monitoring/statistics/publish', {});
      expect(res.statusCode).toBe(303);
      for (let i = 0; i < 200 && (await import('../../src/core/statistics/release.service.js').then((m) => m.releaseStatus(s.t.ctx.core.db))).building; i++)
        await new Promise((r) => setTimeout(r, 50));
      const pub = textOf((await s.reporter.inject({ method: 'GET', url: '/statistics/surveys?lang=en' })).body);
      expect(pub).toContain('Bucharest, spring');
      expect(pub).toContain('Did you get our safety leaflet?');
      const published = await s.t.ctx.core.db.selectFrom('audit_log').select('action').where('action', '=', 'statistics_published').execute();
      expect(published.length).toBe(1);
    });
  });
}
