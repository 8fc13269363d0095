import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/helpers/dialects.js';
import { connect } from './connect.js';
import { migrateDownAll, migrateToLatest, migrations } from './migrations.js';
import type { OrganisationId } from './ids.js';

/** Column names that would classify a person by immigration status (guarantee 1). */
const FORBIDDEN = /nationality|citizenship|residen|immigration_status|visa|passport|id_number|document_number|identity_card|national_id|birth_country|country_of_origin|ethnicity/i;

async function columns(handle: ReturnType<typeof connect>): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  return tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`migrations on ${name}`, () => {
    it('go up, down with data in place, and up again', async () => {
      const database = await freshDatabase(name);
      const handle = connect({ databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile });
      try {
        expect(await migrateToLatest(handle.db)).toEqual(Object.keys(migrations));
        expect(await migrateToLatest(handle.db)).toEqual([]);
        await handle.db
          .insertInto('organisations')
          .values({ id: 'o1' as OrganisationId, slug: 's', name: 'Org', is_default: 1, created_day: '2026-01-01' })
          .execute();
        await handle.db.insertInto('areas').values({ id: 'ro-x', country_code: 'RO', name: 'X' }).execute();
        await handle.db
          .insertInto('organisation_areas')
          .values({ organisation_id: 'o1' as OrganisationId, area_id: 'ro-x' })
          .execute();
        const cols = await columns(handle);
        expect(cols).toContain('reports.body');
        await migrateDownAll(handle.db);
        const after = (await handle.db.introspection.getTables()).map((t) => t.name).filter((t) => !t.startsWith('parasol_migrations'));
        expect(after).toEqual([]);
        await migrateToLatest(handle.db);
        const row = await sql<{ n: number }>`select count(*) as n from organisations`.execute(handle.db);
        expect(Number(row.rows[0]!.n)).toBe(0);
      } finally {
        await handle.close();
        await database.drop();
      }
    });

    it('hold no column for nationality, residence status, passport or ID numbers', async () => {
      const database = await freshDatabase(name);
      const handle = connect({ databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile });
      try {
        await migrateToLatest(handle.db);
        const cols = await columns(handle);
        expect(cols.length).toBeGreaterThan(40);
        expect(cols.filter((c) => FORBIDDEN.test(c))).toEqual([]);
      } finally {
        await handle.close();
        await database.drop();
      }
    });
  });
}

it('the forbidden-column pattern catches what it must', () => {
  for (const bad of ['users.nationality', 'reports.residence_status', 'contacts.passport_no', 'people.national_id']) expect(FORBIDDEN.test(bad)).toBe(true);
  for (const ok of ['reports.country_code', 'reports.categories', 'report_identifiers.hash']) expect(FORBIDDEN.test(ok)).toBe(false);
});
