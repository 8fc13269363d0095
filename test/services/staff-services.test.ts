/**
 * The staff pages of the services directory, referrals and country profiles
 * over HTTP: admins keep the directory (form, CSV import and export),
 * caseworkers record referrals in a case, admins edit country profiles.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideProfileChange, listPendingChanges, nameEditor } from '../../src/core/rights/editors.service.js';
import { findProfile } from '../../src/core/rights/profiles.repository.js';
import { organisationServices } from '../../src/core/services/services.repository.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { extractCsrf } from '../helpers/forms.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, newStaffMember, submitReport, surfaces, textOf, type Surfaces } from '../staff/support.js';
import { csvOf, goodRow, twentyWithThreeBad } from './support.js';

let s: Surfaces;
let admin: StaffClient;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
  admin = new StaffClient(s.staff, s.clock);
  await loginAs(s, admin, s.coordinator);
});
afterAll(async () => {
  await s?.close();
});

const today = () => s.t.ctx.clock.now().toISOString().slice(0, 10);

/** The text of the error shown next to a field. */
function errorOf(html: string, id: string): string {
  const m = new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html);
  return m ? textOf(m[1]!.replace(/&quot;/g, '"')).trim() : '';
}

/** A multipart/form-data body as a browser sends the import form. */
function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = '----parasolTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(client: StaffClient, fields: Record<string, string>, file?: { name: string; content: Buffer | string }, withToken = true): Promise<LightMyRequestResponse> {
  const page = await client.get('/admin/services/import');
  const body = multipart({ ...(withToken ? { _csrf: extractCsrf(page.body) } : {}), ...fields }, file);
  return s.staff.inject({ method: 'POST', url: '/admin/services/import', headers: { cookie: client.cookieHeader, 'content-type': body.contentType }, payload: body.payload });
}

describe('who may use the admin pages', () => {
  it('only admins: a caseworker is refused, someone logged out is sent to log in', async () => {
    const account = await newStaffMember(s, 'caseworker', { username: 'cw-services', password: 'tangerine lighthouse 4471' });
    const caseworker = new StaffClient(s.staff, s.clock);
    await loginAs(s, caseworker, account);
    for (const url of ['/admin/services', '/admin/services/new', '/admin/services/import', '/admin/services/export.csv', '/admin/rights', '/admin/rights/FR']) {
      const res = await caseworker.get(url);
      expect(res.statusCode, url).toBe(403);
    }
    const before = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length;
    const imported = await upload(caseworker, {}, { name: 'x.csv', content: csvOf([goodRow(1)]) }, false);
    expect(imported.statusCode).toBe(403);
    expect((await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length).toBe(before);
    const anonymous = new StaffClient(s.staff, s.clock);
    const res = await anonymous.get('/admin/services');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('admins see the link in the navigation', async () => {
    const res = await admin.get('/admin/services');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/admin/services" aria-current="page">Services and rights</a>');
    expect(textOf(res.body)).toContain('Clinica Prima Linie');
  });
});

describe('the service form', () => {
  it('shows each error next to its field, keeps everything typed, then saves', async () => {
    const typed = {
      name: 'Clinica Nouă',
      description: 'Testare <b>gratuită</b>',
      categories: ['health', 'legal_aid'],
      country: 'RO',
      area: 'ro-bucharest',
      city: '',
      address: 'Strada Test 1',
      languages: 'ro klingon',
      phone: '+40 21 000 9999',
      email: 'not-an-email',
      website: 'http://clinica-noua.example.org',
      messaging: '',
      opening_hours: '9–17',
      cost: 'free',
      asks_for_id: 'no',
      shares_data_with_immigration: 'no',
      requires_police_report: 'no',
      sex_worker_led: 'unknown',
      trans_inclusive: 'yes',
      last_verified: '2999-01-01',
    };
    const bad = await admin.post('/admin/services/new', '/admin/services/new', typed);
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Please check');
    expect(errorOf(bad.body, 'languages')).toBe('"klingon" is not a language code. Use codes like ro, en or ru.');
    expect(errorOf(bad.body, 'email')).toBe('This does not look like an e-mail address.');
    expect(errorOf(bad.body, 'website')).toBe('Give a full https:// address.');
    expect(errorOf(bad.body, 'last_verified')).toBe('This date is in the future.');
    expect(errorOf(bad.body, 'name')).toBe('');
    for (const v of ['Clinica Nouă', 'Testare &lt;b>gratuită&lt;/b>', 'ro klingon', 'not-an-email', 'http://clinica-noua.example.org', '2999-01-01']) expect(bad.body).toContain(v);
    expect(bad.body).toMatch(/value="legal_aid" checked/);
    const good = await admin.post('/admin/services/new', '/admin/services/new', {
      ...typed,
      languages: 'ro en',
      email: 'contact@noua.example.org',
      website: 'https://clinica-noua.example.org',
      last_verified: today(),
    });
    expect(good.statusCode).toBe(303);
    const list = await admin.follow(good);
    expect(textOf(list.body)).toContain('Saved.');
    const stored = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).find((x) => x.name === 'Clinica Nouă')!;
    expect(stored).toMatchObject({ categories: ['health', 'legal_aid'], areaId: 'ro-bucharest', city: 'București', languages: ['ro', 'en'], website: 'https://clinica-noua.example.org/' });
    const pub = await s.reporter.inject({ url: '/services?place=ro-bucharest&lang=en' });
    expect(textOf(pub.body)).toContain('Clinica Nouă');
  });

  it('edits, retires (gone from the public directory) and restores a service', async () => {
    const service = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).find((x) => x.name === 'Centrul Pas cu Pas')!;
    const form = await admin.get(`/admin/services/${service.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Centrul Pas cu Pas"');
    const edited = await admin.post(`/admin/services/${service.id}`, `/admin/services/${service.id}`, {
      name: 'Centrul Pas cu Pas (Sector 3)',
      categories: ['harm_reduction'],
      country: 'RO',
      area: 'ro-bucharest',
      languages: 'ro',
      phone: service.phone,
      cost: 'free',
      asks_for_id: 'no',
      shares_data_with_immigration: 'unknown',
      requires_police_report: 'no',
      sex_worker_led: 'no',
      trans_inclusive: 'yes',
    });
    expect(edited.statusCode).toBe(303);
    const pub = () => s.reporter.inject({ url: '/services?lang=en' }).then((r) => textOf(r.body));
    expect(await pub()).toContain('Centrul Pas cu Pas (Sector 3)');
    const retired = await admin.post('/admin/services', `/admin/services/${service.id}/retire`, {});
    expect(retired.statusCode).toBe(303);
    expect(textOf((await admin.follow(retired)).body)).toContain('The service is retired: the public no longer sees it.');
    expect(await pub()).not.toContain('Centrul Pas cu Pas');
    await admin.post('/admin/services', `/admin/services/${service.id}/restore`, {});
    expect(await pub()).toContain('Centrul Pas cu Pas (Sector 3)');
  });

  it("cannot touch another organisation's services", async () => {
    const theirs = (await organisationServices(s.t.ctx.core.db, s.t.demoKeys.find((k) => k.organisation === 'soho-peers')!.organisationId))[0]!;
    expect((await admin.get(`/admin/services/${theirs.id}`)).statusCode).toBe(404);
    const res = await admin.post('/admin/services', `/admin/services/${theirs.id}/retire`, {});
    expect(res.statusCode).toBe(404);
    expect((await organisationServices(s.t.ctx.core.db, theirs.organisationId))[0]!.status).toBe('active');
  });
});

describe('CSV import and export', () => {
  it('a file of 20 services with 3 bad rows imports 17 and names the 3 with their reasons', async () => {
    const before = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length;
    const { csv, bad } = twentyWithThreeBad();
    const res = await upload(admin, {}, { name: 'services.csv', content: '\ufeff' + csv });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('20 rows checked: 17 added, 0 updated, 3 rejected.');
    const rows = [...res.body.matchAll(/<tr data-row="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ row: Number(m[1]), text: textOf(m[2]!) }));
    expect(rows.map((r) => r.row)).toEqual(bad.map((b) => b.row));
    expect(rows[0]!.text).toContain('Bad category clinic');
    expect(rows[0]!.text).toContain('categories "dentistry" is not a kind of help.');
    expect(rows[1]!.text).toContain('Bad firewall clinic');
    expect(rows[1]!.text).toContain('languages Give at least one language.');
    expect(rows[1]!.text).toContain('shares_data_with_immigration "maybe" is not an answer. Use yes, no or unknown.');
    expect(rows[2]!.text).toContain('Bad website clinic');
    expect(rows[2]!.text).toContain('country "XX" is not a country code we know.');
    expect(rows[2]!.text).toContain('website Give a full https:// address.');
    expect((await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length - before).toBe(17);
  });

  it('takes pasted CSV too, and refuses files it cannot read with a clear message and nothing imported', async () => {
    const count = async () => (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length;
    const before = await count();
    const pasted = await upload(admin, { csv: csvOf([goodRow(101, { name: 'Pasted clinic' })]) });
    expect(pasted.statusCode).toBe(200);
    expect(textOf(pasted.body)).toContain('1 row checked: 1 added, 0 updated, 0 rejected.');
    expect(textOf(pasted.body)).toContain('Every row was imported.');
    expect(await count()).toBe(before + 1);

    const latin1 = await upload(admin, {}, { name: 'l.csv', content: Buffer.from('name,categories,country,languages\nCl\xe9,health,RO,ro\n', 'latin1') });
    expect(latin1.statusCode).toBe(400);
    expect(errorOf(latin1.body, 'file')).toBe('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.');
    const noColumns = await upload(admin, { csv: 'name,country\nX,RO\n' });
    expect(textOf(noColumns.body)).toContain('The file lacks these columns: categories, languages.');
    expect(noColumns.body).toContain('name,country\nX,RO');
    const nothing = await upload(admin, {});
    expect(textOf(nothing.body)).toContain('Choose a file or paste the CSV text.');
    const big = await upload(admin, {}, { name: 'big.csv', content: Buffer.alloc(2 * 1024 * 1024 + 10, 0x41) });
    expect(big.statusCode).toBe(413);
    expect(textOf(big.body)).toContain('The file is larger than 2 MB.');
    const forged = await upload(admin, {}, { name: 'x.csv', content: csvOf([goodRow(102)]) }, false);
    expect(forged.statusCode).toBe(403);
    expect(await count()).toBe(before + 1);
  });

  it("exports the organisation's services as CSV, and logs the export", async () => {
    const res = await admin.get('/admin/services/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="parasol-services-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.body.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe(
      'id,name,description,categories,country,area,city,address,languages,phone,email,website,messaging,opening_hours,cost,asks_for_id,shares_data_with_immigration,requires_police_report,sex_worker_led,trans_inclusive,last_verified,status',
    );
    expect(res.body).toContain('Clinica Prima Linie');
    expect(res.body).not.toContain('Soho Walk-in');
    const audit = await s.t.ctx.core.db.selectFrom('audit_log').select(['action', 'detail', 'actor_user_id']).where('action', '=', 'export').execute();
    expect(audit.some((a) => a.actor_user_id === s.coordinator.userId && a.detail.includes('"services"'))).toBe(true);
  });
});

describe('referrals in a case', () => {
  it('a caseworker records a referral and its outcome; it is stored encrypted', async () => {
    const report = await submitReport(s, { area: 'ro-bucharest', category: ['sexual_violence'], lang: 'ro' });
    const page = await admin.get(`/reports/${report.reportId}/referrals`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('No referrals recorded yet.');
    const fits = /<optgroup label="Fit this report">([\s\S]*?)<\/optgroup>/.exec(page.body)![1]!;
    const firstOption = /<option value="([0-9a-f]{32})"[^>]*>([^<]+)<\/option>/.exec(fits)!;
    expect(firstOption[2]).toMatch(/^(Clinica Prima Linie|Asociația Juridică Drepturi pentru Toate|Clinica Nouă)/);
    // A service that may pass data to immigration is offered, but its label says so.
    expect(fits).toMatch(/Adăpostul Municipal de Urgență \(București\): [^<]* · Firewall: Risk: may share data with immigration</);

    const missing = await admin.post(`/reports/${report.reportId}/referrals`, `/reports/${report.reportId}/referrals`, { service: '', outcome: 'suggested', note: 'kept note' });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing.body, 'service')).toBe('Choose a service from the list.');
    expect(missing.body).toContain('kept note');

    const res = await admin.post(`/reports/${report.reportId}/referrals`, `/reports/${report.reportId}/referrals`, {
      service: firstOption[1]!,
      outcome: 'suggested',
      note: 'Wants an appointment on Monday',
    });
    expect(res.statusCode).toBe(303);
    const after = await admin.follow(res);
    const name = firstOption[2]!.split(' (')[0]!;
    expect(textOf(after.body)).toContain(name);
    expect(textOf(after.body)).toContain('Outcome: Suggested to the person');
    expect(textOf(after.body)).toContain('Wants an appointment on Monday');
    const rows = await s.t.ctx.core.db.selectFrom('case_referrals').selectAll().where('report_id', '=', report.reportId).execute();
    expect(rows).toHaveLength(1);
    const bytes = Buffer.from(rows[0]!.body);
    expect(bytes.includes(Buffer.from('Monday'))).toBe(false);
    expect(bytes.includes(Buffer.from(name))).toBe(false);
    expect(bytes.includes(Buffer.from(firstOption[1]!))).toBe(false);

    const updated = await admin.post(`/reports/${report.reportId}/referrals`, `/reports/${report.reportId}/referrals/${rows[0]!.id}`, { outcome: 'refused', note: 'They asked for a passport' });
    expect(updated.statusCode).toBe(303);
    const final = textOf((await admin.follow(updated)).body);
    expect(final).toContain('Outcome: The service refused, or asked for papers');
    expect(final).toContain('They asked for a passport');
  });

  it('another organisation cannot see or add referrals to the case', async () => {
    const report = await submitReport(s, { area: 'ro-bucharest' });
    const other = s.t.demoKeys.find((k) => k.organisation === 'soho-peers')!;
    const client = new StaffClient(s.staff, s.clock);
    await loginAs(s, client, other);
    expect((await client.get(`/reports/${report.reportId}/referrals`)).statusCode).toBe(404);
    const before = await s.t.ctx.core.db.selectFrom('case_referrals').select('id').where('report_id', '=', report.reportId).execute();
    const res = await client.post('/inbox', `/reports/${report.reportId}/referrals`, { service: '0'.repeat(32), outcome: 'suggested', note: '' });
    expect(res.statusCode).toBe(404);
    expect(await s.t.ctx.core.db.selectFrom('case_referrals').select('id').where('report_id', '=', report.reportId).execute()).toEqual(before);
  });
});

describe('country profiles', () => {
  it('an editor edits a profile: errors next to the field, then, once a second editor approves, the public page shows the change and the review day', async () => {
    // The coordinator and another organisation's coordinator are network editors (named by the operator).
    const second = s.t.demoKeys.find((k) => k.organisation === 'soho-peers' && k.role === 'admin')!;
    await nameEditor(s.t.ctx.core, s.coordinator.username);
    await nameEditor(s.t.ctx.core, second.username);
    const list = await admin.get('/admin/rights');
    expect(list.statusCode).toBe(200);
    expect([...list.body.matchAll(/<tr data-code="/g)]).toHaveLength(54);
    const form = await admin.get('/admin/rights/FR');
    expect(form.statusCode).toBe(200);
    const fr = (await findProfile(s.t.ctx.core.db, 'FR'))!;
    const fields = {
      country: 'France',
      legal_model: fr.legalModel,
      year_current_model: '2016',
      year_basis: fr.yearBasis,
      selling_sex_offence: fr.selling,
      selling_admin_offence: fr.sellingAdmin,
      buying_sex_offence: fr.buying,
      third_parties_criminalised: fr.thirdParties,
      non_eu_removal_or_entry_rule: fr.migrantRule,
      migrant_notes: fr.migrantNotes,
      notes: fr.notes,
      confidence: fr.confidence,
      confidence_reason: fr.confidenceReason,
      latest_source_year: '2017',
      safe_reporting: 'Some police stations in Paris accept complaints from undocumented victims with a support worker present.',
    };
    const bad = await admin.post('/admin/rights/FR', '/admin/rights/FR', { ...fields, sources: 'https://example.org/a\njavascript:alert(1)', year_current_model: '20x6' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad.body, 'sources')).toBe('"javascript:alert(1)" is not an http or https address.');
    expect(errorOf(bad.body, 'year_current_model')).toBe('"20x6" is not a year between 1800 and now.');
    expect(bad.body).toContain('Some police stations in Paris');
    const good = await admin.post('/admin/rights/FR', '/admin/rights/FR', { ...fields, sources: 'https://example.org/french-law\nhttp://old.example.org/page' });
    expect(good.statusCode).toBe(303);
    expect(textOf((await admin.follow(good)).body)).toContain('Your change is saved as a proposal.');
    const [change] = await listPendingChanges(s.t.ctx.core.db);
    expect(await decideProfileChange(s.t.ctx.core, { id: second.userId, organisationId: second.organisationId }, change!.id, true)).toBe('approved');
    const saved = (await findProfile(s.t.ctx.core.db, 'FR'))!;
    expect(saved).toMatchObject({ edited: true, reviewedDay: today(), sources: ['https://example.org/french-law', 'http://old.example.org/page'] });
    const pub = await s.reporter.inject({ url: '/rights/FR?lang=en' });
    const text = textOf(pub.body);
    expect(text).toContain('Some police stations in Paris accept complaints');
    expect(pub.body).toContain('href="https://example.org/french-law"');
    expect(text).toContain('old.example.org/page (not linked: not a secure https address)');
    expect(await findProfile(s.t.ctx.core.db, 'QQ')).toBeUndefined();
    expect((await admin.get('/admin/rights/QQ')).statusCode).toBe(404);
  });
});
