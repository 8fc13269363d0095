/**
 * The services directory, referrals and know-your-rights pages over HTTP, as
 * a browser without JavaScript uses them: what a person reads, in their
 * language.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countryName } from '../../src/core/places/countries.js';
import { listProfiles } from '../../src/core/rights/profiles.repository.js';
import { GUIDE_SLUGS } from '../../src/core/rights/guides/index.js';
import { isLinkableSource, type CountryProfile } from '../../src/core/rights/legal-models.js';
import { insertService } from '../../src/core/services/services.repository.js';
import { direction, REPORTER_LOCALES, type ReporterLocale } from '../../src/i18n/locales.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { buildReporterApp } from '../../src/web/app.js';
import { MODEL_COLOURS } from '../../src/web/reporter/rights/rights-map.view.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { accessFrom, openForm, postForm, textOf, validReport } from '../helpers/forms.js';
import { parseServiceId, type ServiceId } from '../../src/core/shared/ids.js';

let t: TestContext;
let app: FastifyInstance;
let profiles: CountryProfile[];

beforeAll(async () => {
  t = await testContext(SURFACE_DIALECT);
  app = await buildReporterApp(t.ctx);
  profiles = await listProfiles(t.ctx.core.db);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

/** The service entries of a page, in the order shown: name and text. */
function entries(html: string): Array<{ id: ServiceId; name: string; text: string }> {
  return [...html.matchAll(/<article class="service" id="service-([0-9a-f]{32})"[^>]*>([\s\S]*?)<\/article>/g)].map((m) => ({
    id: parseServiceId(m[1])!,
    name: textOf(/<h[123][^>]*>([\s\S]*?)<\/h[123]>/.exec(m[2]!)![1]!).trim(),
    text: textOf(m[2]!),
  }));
}

describe('the directory', () => {
  it('lists the services with what they do, where, languages, contact and the firewall rating in plain words', async () => {
    const res = await get('/services?place=ro-bucharest&lang=en');
    expect(res.statusCode).toBe(200);
    const list = entries(res.body);
    expect(list.length).toBeGreaterThanOrEqual(8);
    const clinic = list.find((e) => e.name === 'Clinica Prima Linie')!;
    expect(clinic.text).toContain('Sexual and general health · HIV testing, PrEP and PEP');
    expect(clinic.text).toContain('Where București Romania');
    expect(clinic.text).toContain('Languages Romanian and English');
    expect(clinic.text).toContain('Firewall rating: good');
    expect(clinic.text).toContain('This service does not pass data to immigration authorities, does not ask for ID and does not need a police report.');
    expect(clinic.text).toContain('It does not share data with immigration authorities.');
    expect(clinic.text).toContain('It does not ask for ID or papers.');
    expect(clinic.text).toMatch(/Last checked by an organisation on \w+ \d+, \d{4}\./);
    expect(res.body).toContain('href="tel:+40210000101"');
    expect(res.body).toContain('href="https://prima-linie.example.org/"');
    const shelter = list.find((e) => e.name === 'Adăpostul Municipal de Urgență')!;
    expect(shelter.text).toContain('Firewall rating: risk');
    expect(shelter.text).toContain('It may share data with immigration authorities.');
    expect(shelter.text).toContain('It asks for ID or papers.');
    const crisis = list.find((e) => e.name === 'Centrul de Criză pentru Victimele Violenței Sexuale')!;
    expect(crisis.text).toContain('Firewall rating: ask first');
    expect(crisis.text).toContain('We do not know whether it shares data with immigration authorities.');
    expect(crisis.text).toContain('Not checked with the service yet.');
    // Every entry explains its rating.
    for (const e of list) expect(e.text).toMatch(/Firewall rating: (good|ask first|risk)/);
  });

  it('"does not share data with immigration" never shows a service rated "yes" or "unknown"', async () => {
    const everything = entries((await get('/services?lang=en')).body);
    expect(everything.some((e) => e.text.includes('It may share data with immigration authorities.'))).toBe(true);
    expect(everything.some((e) => e.text.includes('We do not know whether it shares data with immigration authorities.'))).toBe(true);
    for (const url of [
      '/services?noimm=1&lang=en',
      '/services?noimm=1&place=ro-bucharest&lang=en',
      '/services?noimm=1&place=GB&lang=en',
      '/services?noimm=1&category=shelter&lang=en',
      '/services?noimm=1&page=2&lang=en',
    ]) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/<input type="checkbox" id="noimm" name="noimm" value="1" checked/);
      const list = entries(res.body);
      for (const e of list) {
        expect(e.text, `${url}: ${e.name}`).toContain('It does not share data with immigration authorities.');
        expect(e.text).not.toContain('We do not know whether it shares data');
        expect(e.text).not.toContain('It may share data');
      }
    }
    const bucharest = entries((await get('/services?noimm=1&place=ro-bucharest&lang=en')).body).map((e) => e.name);
    expect(bucharest).toContain('Clinica Prima Linie');
    expect(bucharest).not.toContain('Adăpostul Municipal de Urgență');
    expect(bucharest).not.toContain('Bucharest Expat Medical Practice');
  });

  it('filters by category and language, and ignores values it does not know', async () => {
    const legal = entries((await get('/services?category=legal_aid&lang=en')).body);
    expect(legal.length).toBeGreaterThan(0);
    for (const e of legal) expect(e.text).toContain('Legal aid');
    const thai = entries((await get('/services?language=th&lang=en')).body);
    expect(thai.map((e) => e.name).sort()).toEqual(['Red Umbrella Peers London', 'Rotschirm Beratung']);
    const junk = await get('/services?place=%3Cscript%3E&category=nope&language=zz-top&lang=en');
    expect(junk.statusCode).toBe(200);
    expect(junk.body).not.toContain('<script>');
    expect(entries(junk.body).length).toBe(entries((await get('/services?lang=en')).body).length);
  });

  it('shows a service on its own page, and 404 for unknown or retired ones', async () => {
    const list = entries((await get('/services?lang=en')).body);
    const one = await get(`/services/${list[0]!.id}?lang=en`);
    expect(one.statusCode).toBe(200);
    expect(textOf(one.body)).toContain(list[0]!.name);
    expect((await get('/services/0123456789abcdef0123456789abcdef')).statusCode).toBe(404);
    expect((await get('/services/..%2F..%2Fetc')).statusCode).toBe(404);
    await t.ctx.core.db.updateTable('services').set({ status: 'retired' }).where('id', '=', list[0]!.id).execute();
    expect((await get(`/services/${list[0]!.id}`)).statusCode).toBe(404);
    expect(entries((await get('/services?lang=en')).body).map((e) => e.id)).not.toContain(list[0]!.id);
    await t.ctx.core.db.updateTable('services').set({ status: 'active' }).where('id', '=', list[0]!.id).execute();
  });

  it('renders what an admin typed as text, never as markup', async () => {
    const org = t.demoKeys.find((k) => k.organisation === 'rotschirm')!.organisationId;
    await insertService(
      t.ctx.core.db,
      org,
      {
        name: '<script>window.__xss=1</script>Evil',
        description: '<img src=x onerror=alert(1)>',
        categories: ['health'],
        countryCode: 'DE',
        areaId: 'de-berlin',
        city: 'Berlin',
        address: '"><b>bold</b>',
        languages: ['de'],
        phone: '',
        email: '',
        website: '',
        messaging: '<a href="javascript:alert(1)">x</a>',
        openingHours: '',
        cost: 'free',
        firewall: { asksForId: 'no', sharesWithImmigration: 'no', needsPoliceReport: 'no', sexWorkerLed: 'no', transInclusive: 'no', verifiedDay: null },
      },
      '2026-01-01',
    );
    const res = await get('/services?place=de-berlin&lang=en');
    expect(res.body).not.toContain('<script>window');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<b>bold</b>');
    expect(res.body).not.toContain('href="javascript:');
    expect(res.body).toContain('&lt;script>window.__xss=1&lt;/script>Evil');
    expect(textOf(res.body)).toContain('<img src=x onerror=alert(1)>');
  });

  it('speaks every reporter language, right to left in Arabic', async () => {
    for (const lang of REPORTER_LOCALES) {
      const tr = reporterTranslator(lang).t;
      const res = await get(`/services?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}" dir="${direction(lang)}">`);
      const text = textOf(res.body);
      expect(text).toContain(tr('services.title'));
      expect(text).toContain(tr('services.filter.noImmigration'));
      expect(text).toContain(tr('services.firewall.immigration.no'));
      expect(text).toContain(tr('services.category.legal_aid'));
    }
  });
});

describe('referrals after a report', () => {
  it('after sexual violence in Bucharest, reported in Romanian, the receipt lists Romanian-speaking health and legal services in Bucharest first', async () => {
    const ro = reporterTranslator('ro').t;
    const form = await openForm(app, '/report?lang=ro');
    const res = await postForm(app, '/report', form, validReport({ lang: 'ro', area: 'ro-bucharest', category: ['sexual_violence'], perpetrator: ['client'] }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ro"');
    const section = /<section class="referrals"[\s\S]*<\/section>/.exec(res.body)![0];
    expect(textOf(section)).toContain(ro('services.referrals.title'));
    const list = entries(section);
    expect(list.length).toBeGreaterThanOrEqual(3);
    const romanian = new Intl.DisplayNames(['ro'], { type: 'language' }).of('ro')!;
    const health = ro('services.category.health');
    const legal = ro('services.category.legal_aid');
    // The first three: in Bucharest, speaking Romanian, health care or legal aid; both kinds among them.
    for (const e of list.slice(0, 3)) {
      expect(e.text, e.name).toContain(`${ro('services.entry.place')} București ${countryName('RO', 'ro')}`);
      expect(e.text, e.name).toMatch(new RegExp(`${ro('services.entry.languages')} [^|]*${romanian}`, 'i'));
      expect(e.text.includes(health) || e.text.includes(legal), e.name).toBe(true);
    }
    expect(list.slice(0, 3).some((e) => e.text.includes(legal))).toBe(true);
    expect(list.slice(0, 3).some((e) => e.text.includes(health))).toBe(true);
    expect(list.slice(0, 3).map((e) => e.name)).toEqual(expect.arrayContaining(['Clinica Prima Linie', 'Asociația Juridică Drepturi pentru Toate']));
    // Never a service that may pass data to immigration authorities; never one from another country.
    expect(list.map((e) => e.name)).not.toContain('Adăpostul Municipal de Urgență');
    expect(list.map((e) => e.name)).not.toContain('Centrul de Sănătate Prietenos Chișinău');
    // The receipt page is shown once: links that leave it open a new tab.
    for (const m of section.matchAll(/<a ([^>]*)>/g)) {
      if (/href="(tel|mailto):/.test(m[1]!)) continue;
      expect(m[1], m[0]).toContain('target="_blank"');
    }
  });

  it('in English, an English-speaking service moves up among the ones that fit equally', async () => {
    const form = await openForm(app, '/report?lang=en');
    const res = await postForm(app, '/report', form, validReport({ lang: 'en', area: 'ro-bucharest', category: ['sexual_violence'] }));
    const names = entries(/<section class="referrals"[\s\S]*<\/section>/.exec(res.body)![0]).map((e) => e.name);
    const formRo = await openForm(app, '/report?lang=ro');
    const resRo = await postForm(app, '/report', formRo, validReport({ lang: 'ro', area: 'ro-bucharest', category: ['sexual_violence'] }));
    const namesRo = entries(/<section class="referrals"[\s\S]*<\/section>/.exec(resRo.body)![0]).map((e) => e.name);
    const expat = 'Bucharest Expat Medical Practice';
    expect(names).toContain(expat);
    expect(names.indexOf(expat)).toBeLessThan(namesRo.includes(expat) ? namesRo.indexOf(expat) : Infinity);
  });

  it('a labour case in London shows labour and legal help, and the follow-up page shows the referrals too', async () => {
    const form = await openForm(app, '/report?lang=en');
    const res = await postForm(app, '/report', form, validReport({ lang: 'en', area: 'gb-london', category: ['wages_withheld'] }));
    const list = entries(/<section class="referrals"[\s\S]*<\/section>/.exec(res.body)![0]);
    expect(list[0]!.name).toBe('East London Migrant Legal Collective');
    expect(list.map((e) => e.name)).not.toContain('Westminster Council Night Shelter');
    const receipt = /data-receipt="(\d{24})"/.exec(res.body)![1]!;
    const open = await postForm(app, '/follow-up', form, { lang: 'en', receipt });
    expect(open.statusCode).toBe(200);
    accessFrom(open.body);
    const again = entries(/<section class="referrals"[\s\S]*<\/section>/.exec(open.body)![0]);
    expect(again.map((e) => e.name)).toEqual(list.map((e) => e.name));
    expect(textOf(open.body)).toContain('Your rights in United Kingdom');
  });

  it('a place with no services says so and still links to the rights of the country', async () => {
    const form = await openForm(app, '/report?lang=en');
    const res = await postForm(app, '/report', form, validReport({ lang: 'en', area: 'elsewhere:IT', category: ['robbery'] }));
    const section = /<section class="referrals"[\s\S]*<\/section>/.exec(res.body)![0];
    expect(textOf(section)).toContain('We have no services listed for this place yet.');
    expect(section).toContain('href="/rights/IT?lang=en"');
  });
});

describe('country profiles', () => {
  it('every one of the 54 rows has a profile page with its model in plain words and all its sources', async () => {
    expect(profiles).toHaveLength(54);
    const en = reporterTranslator('en').t;
    for (const p of profiles) {
      const res = await get(`/rights/${p.code}?lang=en`);
      expect(res.statusCode, p.code).toBe(200);
      const text = textOf(res.body);
      expect(text).toContain(en(`rights.plain.${p.legalModel}`));
      expect(text).toContain(en(`rights.selling.${p.selling}`));
      expect(text).toContain(en(`rights.buying.${p.buying}`));
      expect(text).toContain(en(`rights.migrant.${p.migrantRule}`));
      expect(text).toContain(p.year === null ? 'not known' : String(p.year));
      expect(text).toMatch(/Last reviewed on \w+ \d+, \d{4}\./);
      for (const s of p.sources) {
        const shown = s.replace(/^https?:\/\//, '');
        if (isLinkableSource(s)) expect(res.body, `${p.code} ${s}`).toContain(`href="${s.replace(/&/g, '&amp;')}"`);
        else {
          expect(res.body).not.toContain(`href="${s.replace(/&/g, '&amp;')}"`);
          expect(text, `${p.code} ${s}`).toContain(`${shown} (not linked: not a secure https address)`);
        }
      }
      if (p.confidence === 'low') expect(text).toContain('Unverified: the sources for this country are weak or disagree.');
      else expect(text).not.toContain('Unverified:');
      expect(text).toContain('This is general information, not legal advice.');
    }
  });

  it('names parts of the United Kingdom, lists them on the country page, and refuses unknown codes', async () => {
    const gb = await get('/rights/GB?lang=en');
    expect(gb.statusCode).toBe(200);
    const text = textOf(gb.body);
    for (const part of ['England and Wales (United Kingdom)', 'Scotland (United Kingdom)', 'Northern Ireland (United Kingdom)']) expect(text).toContain(part);
    expect((await get('/rights/gb-sct?lang=en')).statusCode).toBe(200);
    expect(textOf((await get('/rights/GB-NIR?lang=en')).body)).toContain('Buying sex is punished');
    expect((await get('/rights/QQ')).statusCode).toBe(404);
    expect((await get('/rights/%3Cscript%3E')).statusCode).toBe(404);
  });

  it('shows profiles in every language, with the English research notes marked as English', async () => {
    for (const lang of REPORTER_LOCALES) {
      const tr = reporterTranslator(lang).t;
      const res = await get(`/rights/RO?lang=${lang}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}" dir="${direction(lang)}">`);
      const text = textOf(res.body);
      expect(text).toContain(countryName('RO', lang));
      expect(text).toContain(tr('rights.plain.partially_criminalised_other'));
      expect(text).toContain(tr('rights.disclaimer'));
      expect(res.body).toMatch(/<dl class="summary notes" lang="en" dir="ltr">/);
    }
  });
});

describe('the map', () => {
  it('colours every drawn country by its model, links it to its profile, and its table lists the same', async () => {
    const en = reporterTranslator('en').t;
    const res = await get('/rights/map?lang=en');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    const links = [
      ...body.matchAll(
        /<a href="\/rights\/([A-Z-]+)\?lang=en" aria-label="([^"]+)" class="country(?: dot)?" data-code="([A-Z-]+)" data-model="([a-z_]+)"><title>[^<]*<\/title><(?:path d="[^"]+"|circle [^>]*?) fill="(#[0-9a-f]{6})"/g,
      ),
    ];
    expect(links.length).toBeGreaterThanOrEqual(52);
    const byCode = new Map(profiles.map((p) => [p.code, p]));
    for (const [, href, label, code, model, fill] of links) {
      expect(href).toBe(code);
      const expected = code === 'GB' ? byCode.get('GB-EAW')! : byCode.get(code!)!;
      expect(expected, code).toBeDefined();
      expect(model, code).toBe(expected.legalModel);
      expect(fill, code).toBe(MODEL_COLOURS[expected.legalModel]);
      expect(label).toContain(en(`rights.model.${expected.legalModel}`));
    }
    const onMap = new Set(links.map((l) => l[3]!));
    for (const p of profiles) {
      if (p.code === 'NZ') continue;
      expect(onMap.has(p.code) || (p.iso2 === 'GB' && p.code !== 'GB-NIR' && onMap.has('GB')), p.code).toBe(true);
    }
    // Unverified countries are hatched.
    for (const code of ['BA', 'ME', 'MK', 'LI']) expect(body).toMatch(new RegExp(`data-code="${code}"[^>]*>(?:(?!</a>)[\\s\\S])*fill="url\\(#hatch\\)"`));
    // The table: one row per profile, with the same model and how it appears on the map.
    const rows = [...body.matchAll(/<tr data-code="([A-Z-]+)" data-model="([a-z_]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(54);
    for (const [, code, model, cells] of rows) {
      expect(model).toBe(byCode.get(code!)!.legalModel);
      expect(textOf(cells!)).toContain(en(`rights.model.${model}` as 'rights.model.regulated'));
    }
    const row = (code: string) => textOf(rows.find((r) => r[1] === code)![3]!);
    expect(row('XK')).toContain('Coloured outline (the map data has no country code for it, so it was matched by name)');
    expect(row('MT')).toContain('Dot (too small for the map data)');
    expect(row('LI')).toContain('Dot (too small for the map data)');
    expect(row('NZ')).toContain('Outside the map (shown for comparison)');
    expect(row('BA')).toContain('Unverified');
    expect(row('FR')).toContain('2016');
    // A legend names every model.
    for (const m of Object.keys(MODEL_COLOURS)) expect(body).toContain(`<li data-model="${m}">`);
    // No inline style anywhere (the CSP would block it).
    expect(body).not.toMatch(/\sstyle=/);
  });

  it('is the same map in Arabic, right to left, with names in Arabic', async () => {
    const res = await get('/rights/map?lang=ar');
    expect(res.body).toContain('<html lang="ar" dir="rtl">');
    expect(res.body).toContain(
      `aria-label="${reporterTranslator('ar').t('rights.map.countryLink', { country: countryName('FR', 'ar'), model: reporterTranslator('ar').t('rights.model.partial_criminalisation_of_purchase') })}"`,
    );
  });
});

describe('guides', () => {
  it('every guide exists in every language, with the disclaimer, and keeps the language in its links', async () => {
    for (const lang of REPORTER_LOCALES as readonly ReporterLocale[]) {
      const tr = reporterTranslator(lang).t;
      for (const slug of GUIDE_SLUGS) {
        const res = await get(`/rights/guides/${slug}?lang=${lang}`);
        expect(res.statusCode, `${lang} ${slug}`).toBe(200);
        const text = textOf(res.body);
        expect(text).toContain(tr('rights.disclaimer'));
        expect(res.body).toMatch(/<article class="guide"><h1>[^<]+<\/h1>/);
        for (const m of res.body.matchAll(/<article class="guide">[\s\S]*?<\/article>/g)) {
          for (const href of m[0].matchAll(/href="([^"]+)"/g)) {
            if (href[1]!.startsWith('/')) expect(href[1]).toContain(`lang=${lang}`);
            else expect(href[1]).toMatch(/^https:\/\//);
          }
        }
      }
    }
    const victims = textOf((await get('/rights/guides/victims?lang=en')).body);
    expect(victims).toContain('at least 30 days');
    expect(victims).toContain('residence permit');
    expect(victims).toContain('72 hours');
    expect((await get('/rights/guides/nope')).statusCode).toBe(404);
  });

  it('the rights hub lists every guide and every profile', async () => {
    const res = await get('/rights?lang=fr');
    const tr = reporterTranslator('fr').t;
    const text = textOf(res.body);
    for (const slug of GUIDE_SLUGS) expect(text).toContain(tr(`rights.guide.${slug}`));
    expect([...res.body.matchAll(/<a href="\/rights\/[A-Z]{2}(?:-[A-Z]{3})?\?lang=fr">/g)]).toHaveLength(54);
  });
});
