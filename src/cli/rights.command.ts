/**
 * `parasol rights import [FILE]`: loads country profiles from a legal-models
 * CSV through the validated import. Without FILE it loads the data shipped
 * with Parasol. Every rejected row is named with its reasons; good rows are
 * imported all the same, and profiles an admin has edited are kept.
 *
 * Exit codes: 0 every row imported; 1 a row was rejected or the file could
 * not be read; 2 wrong usage.
 */
import fs from 'node:fs';
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrations.js';
import { BUNDLED_LEGAL_MODELS, describeProfileProblem, importProfilesCsv, readCsvFile } from '../core/rights/profiles.import.js';
import { Progress, type ProgressStream } from '../backup/progress.js';
import type { Io } from './io.js';

const USAGE = 'Usage: parasol rights import [FILE]   (without FILE: the legal-models data shipped with Parasol)';

export async function rightsCommand(config: Config, io: Io, args: readonly string[], stream: ProgressStream = process.stderr): Promise<number> {
  const [sub, file, ...extra] = args;
  if (sub !== 'import' || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  const path = file ?? BUNDLED_LEGAL_MODELS;
  if (!fs.existsSync(path) || !fs.statSync(path).isFile()) {
    io.err(`No such file: ${path}`);
    return 1;
  }
  const text = readCsvFile(path);
  if (text === null) {
    io.err(`${path} is not UTF-8 text. Save it as CSV UTF-8 and try again.`);
    return 1;
  }
  io.out(`Reading ${path} ...`);
  const handle = connect({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
  try {
    await migrateToLatest(handle.db);
    const today = new Date().toISOString().slice(0, 10);
    // A bar on a terminal only: a few hundred rows take a second, and plain lines would be noise in logs.
    const progress = stream.isTTY ? new Progress(stream, 'Importing country profiles', null, Date.now, (n) => `${n} profile${n === 1 ? '' : 's'}`) : null;
    const result = await importProfilesCsv(handle.db, text, { today, onProgress: (done, total) => progress?.update(done, total) });
    if (result.ok) progress?.finish();
    else progress?.abort();
    if (!result.ok) {
      io.err(`Nothing imported: ${result.detail}.`);
      return 1;
    }
    io.out(`Checked ${result.rows} rows: ${result.inserted.length} profiles added, ${result.updated.length} updated, ${result.rejected.length} rejected.`);
    if (result.keptEdited.length) io.out(`Kept as an admin edited them (not overwritten): ${result.keptEdited.join(', ')}.`);
    for (const r of result.rejected) {
      io.err(`Row ${r.row}${r.label ? ` (${r.label})` : ''} rejected:`);
      for (const p of r.problems) io.err(`  - ${describeProfileProblem(p)}`);
    }
    return result.rejected.length ? 1 : 0;
  } finally {
    await handle.close();
  }
}
