/**
 * Service descriptions in the reader's language (issue 17.7). An admin adds
 * descriptions per language to one of the organisation's services; a reader
 * sees their own language first, then the organisation's own description
 * (marked with its language when it is another), then any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationServices } from '../../src/core/services/services.repository.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { loginAs, surfaces, textOf, type Surfaces } from '../staff/support.js';

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

const GERMAN = 'Kostenlose Beratung für Sexarbeiterinnen, ohne Ausweis.';
const FRENCH = 'Consultations gratuites pour les travailleuses du sexe, sans pièce d’identité.';
const ENGLISH = 'Free advice for sex workers, no ID needed.';

describe('a service described in several languages', () => {
  it('shows French to a French reader, English to an English one, and the organisation’s own (German, marked) to others', async () => {
    const service = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).find((x) => x.status === 'active')!;
    // The organisation wrote its own description in German.
    await s.t.ctx.core.db.updateTable('services').set({ description: GERMAN }).where('id', '=', service.id).execute();

    const form = await admin.get(`/admin/services/${service.id}/descriptions`);
    expect(form.statusCode).toBe(200);
    for (const l of ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar']) expect(form.body).toContain(`name="description_${l}"`);
    const saved = await admin.post(`/admin/services/${service.id}/descriptions`, `/admin/services/${service.id}/descriptions`, { own_lang: 'de', description_fr: FRENCH, description_en: ENGLISH });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await admin.follow(saved)).body)).toContain('Saved.');

    const read = async (lang: string) => (await s.reporter.inject({ url: `/services/${service.id}?lang=${lang}` })).body;
    const fr = await read('fr');
    expect(fr).toContain(`<p class="text" dir="auto" lang="fr">${FRENCH}</p>`);
    expect(fr).not.toContain(ENGLISH);
    expect(fr).not.toContain('Kostenlose');
    expect(fr).not.toContain('data-written-in');

    const en = await read('en');
    expect(en).toContain(ENGLISH);
    expect(en).not.toContain(FRENCH);

    // No Arabic description: the organisation's own, marked as German.
    const ar = await read('ar');
    expect(ar).toContain(`<p class="text" dir="auto" lang="de">${GERMAN}</p>`);
    expect(textOf(ar)).toContain('مكتوب باللغة الألمانية');

    // The directory list picks the same way.
    const list = (await s.reporter.inject({ url: `/services?lang=fr` })).body;
    expect(list).toContain(FRENCH);
  });

  it('refuses an over-long description next to its field, keeping everything typed', async () => {
    const service = (await organisationServices(s.t.ctx.core.db, s.coordinator.organisationId)).find((x) => x.status === 'active')!;
    const long = 'ก'.repeat(1001);
    const res = await admin.post(`/admin/services/${service.id}/descriptions`, `/admin/services/${service.id}/descriptions`, { own_lang: 'de', description_fr: FRENCH, description_th: long });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#description_th"');
    expect(res.body).toContain('id="description_th-error"');
    expect(res.body).toContain(FRENCH);
    expect(res.body).toContain(long);
  });
});
