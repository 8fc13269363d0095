/**
 * Public statistics on both databases, through the real reporter surface:
 * small cells read "fewer than 5" in HTML, CSV and JSON; no published total
 * or margin lets anyone compute a held-back cell (every table is checked);
 * reports whose reporter said no to statistics never count; the Soho and
 * Chinatown 2016 operation is in the operations table and the UK figures;
 * a survey wave with 4 responses publishes nothing, with 5 it publishes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/core/accounts/accounts.service.js';
import type { DemoKey } from '../../src/demo/demo.service.js';
import { audit, publishedView, type CellStatus } from '../../src/core/statistics/protect.js';
import { buildRelease, computeRelease, cutoffDayFor, releaseRelations, type ReleaseBody } from '../../src/core/statistics/release.service.js';
import { allTables } from '../../src/core/statistics/tables.js';
import { createWave, setWaveStatus, validateWave, publicWaveId } from '../../src/core/surveys/surveys.service.js';
import { surveyCells, waveResults } from '../../src/core/surveys/survey-cells.js';
import { findWave, responseCounts, answerCounts } from '../../src/core/surveys/surveys.service.js';
import { buildReporterApp } from '../../src/web/app.js';
import { fixedClock, testContext, type TestContext } from '../helpers/context.js';
import { DIALECTS } from '../helpers/dialects.js';
import { openForm, postForm, textOf, validReport } from '../helpers/forms.js';
import { derivableCells } from './derivability.js';
import { cityCells, publishedRelations, seenCells } from './relations.js';
import { insertReports } from './support.js';
import { parseCsv } from '../../src/core/statistics/csv.js';
import { deleteReport } from '../../src/core/retention/retention.service.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { protect } from '../../src/core/statistics/protect.js';
import { aggregateReports, citiesOf, familyOfKey } from '../../src/core/statistics/report-cells.js';
import type { OrganisationId } from '../../src/core/shared/ids.js';

const NOW = '2026-05-04T09:00:00.000Z';

function staffUser(k: DemoKey): StaffUser {
  return { id: k.userId, organisationId: k.organisationId, role: k.role === 'admin' ? 'admin' : 'custodian', displayName: 'test', username: k.username };
}

/** The row of a CSV file whose first column is `row`, as column → value. */
function csvRow(csv: string, row: string): Record<string, string> {
  const [header, ...rows] = parseCsv(csv);
  const found = rows.find((r) => r.fields[0] === row);
  if (!found) throw new Error(`no row ${row}`);
  return Object.fromEntries(header!.fields.map((h, i) => [h, found.fields[i] ?? '']));
}

/** The cells of one row of a table in an HTML page, as text. */
function htmlRow(html: string, table: string, row: string): string[] {
  const t = new RegExp(`<table[^>]*data-table="${table}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!t) throw new Error(`no table ${table}`);
  const r = new RegExp(`<tr[^>]*data-row="${row}"[^>]*>([\\s\\S]*?)</tr>`).exec(t[1]!);
  if (!r) throw new Error(`no row ${row} in ${table}`);
  return [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!).trim());
}

/** Neither exact sums nor label bounds let a reader compute any held-back cell of the release. */
function expectNothingDerivable(rb: ReleaseBody): void {
  const seen = new Map([...seenCells(rb), ...cityCells(rb)]);
  expect(derivableCells(seen, publishedRelations(rb))).toEqual([]);
  const statuses = new Map(Object.entries(rb.cells).map(([k, v]) => [k, (typeof v === 'number' ? 'shown' : v) as CellStatus]));
  const values = new Map(Object.entries(rb.cells).map(([k, v]) => [k, typeof v === 'number' ? v : 0]));
  expect(audit(publishedView(values, statuses), releaseRelations(rb), 5, { lpLimit: 400 }).exposed).toEqual([]);
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`public statistics (${name})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    let org: OrganisationId;

    beforeAll(async () => {
      t = await testContext(name, { clock: fixedClock(NOW) });
      app = await buildReporterApp(t.ctx);
      org = t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!.organisationId;
      const db = t.ctx.core.db;
      // Moldova: exactly four reports, the cell that must read "fewer than 5".
      await insertReports(db, org, [{ country: 'MD', area: 'md-chisinau', month: '2025-02', categories: ['robbery'] }], 4);
      await insertReports(db, org, [{ country: 'RO', area: 'ro-bucharest', month: '2025-01', categories: ['robbery', 'threats'], police: 'anonymous' }], 12);
      await insertReports(db, org, [{ country: 'RO', area: 'ro-bucharest', month: '2025-02', categories: ['raid', 'confiscation'], perpetrators: ['police_officer'] }], 9);
      await insertReports(db, org, [{ country: 'RO', area: 'ro-cluj', month: '2024-11', categories: ['wages_withheld'], perpetrators: ['manager'] }], 7);
      await insertReports(db, org, [{ country: 'RO', area: null, month: null, categories: ['threats'] }], 3);
      await insertReports(db, org, [{ country: 'GB', area: 'gb-london', month: '2025-03', categories: ['physical_assault', 'robbery'], police: 'identified' }], 6);
      await insertReports(db, org, [{ country: 'GB', area: 'gb-london', month: '2025-01', categories: ['sexual_violence'], perpetrators: ['stranger'] }], 5);
      await insertReports(db, org, [{ country: 'FR', area: 'fr-paris', month: '2025-03', categories: ['deportation_threats'], perpetrators: ['police_officer'] }], 4);
      await insertReports(db, org, [{ country: 'FR', area: 'fr-paris', month: '2024-12', categories: ['police_intimidation', 'robbery'], perpetrators: ['police_officer', 'client'] }], 4);
      await insertReports(db, org, [{ country: 'DE', area: 'de-berlin', month: '2024-12', categories: ['refused_services'], perpetrators: ['other_official'] }], 3);
      await insertReports(db, org, [{ country: 'DE', area: 'de-berlin', month: '2025-02', categories: ['hate_crime', 'threats'], perpetrators: ['stranger'] }], 3);
      await insertReports(db, org, [{ country: 'KZ', area: 'kz-almaty', month: '2025-01', categories: ['extortion'] }], 2);
      // Never counted: no consent, spam, and a report received after the cut-off day.
      await insertReports(db, org, [{ country: 'MD', categories: ['robbery'], statistics: false }], 20);
      await insertReports(db, org, [{ country: 'TM', categories: ['trafficking'], spam: true }], 9);
      await insertReports(db, org, [{ country: 'UZ', categories: ['removal'], day: '2026-05-02' }], 9);
      await buildRelease(db, t.ctx.clock, 5);
    });

    afterAll(async () => {
      await app?.close();
      await t?.close();
    });

    it('a cell with 4 reports reads "fewer than 5" in the HTML page, the CSV file and the JSON', async () => {
      const html = (await app.inject({ method: 'GET', url: '/statistics?lang=en' })).body;
      expect(htmlRow(html, 'reports-by-country', 'MD')[0]).toBe('fewer than 5');
      const csv = (await app.inject({ method: 'GET', url: '/open-data/reports-by-country.csv' })).body;
      expect(csvRow(csv, 'MD').reports).toBe('fewer than 5');
      const json = JSON.parse((await app.inject({ method: 'GET', url: '/open-data/statistics.json' })).body);
      const table = json.tables.find((x: { id: string }) => x.id === 'reports-by-country');
      expect(table.rows.find((r: { row: string }) => r.row === 'MD').values.reports).toBe('fewer than 5');
      // And the true count appears nowhere as a number for Moldova.
      const cat = json.tables.find((x: { id: string }) => x.id === 'categories-by-country');
      expect(cat.rows.find((r: { row: string }) => r.row === 'robbery').values.MD).toBe('fewer than 5');
      // A count of 12 is shown as itself, in all three.
      expect(htmlRow(html, 'reports-by-country', 'RO')[0]).not.toMatch(/fewer/);
    });

    it('counts only triaged reports: k−1 fake reports nobody has triaged do not lift a cell of one real report over k, and the page says so', async () => {
      const db = t.ctx.core.db;
      // One real report in Armenia that a caseworker has triaged, and four fakes consenting to statistics that nobody has looked at.
      await insertReports(db, org, [{ country: 'AM', categories: ['extortion'] }], 1);
      await insertReports(db, org, [{ country: 'AM', categories: ['extortion'], triaged: false }], 4);
      const release = await computeRelease(db, t.ctx.clock, 5);
      expect(release.cells['total|c.AM|*']).toBe('small');
      expect(release.cells['cat.extortion|c.AM|*']).toBe('small');
      const counted = async () => (await aggregateReports(db, cutoffDayFor(t.ctx.clock))).totals.filter((r) => r.country === 'AM').reduce((n, r) => n + r.n, 0);
      expect(await counted()).toBe(1);
      // Once a caseworker has triaged them, they count (the comparison can fail).
      await db.updateTable('reports').set({ status: 'in_progress' }).where('country_code', '=', 'AM').execute();
      expect(await counted()).toBe(5);
      await db.deleteFrom('reports').where('country_code', '=', 'AM').execute();
      // Deleting an untriaged report leaves no anonymous record for statistics either.
      await insertReports(db, org, [{ country: 'AL', triaged: false }], 1);
      const fake = await db.selectFrom('reports').select('id').where('country_code', '=', 'AL').executeTakeFirstOrThrow();
      const records = async () =>
        Number(
          (
            await db
              .selectFrom('statistics_records')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await records();
      await deleteReport(db, fake.id, true);
      expect(await records()).toBe(before);
      for (const lang of ['en', 'fr', 'es', 'ro', 'ru', 'th', 'ar'] as const) {
        const html = (await app.inject({ method: 'GET', url: `/statistics?lang=${lang}` })).body;
        expect(textOf(html)).toContain(reporterTranslator(lang).t('stats.triaged'));
      }
      expect(textOf((await app.inject({ method: 'GET', url: '/statistics?lang=en' })).body)).toContain('Only reports that a caseworker has already checked are counted.');
    });

    it('no published total or margin lets anyone compute a held-back cell, in any published table', async () => {
      const body = (JSON.parse((await app.inject({ method: 'GET', url: '/open-data/statistics.json' })).body) as { release: { id: string } }).release;
      const release = await t.ctx.core.db.selectFrom('stats_releases').select('body').where('id', '=', body.id).executeTakeFirstOrThrow();
      const rb = JSON.parse(release.body) as ReleaseBody;
      // Every table the pages and files show is made of release cells, and the JSON shows exactly them.
      const json = JSON.parse((await app.inject({ method: 'GET', url: '/open-data/statistics.json' })).body) as {
        tables: Array<{ id: string; rows: Array<{ row: string; values: Record<string, unknown> }> }>;
      };
      const tables = allTables(rb);
      expect(json.tables.map((x) => x.id)).toEqual(tables.map((x) => x.id));
      let checked = 0;
      for (const table of tables) {
        const published = json.tables.find((x) => x.id === table.id)!;
        for (const row of table.rows.filter((r) => r.kind !== 'heading')) {
          row.cells.forEach((cell, i) => {
            if (!cell.key) return;
            const v = rb.cells[cell.key];
            expect(cell.value).toEqual(v);
            const shown = published.rows.find((r) => r.row === row.id)!.values[table.columns[i]!.id];
            expect(shown).toBe(typeof v === 'number' ? v : v === 'small' ? 'fewer than 5' : 'not shown');
            checked++;
          });
        }
      }
      expect(checked).toBeGreaterThan(1000);
      // Exact linear derivation from every sum the tables state (written independently of the protection code)...
      const seen = new Map([...seenCells(rb), ...cityCells(rb)]);
      expect(derivableCells(seen, publishedRelations(rb))).toEqual([]);
      // ...and from the bounds the labels give as well ("fewer than 5" is 1 to 4): the LP audit of every relation.
      const statuses = new Map(Object.entries(rb.cells).map(([k, v]) => [k, (typeof v === 'number' ? 'shown' : v) as CellStatus]));
      const values = new Map(Object.entries(rb.cells).map(([k, v]) => [k, typeof v === 'number' ? v : 0]));
      const moldova = audit(publishedView(values, statuses), releaseRelations(rb), 5, { lpLimit: 400 });
      expect(moldova.exposed).toEqual([]);
      expect(moldova.ranges.get('total|c.MD|*')!.hi - moldova.ranges.get('total|c.MD|*')!.lo).toBeGreaterThanOrEqual(1);
      // Something was protected: the test would catch a publication that held back nothing.
      expect(Object.values(rb.cells).filter((v) => v === 'hidden').length).toBeGreaterThan(0);
    });

    it('reports whose reporter said no to statistics never count anywhere', async () => {
      const db = t.ctx.core.db;
      const before = await computeRelease(db, t.ctx.clock, 5);
      // Forty more reports without consent, all over the tables, and one sent through the form saying no.
      await insertReports(db, org, [{ country: 'MD', categories: ['robbery', 'sexual_violence'], police: 'identified', statistics: false }], 20);
      await insertReports(db, org, [{ country: 'GB', area: 'gb-london', month: '2025-03', categories: ['physical_assault'], statistics: false }], 20);
      const form = await openForm(app, '/report?lang=en');
      const sent = await postForm(app, '/report', form, validReport({ area: 'md-chisinau', statistics: 'no', incident_date: '2025-02-10' }));
      expect(sent.statusCode).toBe(200);
      const noConsent = await db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('statistics_consent', '=', 0)
        .executeTakeFirstOrThrow();
      expect(Number(noConsent.n)).toBeGreaterThanOrEqual(61);
      const after = await computeRelease(db, t.ctx.clock, 5);
      expect(after.cells).toEqual(before.cells);
      expect(after.cities).toEqual(before.cities);
      // The same reports with consent would have changed the figures: the comparison can fail.
      await insertReports(db, org, [{ country: 'MD', categories: ['robbery'], day: '2025-04-03' }], 20);
      const withConsent = await computeRelease(db, t.ctx.clock, 5);
      expect(withConsent.cells['total|c.MD|*']).not.toEqual(before.cells['total|c.MD|*']);
      await db.deleteFrom('reports').where('created_day', '=', '2025-04-03').execute();
    });

    it('cities are shown only where they have at least 5 reports, and the rest of the country adds up', async () => {
      // Romania: Bucharest 21, Cluj-Napoca 7, and 3 without a city. Showing Cluj would leave "elsewhere in
      // Romania" at 3, which the country total would give away: so Cluj is folded into the rest (10).
      expect(
        citiesOf(
          'RO',
          31,
          [
            { area: 'ro-bucharest', n: 21 },
            { area: 'ro-cluj', n: 7 },
          ],
          5,
        ),
      ).toEqual([
        { country: 'RO', area: 'ro-bucharest', n: 21 },
        { country: 'RO', area: null, n: 10 },
      ]);
      expect(citiesOf('KZ', 6, [{ area: 'kz-almaty', n: 6 }], 5)).toEqual([{ country: 'KZ', area: 'kz-almaty', n: 6 }]);
      expect(citiesOf('MD', 8, [{ area: 'md-chisinau', n: 5 }], 5)).toEqual([]);
      const rb = await computeRelease(t.ctx.core.db, t.ctx.clock, 5);
      expect(rb.cities.length).toBeGreaterThan(0);
      for (const country of new Set(rb.cities.map((c) => c.country))) {
        const rows = rb.cities.filter((c) => c.country === country);
        const total = rb.cells[`total|c.${country}|*`];
        // Only under a shown country total, every number at least k, adding up to the total.
        expect(typeof total).toBe('number');
        expect(rows.every((c) => c.n >= 5)).toBe(true);
        expect(rows.reduce((a, c) => a + c.n, 0)).toBe(total);
      }
      const html = (await app.inject({ method: 'GET', url: '/statistics?lang=en' })).body;
      const cities = textOf(new RegExp('<table[^>]*data-table="reports-by-city"[^>]*>([\\s\\S]*?)</table>').exec(html)![1]!);
      for (const c of rb.cities) expect(cities).toContain(`${c.name ?? `Elsewhere in ${c.country === 'RO' ? 'Romania' : c.country}`} ${c.n}`);
      expect(cities).not.toContain('Cluj');
      expect(cities).not.toContain('Almaty');
    });

    it('the Soho and Chinatown 2016 operation is in the operations table and the UK figures: 0 victims identified per 18 arrested', async () => {
      const html = (await app.inject({ method: 'GET', url: '/statistics/operations?lang=en' })).body;
      const list = new RegExp('<table[^>]*data-table="operations"[^>]*>([\\s\\S]*?)</table>').exec(html)![1]!;
      expect(textOf(list)).toContain('London (Soho and Chinatown), United Kingdom');
      expect(textOf(list)).toMatch(/2016 London \(Soho and Chinatown\)/);
      expect(textOf(list)).toContain('Premises targeted: 6');
      expect(textOf(list)).toContain('Arrested: 18');
      expect(textOf(list)).toContain('Removed on immigration grounds: 12');
      expect(textOf(list)).toContain('Of whom held for other offences: 6');
      expect(textOf(list)).toContain('Identified as victims of trafficking: 0');
      const uk = htmlRow(html, 'operations-by-country-year', 'GB-2016');
      expect(uk[0]).toBe('2016');
      expect(uk[1]).toBe('1');
      expect(uk).toContain('0 identified per 18 arrested');
      expect(uk).toContain('12 removed in 1 operation');
      // In the open data too.
      const csv = (await app.inject({ method: 'GET', url: '/open-data/operations-by-country-year.csv' })).body;
      const row = parseCsv(csv).find((r) => r.fields[0] === 'GB' && r.fields[1] === '2016')!;
      const header = parseCsv(csv)[0]!.fields;
      const get = (c: string) => row.fields[header.indexOf(c)];
      expect([get('arrested'), get('victims_identified'), get('victims_per_arrested'), get('removed'), get('removed_per_operation')]).toEqual(['18', '0', '0', '12', '12']);
      // And in the UK evidence report for 2016.
      const report = textOf((await app.inject({ method: 'GET', url: '/statistics/evidence?country=GB&from=2016&to=2016&lang=en' })).body);
      expect(report).toContain('Operations in United Kingdom, 2016 to 2016');
      expect(report).toContain('0 identified per 18 arrested');
    });

    it('a survey wave with 4 responses publishes nothing; with 5, it publishes', async () => {
      const db = t.ctx.core.db;
      const coordinator = t.demoKeys.find((k) => k.organisation === 'parapluie-paris' && k.role === 'admin')!;
      const user = staffUser(coordinator);
      const waveIds: string[] = [];
      for (const title of ['Four answers', 'Five answers']) {
        const v = await validateWave(db, { title, countryCode: 'SE', areaId: '', startsDay: '2026-05-01', endsDay: '2026-05-31', languages: ['en', 'fr'], custom: [] });
        if (!v.ok) throw new Error(JSON.stringify(v.problems));
        const id = await createWave(t.ctx.core, user, v.value);
        expect(await setWaveStatus(t.ctx.core, user, id, 'open')).toBe(true);
        waveIds.push(id);
      }
      const answer = async (id: string, fields: Record<string, string | string[]>) => {
        const form = await openForm(app, `/surveys/${id}?lang=en`);
        return postForm(app, `/surveys/${id}`, form, { lang: 'en', ...fields });
      };
      // Nothing is stored before submit: opening the form and sending it with a mistake leave no trace.
      await openForm(app, `/surveys/${waveIds[0]}`);
      const wrong = await answer(waveIds[0]!, { trust_police: 'a_lot', police_experience: ['none', 'intimidation'] });
      expect(wrong.statusCode).toBe(400);
      expect(textOf(wrong.body)).toContain('“None of these” cannot be chosen together with other answers.');
      expect(wrong.body).toMatch(/value="a_lot"[^>]*checked/);
      expect((await responseCounts(db, waveIds)).size).toBe(0);
      for (let i = 0; i < 4; i++) expect((await answer(waveIds[0]!, { trust_police: 'not_at_all', would_report: 'no', why_not_report: ['fear_immigration'] })).statusCode).toBe(303);
      for (let i = 0; i < 5; i++)
        expect((await answer(waveIds[1]!, { trust_police: i < 3 ? 'not_at_all' : 'a_little', would_report: 'no', why_not_report: ['fear_immigration'] })).statusCode).toBe(303);
      expect(Object.fromEntries(await responseCounts(db, waveIds))).toEqual({ [waveIds[0]!]: 4, [waveIds[1]!]: 5 });
      // Results are published only after the wave closes.
      const open = await computeRelease(db, t.ctx.clock, 5);
      expect(open.surveys.waves.map((w) => w.title)).not.toContain('Five answers');
      for (const id of waveIds) await setWaveStatus(t.ctx.core, user, id, 'closed');
      await buildRelease(db, t.ctx.clock, 5);
      const json = JSON.parse((await app.inject({ method: 'GET', url: '/open-data/statistics.json' })).body) as {
        surveys: Array<{ id: string; title: string; published: boolean; respondents: number | null }>;
        tables: Array<{ id: string; rows: Array<{ row: string; values: Record<string, unknown> }> }>;
      };
      const four = json.surveys.find((w) => w.title === 'Four answers')!;
      const five = json.surveys.find((w) => w.title === 'Five answers')!;
      expect(four).toMatchObject({ published: false, respondents: null });
      expect(five).toMatchObject({ published: true, respondents: 5 });
      expect(json.tables.some((x) => x.id === `survey-${four.id}`)).toBe(false);
      expectNothingDerivable(await computeRelease(db, t.ctx.clock, 5));
      const table = json.tables.find((x) => x.id === `survey-${five.id}`)!;
      expect(table.rows.find((r) => r.row === 'n')!.values.people).toBe(5);
      expect(table.rows.find((r) => r.row === 'would_report.no')!.values.people).toBe(5);
      expect(table.rows.find((r) => r.row === 'trust_police.not_at_all')!.values.people).toBe('fewer than 5');
      // The four answers are not part of any pooled figure either: Sweden's legal model counts only the published wave.
      const pooled = json.tables.find((x) => x.id === 'survey-by-legal-model')!;
      expect(pooled.rows.find((r) => r.row === 'n')!.values.partial_criminalisation_of_purchase).toBe(5);
      const html = textOf((await app.inject({ method: 'GET', url: '/statistics/surveys?lang=en' })).body);
      expect(html).toContain('Four answers');
      expect(html).toContain('Results not published: fewer than 5 people answered.');
      // The monitors' own view follows the same rule.
      expect(await waveResults(db, (await findWave(db, waveIds[0]!))!, 5)).toBeNull();
      expect((await waveResults(db, (await findWave(db, waveIds[1]!))!, 5))!.n).toBe(5);
      // Survey cells are protected like every other cell (checked here on the wave alone).
      const w = (await findWave(db, waveIds[1]!))!;
      const cells = surveyCells([w], await responseCounts(db, [w.id]), await answerCounts(db, [w.id]), 5);
      const p = protect({ values: cells.values, relations: cells.relations, k: 5, familyOf: familyOfKey });
      expect(audit(publishedView(cells.values, p.status), cells.relations, 5).exposed).toEqual([]);
      expect(p.status.get(`sv.trust_police|w.${publicWaveId(w.id)}|a_little`)).toBe('small');
    });

    it('the survey form is closed outside its period and after closing', async () => {
      const res = await app.inject({ method: 'GET', url: `/surveys/${'0'.repeat(32)}` });
      expect(res.statusCode).toBe(404);
      expect(textOf(res.body)).toContain('This survey is not open');
    });
  });
}
