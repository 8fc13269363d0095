/**
 * The services directory, referrals and country profiles over a real
 * database, on SQLite and PostgreSQL: CSV import and export, the public
 * filter, ranking of referrals, encrypted case referrals, and the validated
 * import of the legal-models data.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../../src/core/cases/cases.service.js';
import { toStaffUser } from '../../src/core/accounts/accounts.service.js';
import { BUNDLED_LEGAL_MODELS, importProfilesCsv } from '../../src/core/rights/profiles.import.js';
import { findProfile, listProfiles, saveApprovedProfile } from '../../src/core/rights/profiles.repository.js';
import { listReferrals, recordReferral, referralAad, referralsForReport, updateReferral } from '../../src/core/services/referrals.service.js';
import { exportServicesCsv, importServicesCsv } from '../../src/core/services/services.csv.js';
import { directory, organisationServices } from '../../src/core/services/services.repository.js';
import { submitReport } from '../../src/core/reports/reports.service.js';
import { ciphertextFromBytes, decryptJson } from '../../src/crypto/index.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { csvOf, goodRow, twentyWithThreeBad } from './support.js';
import { asOrganisationId, asUserId, type OrganisationId } from '../../src/core/shared/ids.js';

const today = new Date().toISOString().slice(0, 10);

for (const { name: dialect, available } of DIALECTS) {
  describe.skipIf(!available)(`services and rights on ${dialect}`, () => {
    let t: TestContext;
    let orgId: OrganisationId;

    beforeAll(async () => {
      t = await testContext(dialect);
      orgId = t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!.organisationId;
    });
    afterAll(async () => {
      await t?.close();
    });

    const areas = () => t.ctx.core.db.selectFrom('areas').selectAll().execute();

    it('imports 17 of 20 services and names the 3 bad rows with every reason', async () => {
      const before = (await organisationServices(t.ctx.core.db, orgId)).length;
      const { csv, bad } = twentyWithThreeBad();
      const result = await importServicesCsv(t.ctx.core.db, csv, { organisationId: orgId, areas: await areas(), today });
      if (!result.ok) throw new Error(`file refused: ${result.problem.code}`);
      expect(result.rows).toBe(20);
      expect(result.added).toBe(17);
      expect(result.rejected.map((r) => ({ row: r.row, name: r.name, codes: r.problems.map((p) => p.code).sort() }))).toEqual(bad.map((b) => ({ ...b, codes: [...b.codes].sort() })));
      const after = await organisationServices(t.ctx.core.db, orgId);
      expect(after.length - before).toBe(17);
      const names = after.map((s) => s.name);
      for (const b of bad) expect(names).not.toContain(b.name);
      // What was stored is what the file said, quotes, commas and line breaks included.
      const third = after.find((s) => s.name === 'Imported clinic 3')!;
      expect(third.description).toBe('Row 3, with a comma, "quotes" and a line\nbreak');
      expect(third.city).toBe('Constanța');
      const first = after.find((s) => s.name === 'Imported clinic 1')!;
      expect(first.areaId).toBe('ro-bucharest');
      expect(first.city).toBe('București');
      expect(first.categories).toEqual(['health', 'hiv_prep']);
    });

    it('refuses a file without the required columns, and imports nothing from it', async () => {
      const before = (await organisationServices(t.ctx.core.db, orgId)).length;
      const result = await importServicesCsv(t.ctx.core.db, csvOf([goodRow(1)], ['name', 'country']), { organisationId: orgId, areas: await areas(), today });
      expect(result).toEqual({ ok: false, problem: { code: 'missingColumns', columns: ['categories', 'languages'] } });
      expect((await organisationServices(t.ctx.core.db, orgId)).length).toBe(before);
    });

    it('exports a CSV that imports back unchanged, with formula-like cells guarded', async () => {
      const db = t.ctx.core.db;
      const other = t.demoKeys.find((k) => k.organisation === 'rotschirm')!.organisationId;
      await importServicesCsv(db, csvOf([goodRow(40, { name: '=HYPERLINK("https://evil.example")', phone: '+49 30 1234 5678', country: 'DE', area: 'de-berlin' })]), {
        organisationId: other,
        areas: await areas(),
        today,
      });
      const { csv, count } = await exportServicesCsv(db, other);
      const services = await organisationServices(db, other);
      expect(count).toBe(services.length);
      expect(csv.startsWith('\ufeffid,name,description,categories,country,area')).toBe(true);
      expect(csv).toContain(`'=HYPERLINK(`);
      expect(csv).toContain(`'+49 30 1234 5678`);
      const again = await importServicesCsv(db, csv, { organisationId: other, areas: await areas(), today });
      if (!again.ok) throw new Error(again.problem.code);
      expect(again.rejected).toEqual([]);
      expect(again.added).toBe(0);
      expect(again.updated).toBe(services.length);
      const after = await organisationServices(db, other);
      const strip = (list: typeof after) => list.map((s) => ({ ...s, updatedDay: '' }));
      expect(strip(after)).toEqual(strip(services));
      expect(after.find((s) => s.name.startsWith('=HYPERLINK'))?.phone).toBe('+49 30 1234 5678');
    });

    it('the filter "does not share data with immigration" never returns a service rated yes or unknown', async () => {
      const db = t.ctx.core.db;
      const all = await db.selectFrom('services').select(['shares_with_immigration']).where('status', '=', 'active').execute();
      // The data holds all three answers, so the filter has something to leave out.
      expect(new Set(all.map((r) => r.shares_with_immigration))).toEqual(new Set(['yes', 'no', 'unknown']));
      for (const filter of [{}, { country: 'RO' }, { country: 'RO', areaId: 'ro-bucharest' }, { category: 'shelter' as const }, { language: 'ro' }, { country: 'GB' }]) {
        const first = await directory(db, { ...filter, noImmigrationSharing: true });
        const unfiltered = await directory(db, filter);
        const seen = [];
        for (let page = 1; page <= first.pages; page++) seen.push(...(await directory(db, { ...filter, noImmigrationSharing: true, page })).entries);
        expect(seen.length).toBe(first.total);
        expect(seen.map((s) => s.firewall.sharesWithImmigration).filter((a) => a !== 'no')).toEqual([]);
        // And it leaves out exactly those: every active "no" entry of the place is still there.
        expect(first.total).toBe(unfiltered.total - (await countNotNo(filter)));
      }
      async function countNotNo(filter: Partial<Record<'country' | 'areaId' | 'category' | 'language', string>>) {
        let q = db
          .selectFrom('services')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'active')
          .where('shares_with_immigration', '!=', 'no');
        if (filter.country) q = q.where('country_code', '=', filter.country);
        if (filter.areaId) q = q.where((eb) => eb.or([eb('area_id', '=', filter.areaId!), eb.and([eb('area_id', 'is', null), eb('city', '=', '')])]));
        if (filter.category) q = q.where('categories', 'like', `%${filter.category}%`);
        if (filter.language) q = q.where('languages', 'like', `%${filter.language}%`);
        return Number((await q.executeTakeFirst())?.n ?? 0);
      }
    });

    it('ranks referrals by place, then the kind of help the incident needs, then the language', async () => {
      const db = t.ctx.core.db;
      const ranked = await referralsForReport(db, { countryCode: 'RO', areaId: 'ro-bucharest', categories: ['sexual_violence'], language: 'ro' }, 50);
      const names = ranked.map((r) => r.service.name);
      // Never a service that may pass data to immigration authorities.
      expect(ranked.every((r) => r.service.firewall.sharesWithImmigration !== 'yes')).toBe(true);
      expect(names).not.toContain('Adăpostul Municipal de Urgență');
      // First: in Bucharest, health or legal aid, speaking Romanian.
      const firstTier = ranked.filter((r) => r.place === 3 && r.fit === 3);
      expect(ranked.slice(0, firstTier.length)).toEqual(firstTier);
      const lead = ranked.slice(0, 3).map((r) => r.service);
      for (const s of lead) {
        expect(s.areaId).toBe('ro-bucharest');
        expect(s.languages).toContain('ro');
        expect(s.categories.some((c) => c === 'health' || c === 'hiv_prep' || c === 'legal_aid')).toBe(true);
      }
      expect(lead.some((s) => s.categories.includes('legal_aid'))).toBe(true);
      expect(lead.some((s) => s.categories.includes('health'))).toBe(true);
      // The English-only practice fits as well, but comes after every Romanian-speaking one of its tier.
      const expat = names.indexOf('Bucharest Expat Medical Practice');
      const lastRomanianHealth = Math.max(...ranked.map((r, i) => (r.place === 3 && r.fit === 3 && r.language === 1 ? i : -1)));
      expect(expat).toBeGreaterThan(lastRomanianHealth);
      // Places outside the area come after every Bucharest service.
      const firstElsewhere = ranked.findIndex((r) => r.place < 3);
      expect(ranked.slice(firstElsewhere).every((r) => r.place < 3)).toBe(true);
      // In English, the English-speaking practice moves up within its tier.
      const en = await referralsForReport(db, { countryCode: 'RO', areaId: 'ro-bucharest', categories: ['sexual_violence'], language: 'en' }, 50);
      expect(en.map((r) => r.service.name).indexOf('Bucharest Expat Medical Practice')).toBeLessThan(expat);
    });

    it('records referrals encrypted under the report key, bound to their row, and updates outcomes', async () => {
      const db = t.ctx.core.db;
      const coordinator = t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
      const submitted = await submitReport(t.ctx.core, {
        countryCode: 'RO',
        areaId: 'ro-bucharest',
        organisationId: null,
        placeDetail: '',
        incidentDate: null,
        categories: ['sexual_violence'],
        perpetratorTypes: ['client'],
        description: 'x',
        identifiers: [],
        wantsSupport: true,
        warnOthers: false,
        statistics: false,
        police: 'none',
        contact: null,
        language: 'ro',
      });
      if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
      const userRow = await db.selectFrom('users').selectAll().where('id', '=', coordinator.userId).executeTakeFirstOrThrow();
      const user = toStaffUser(userRow);
      const access = await caseAccess(t.ctx.core, user, coordinator.keyPair, submitted.reportId);
      if (access.kind !== 'ok') throw new Error(access.kind);
      const service = (await organisationServices(db, coordinator.organisationId)).find((s) => s.name === 'Clinica Prima Linie')!;
      const id = await recordReferral(t.ctx.core, user, access, { serviceId: service.id, outcome: 'suggested', note: 'Prefers mornings' });
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      const row = await db.selectFrom('case_referrals').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
      const bytes = Buffer.from(row.body);
      for (const secret of ['Clinica', 'Prima Linie', 'Prefers mornings', 'suggested', service.id]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.subarray(0, 3).toString()).toBe('PSL');
      // Bound to its row: the same ciphertext under another referral id does not open.
      expect(() => decryptJson(access.contentKey, ciphertextFromBytes(bytes), referralAad(submitted.reportId, 'f'.repeat(32)))).toThrow(/authentication failed/);
      await updateReferral(t.ctx.core, user, access, id!, { outcome: 'accepted', note: 'Went on Tuesday' });
      const list = await listReferrals(t.ctx.core, user, access);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ serviceId: service.id, serviceName: 'Clinica Prima Linie', outcome: 'accepted', note: 'Went on Tuesday' });
      // Retired services cannot be chosen.
      await db.updateTable('services').set({ status: 'retired' }).where('id', '=', service.id).execute();
      expect(await recordReferral(t.ctx.core, user, access, { serviceId: service.id, outcome: 'suggested', note: '' })).toBeNull();
      await db.updateTable('services').set({ status: 'active' }).where('id', '=', service.id).execute();
      // Both the write and the read are in the audit log, without content.
      const audit = await db.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', submitted.reportId).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['note_added', 'report_read']));
      expect(audit.map((a) => a.detail).join(' ')).not.toMatch(/Clinica|mornings|accepted/);
    });

    it('loads all 54 rows of the shipped legal-models data as profiles', async () => {
      const profiles = await listProfiles(t.ctx.core.db);
      expect(profiles).toHaveLength(54);
      expect(new Set(profiles.map((p) => p.iso2)).size).toBe(52);
      expect(
        profiles
          .filter((p) => p.iso2 === 'GB')
          .map((p) => p.code)
          .sort(),
      ).toEqual(['GB-EAW', 'GB-NIR', 'GB-SCT']);
      const se = profiles.find((p) => p.code === 'SE')!;
      expect(se).toMatchObject({ legalModel: 'partial_criminalisation_of_purchase', year: 1999, buying: 'all', migrantRule: 'general_grounds_used', confidence: 'high' });
      expect(se.sources[0]).toBe('https://en.wikipedia.org/wiki/Nordic_model_approach_to_prostitution');
      expect(
        profiles
          .filter((p) => p.confidence === 'low')
          .map((p) => p.code)
          .sort(),
      ).toEqual(['BA', 'LI', 'ME', 'MK']);
    });

    it('imports the good rows of a legal-models file, names each bad row, and keeps admin edits', async () => {
      const db = t.ctx.core.db;
      const text = fs.readFileSync(BUNDLED_LEGAL_MODELS, 'utf8');
      const [header, ...lines] = text.trimEnd().split('\n');
      const fr = lines.find((l) => l.startsWith('FR,'))!;
      const bad1 = fr.replace('partial_criminalisation_of_purchase', 'nordic').replace(/^FR,/, 'ZZ,');
      const bad2 = lines
        .find((l) => l.startsWith('DE,'))!
        .replace(/https:\/\/[^ ,|"]+/g, 'javascript:alert(1)')
        .replace(/http:\/\/[^ ,|"]+/g, 'javascript:alert(1)');
      const se = await findProfile(db, 'SE');
      await saveApprovedProfile(db, 'SE', { ...se!, safeReporting: 'Edited by an admin' }, today, asUserId('u1'), asOrganisationId('org1'));
      const file = [header, fr, bad1, lines.find((l) => l.startsWith('SE,'))!, bad2].join('\n');
      const result = await importProfilesCsv(db, file, { today: '2026-06-01' });
      if (!result.ok) throw new Error(result.detail);
      expect(result.rows).toBe(4);
      expect(result.updated).toEqual(['FR']);
      expect(result.keptEdited).toEqual(['SE']);
      expect(result.rejected.map((r) => [r.row, r.label, r.problems.map((p) => `${p.field}:${p.code}`)])).toEqual([
        [3, 'ZZ France', ['legal_model:badValue']],
        [5, 'DE Germany', expect.arrayContaining(['sources:badSource'])],
      ]);
      expect((await findProfile(db, 'SE'))!.safeReporting).toBe('Edited by an admin');
      expect((await findProfile(db, 'FR'))!.reviewedDay).toBe('2026-06-01');
      expect((await findProfile(db, 'DE'))!.sources.some((s) => s.startsWith('javascript:'))).toBe(false);
    });
  });
}
