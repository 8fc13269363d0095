/**
 * Network content: country profiles, which every reporter of the network
 * reads, change only through network editors, and a change reaches the
 * public only once a second editor approves it. An organisation admin is not
 * an editor; an organisation publishes services only in the areas it covers.
 * The core rules run on SQLite and PostgreSQL; the pages on SURFACE_DIALECT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideProfileChange, nameEditor, proposeProfileChange, profileContent } from '../../src/core/rights/editors.service.js';
import { findProfile } from '../../src/core/rights/profiles.repository.js';
import { organisationServices } from '../../src/core/services/services.repository.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS, SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, surfaces, textOf, type Surfaces } from '../staff/support.js';
import { csvOf, goodRow } from './support.js';

const actor = (t: TestContext, slug: string) => {
  const k = t.demoKeys.find((d) => d.organisation === slug && d.role === 'admin')!;
  return { id: k.userId, organisationId: k.organisationId, username: k.username };
};

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`network editors and the two-editor rule on ${name}`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await testContext(name);
    });
    afterAll(async () => {
      await t?.close();
    });

    it("an admin cannot change another country's profile; an editor's change is shown only after a second editor approves it", async () => {
      const db = t.ctx.core.db;
      const ro = actor(t, 'umbrela-rosie');
      const gb = actor(t, 'soho-peers');
      const before = (await findProfile(db, 'FR'))!;
      const changed = { ...profileContent(before), safeReporting: 'A changed answer to "is it safe to report to police?"' };

      // An organisation admin is not an editor: refused, for another country and for its own.
      expect(await proposeProfileChange(t.ctx.core, ro, 'FR', changed)).toEqual({ kind: 'not-editor' });
      expect(await proposeProfileChange(t.ctx.core, ro, 'RO', { ...profileContent((await findProfile(db, 'RO'))!), notes: 'x' })).toEqual({ kind: 'not-editor' });

      // One editor alone: no one-person bypass, the action is unavailable.
      expect(await nameEditor(t.ctx.core, ro.username)).toBe('named');
      expect(await proposeProfileChange(t.ctx.core, ro, 'FR', changed)).toEqual({ kind: 'too-few', count: 1 });
      expect(await db.selectFrom('profile_changes').select('id').execute()).toEqual([]);

      expect(await nameEditor(t.ctx.core, gb.username)).toBe('named');
      const proposal = await proposeProfileChange(t.ctx.core, ro, 'FR', changed);
      expect(proposal.kind).toBe('proposed');
      const id = (proposal as { id: string }).id;
      expect((await findProfile(db, 'FR'))!.safeReporting).toBe(before.safeReporting);

      // The proposer cannot approve their own change.
      expect(await decideProfileChange(t.ctx.core, ro, id, true)).toBe('own');
      expect((await findProfile(db, 'FR'))!.safeReporting).toBe(before.safeReporting);

      expect(await decideProfileChange(t.ctx.core, gb, id, true)).toBe('approved');
      const after = (await findProfile(db, 'FR'))!;
      expect(after.safeReporting).toBe(changed.safeReporting);
      expect(after.changedByOrganisation).toBe(ro.organisationId);
      expect(after.changedDay).toBe(t.ctx.clock.now().toISOString().slice(0, 10));
      // Decided once only.
      expect(await decideProfileChange(t.ctx.core, gb, id, false)).toBe('not-found');
    });

    it('a change proposed before another was approved is not published over it', async () => {
      const db = t.ctx.core.db;
      const ro = actor(t, 'umbrela-rosie');
      const gb = actor(t, 'soho-peers');
      const base = profileContent((await findProfile(db, 'DE'))!);
      const first = (await proposeProfileChange(t.ctx.core, ro, 'DE', { ...base, notes: 'First' })) as { id: string };
      const second = (await proposeProfileChange(t.ctx.core, gb, 'DE', { ...base, notes: 'Second' })) as { id: string };
      expect(await decideProfileChange(t.ctx.core, ro, second.id, true)).toBe('approved');
      expect(await decideProfileChange(t.ctx.core, gb, first.id, true)).toBe('stale');
      expect((await findProfile(db, 'DE'))!.notes).toBe('Second');
    });

    it('a refused change leaves the profile as it was', async () => {
      const db = t.ctx.core.db;
      const ro = actor(t, 'umbrela-rosie');
      const gb = actor(t, 'soho-peers');
      const before = (await findProfile(db, 'SE'))!;
      const p = (await proposeProfileChange(t.ctx.core, gb, 'SE', { ...profileContent(before), notes: 'Refuse me' })) as { id: string };
      expect(await decideProfileChange(t.ctx.core, ro, p.id, false)).toBe('refused');
      expect((await findProfile(db, 'SE'))!.notes).toBe(before.notes);
    });
  });
}

describe('country profiles and services on the staff pages', () => {
  let s: Surfaces;
  let ro: StaffClient;
  const today = () => s.t.ctx.clock.now().toISOString().slice(0, 10);
  const fields = async (code: string) => {
    const p = (await findProfile(s.t.ctx.core.db, code))!;
    return {
      country: p.name,
      legal_model: p.legalModel,
      year_current_model: p.year === null ? '' : String(p.year),
      year_basis: p.yearBasis,
      selling_sex_offence: p.selling,
      selling_admin_offence: p.sellingAdmin,
      buying_sex_offence: p.buying,
      third_parties_criminalised: p.thirdParties,
      non_eu_removal_or_entry_rule: p.migrantRule,
      migrant_notes: p.migrantNotes,
      notes: p.notes,
      sources: p.sources.join('\n'),
      confidence: p.confidence,
      confidence_reason: p.confidenceReason,
      latest_source_year: p.latestSourceYear === null ? '' : String(p.latestSourceYear),
      safe_reporting: p.safeReporting,
    };
  };

  beforeAll(async () => {
    s = await surfaces(SURFACE_DIALECT);
    ro = new StaffClient(s.staff, s.clock);
    await loginAs(s, ro, s.coordinator);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("an organisation admin cannot open or change another country's profile, and is told why", async () => {
    const before = await findProfile(s.t.ctx.core.db, 'FR');
    const form = await ro.get('/admin/rights/FR');
    expect(form.statusCode).toBe(403);
    expect(textOf(form.body)).toContain('Only network editors change country profiles');
    expect(textOf(form.body)).toContain('parasol editor add USERNAME');
    const res = await ro.post('/admin/rights', '/admin/rights/FR', { ...(await fields('FR')), safe_reporting: 'Rewritten by another organisation' });
    expect(res.statusCode).toBe(403);
    expect(await findProfile(s.t.ctx.core.db, 'FR')).toEqual(before);
    const pub = await s.reporter.inject({ url: '/rights/FR?lang=en' });
    expect(pub.body).not.toContain('Rewritten by another organisation');
  });

  it('with one editor the change is unavailable and the page says what to do', async () => {
    expect(await nameEditor(s.t.ctx.core, s.coordinator.username)).toBe('named');
    const form = await ro.get('/admin/rights/FR');
    expect(form.statusCode).toBe(403);
    expect(textOf(form.body)).toContain('the network has only one editor. Ask the server’s operator to name a second editor with parasol editor add USERNAME.');
    const fr = await ro.get('/admin/rights/FR?lang=fr');
    expect(textOf(fr.body)).toContain('le réseau a un·e seul·e éditeur·ice');
    await ro.get('/admin/rights?lang=en');
  });

  it("an editor's change reaches the public only when a second editor approves it, and the profile then says who changed it and when", async () => {
    const gbKey = s.t.demoKeys.find((k) => k.organisation === 'soho-peers' && k.role === 'admin')!;
    expect(await nameEditor(s.t.ctx.core, gbKey.username)).toBe('named');
    const text = 'Police in Paris take complaints from undocumented victims with a support worker present.';
    const bad = await ro.post('/admin/rights/FR', '/admin/rights/FR', { ...(await fields('FR')), safe_reporting: text, year_current_model: '20x6' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(text);
    const proposed = await ro.post('/admin/rights/FR', '/admin/rights/FR', { ...(await fields('FR')), safe_reporting: text });
    expect(proposed.statusCode).toBe(303);
    expect(textOf((await ro.follow(proposed)).body)).toContain('Your change is saved as a proposal. The public sees it once a second editor approves it.');
    expect((await s.reporter.inject({ url: '/rights/FR?lang=en' })).body).not.toContain(text);

    const changes = await ro.get('/admin/rights/changes');
    expect(textOf(changes.body)).toContain('You proposed this change: another editor must decide it.');
    const id = /data-change="([0-9a-f]+)"/.exec(changes.body)![1]!;
    const own = await ro.post('/admin/rights/changes', `/admin/rights/changes/${id}/approve`, {});
    expect(textOf((await ro.follow(own)).body)).toContain('You proposed this change');
    expect((await s.reporter.inject({ url: '/rights/FR?lang=en' })).body).not.toContain(text);

    const gb = new StaffClient(s.staff, s.clock);
    await loginAs(s, gb, gbKey);
    const list = await gb.get('/admin/rights/changes');
    expect(textOf(list.body)).toContain(text);
    const approved = await gb.post('/admin/rights/changes', `/admin/rights/changes/${id}/approve`, {});
    expect(textOf((await gb.follow(approved)).body)).toContain('The change is approved and published.');

    const pub = textOf((await s.reporter.inject({ url: '/rights/FR?lang=en' })).body);
    expect(pub).toContain(text);
    const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${today()}T00:00:00Z`));
    expect(pub).toMatch(new RegExp(`Last changed by Umbrela Roșie on [^.]*${day.split(' ')[0]}`));
    const staffList = textOf((await gb.get('/admin/rights')).body);
    expect(staffList).toContain('Umbrela Roșie, ');
  });

  it('an organisation cannot publish a service outside the areas it covers (form and CSV import)', async () => {
    const before = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).length;
    const service = {
      name: 'London clinic',
      categories: 'health',
      country: 'GB',
      area: 'gb-london',
      city: '',
      address: '',
      languages: 'en',
      phone: '+44 20 7946 0000',
      email: '',
      website: '',
      messaging: '',
      opening_hours: '',
      cost: 'free',
      asks_for_id: 'no',
      shares_data_with_immigration: 'no',
      requires_police_report: 'no',
      sex_worker_led: 'unknown',
      trans_inclusive: 'unknown',
      last_verified: '',
      description: 'Typed by the admin',
    };
    const res = await ro.post('/admin/services/new', '/admin/services/new', service);
    expect(res.statusCode).toBe(400);
    expect(textOf(/<p class="error" id="area-error">([^<]*)<\/p>/.exec(res.body)?.[1] ?? '')).toContain('Your organisation covers only these areas: Chișinău, București, Cluj-Napoca.');
    expect(res.body).toContain('Typed by the admin');
    const countryWide = await ro.post('/admin/services/new', '/admin/services/new', { ...service, country: 'DE', area: '' });
    expect(countryWide.statusCode).toBe(400);
    expect(/<p class="error" id="country-error">([^<]*)<\/p>/.exec(countryWide.body)?.[1]).toContain('Your organisation covers no area in this country.');
    // The same rule on an import: the row outside the areas is refused, the good one kept.
    const page = await ro.get('/admin/services/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const boundary = '----networkTestBoundary';
    const csv = csvOf([goodRow(1), goodRow(2, { name: 'Berlin clinic', country: 'DE', area: 'de-berlin' })]);
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="csv"\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const imported = await s.staff.inject({
      method: 'POST',
      url: '/admin/services/import',
      headers: { cookie: ro.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(imported.statusCode).toBe(422);
    expect(textOf(imported.body)).toContain('Your organisation covers only these areas');
    const after = await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId);
    expect(after.length).toBe(before + 1);
    expect(after.some((x) => x.countryCode !== 'RO' && x.countryCode !== 'MD')).toBe(false);
  });
});
