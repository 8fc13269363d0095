/**
 * `parasol rights import`: what an operator sees and the exit code, on both
 * dialects. Without a file it loads the data shipped with Parasol.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rightsCommand } from '../../src/cli/rights.command.js';
import { loadConfig, type Config } from '../../src/config.js';
import { connect } from '../../src/db/connect.js';
import { BUNDLED_LEGAL_MODELS } from '../../src/core/rights/profiles.import.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

for (const { name, available } of DIALECTS) {
  describe.skipIf(!available)(`parasol rights import on ${name}`, () => {
    let database: TestDatabase;
    let config: Config;

    beforeAll(async () => {
      database = await freshDatabase(name);
      config = loadConfig({}, { dataDir: database.dataDir, databaseUrl: database.databaseUrl, sqliteFile: database.sqliteFile, insecureFastKdf: true, redisUrl: undefined });
    });
    afterAll(async () => {
      await database?.drop();
    });

    async function profileCount(): Promise<number> {
      const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
      try {
        const row = await handle.db
          .selectFrom('country_profiles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst();
        return Number(row?.n ?? 0);
      } finally {
        await handle.close();
      }
    }

    it('loads the shipped data: 54 profiles, exit code 0', async () => {
      const c = capture();
      expect(await rightsCommand(config, c.io, ['import'])).toBe(0);
      expect(c.out.join('\n')).toContain('Checked 54 rows: 54 profiles added, 0 updated, 0 rejected.');
      expect(c.err).toEqual([]);
      expect(await profileCount()).toBe(54);
    });

    it('imports the good rows of a file with bad ones, names every bad row with its reasons, and exits 1', async () => {
      const [header, ...lines] = fs.readFileSync(BUNDLED_LEGAL_MODELS, 'utf8').trimEnd().split('\n');
      const file = path.join(database.dataDir, 'models.csv');
      const good = lines.find((l) => l.startsWith('IS,'))!;
      const badModel = good.replace(/^IS,/, 'I1,').replace('partial_criminalisation_of_purchase', 'legalised');
      const badYear = lines.find((l) => l.startsWith('UA,'))!.replace(',1987,', ',1987a,');
      fs.writeFileSync(file, [header, good, badModel, badYear].join('\n') + '\n');
      const c = capture();
      expect(await rightsCommand(config, c.io, ['import', file])).toBe(1);
      expect(c.out.join('\n')).toContain('Checked 3 rows: 0 profiles added, 1 updated, 2 rejected.');
      const errors = c.err.join('\n');
      expect(errors).toContain('Row 3 (I1 Iceland) rejected:');
      expect(errors).toContain('iso2: "I1" is not a two-letter country code');
      expect(errors).toContain('legal_model: "legalised" is not one of criminalised, partial_criminalisation_of_purchase, partially_criminalised_other, regulated, decriminalised');
      expect(errors).toContain('Row 4 (UA Ukraine) rejected:');
      expect(errors).toContain('year_current_model: "1987a" is not a year between 1800 and now');
      expect(await profileCount()).toBe(54);
    });

    it('says what is wrong with a file it cannot use, and exits 1 or 2', async () => {
      const missing = capture();
      expect(await rightsCommand(config, missing.io, ['import', path.join(database.dataDir, 'nope.csv')])).toBe(1);
      expect(missing.err.join('\n')).toMatch(/No such file: .*nope\.csv/);

      const latin1 = path.join(database.dataDir, 'latin1.csv');
      fs.writeFileSync(latin1, Buffer.from([0x69, 0x73, 0x6f, 0x32, 0x0a, 0x52, 0xe9, 0x0a]));
      const enc = capture();
      expect(await rightsCommand(config, enc.io, ['import', latin1])).toBe(1);
      expect(enc.err.join('\n')).toContain('is not UTF-8 text');

      const noColumns = path.join(database.dataDir, 'cols.csv');
      fs.writeFileSync(noColumns, 'iso2,country\nFR,France\n');
      const cols = capture();
      expect(await rightsCommand(config, cols.io, ['import', noColumns])).toBe(1);
      expect(cols.err.join('\n')).toContain('Nothing imported: missing columns: subdivision_code, legal_model');

      const usage = capture();
      expect(await rightsCommand(config, usage.io, ['export'])).toBe(2);
      expect(usage.err.join('\n')).toContain('Usage: parasol rights import [FILE]');
      expect(await profileCount()).toBe(54);
    });
  });
}
