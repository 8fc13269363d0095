/**
 * Long work shows progress: retention over many reports draws a bar on a
 * terminal and a few plain lines otherwise (logs, cron mail), counted in
 * reports; the same Progress as backups, with a unit of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rightsCommand } from '../../src/cli/rights.command.js';
import { loadConfig } from '../../src/config.js';
import { Progress, type ProgressStream } from '../../src/backup/progress.js';
import { runRetention } from '../../src/core/retention/retention.service.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { submitReport } from '../staff/support.js';
import { DAY_MS, installation, type Installation } from '../consent/support.js';

let s: Installation;
beforeAll(async () => {
  s = await installation(SURFACE_DIALECT, { graceMs: DAY_MS });
});
afterAll(async () => {
  await s?.close();
});

function stream(isTTY: boolean): ProgressStream & { text: string } {
  return {
    isTTY,
    columns: 120,
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
}

const reports = (n: number) => `${n} report${n === 1 ? '' : 's'}`;

describe('progress of retention', () => {
  it('plain lines without a terminal, a bar on one, counted in reports', async () => {
    for (let i = 0; i < 4; i++) await submitReport(s, { description: `old report ${i}` });
    await s.t.ctx.core.db.updateTable('reports').set({ status: 'closed', closed_day: '2000-01-01' }).execute();
    const plain = stream(false);
    const progress = new Progress(plain, 'Deleting closed reports past retention', null, Date.now, reports);
    const r = await runRetention(s.t.ctx.core, { graceMs: DAY_MS, onProgress: (done, total) => progress.update(done, total) });
    progress.finish(r.deleted);
    expect(r.deleted).toBe(4);
    expect(plain.text.split('\n').filter(Boolean)).toEqual([
      'Deleting closed reports past retention: 0% of 4 reports',
      'Deleting closed reports past retention: 25% (1 report of 4 reports)',
      'Deleting closed reports past retention: 50% (2 reports of 4 reports)',
      'Deleting closed reports past retention: 75% (3 reports of 4 reports)',
      'Deleting closed reports past retention: 100% (4 reports)',
    ]);

    const tty = stream(true);
    const bar = new Progress(tty, 'Deleting', 4, () => 0, reports);
    for (let i = 1; i <= 4; i++) bar.update(i);
    bar.finish();
    expect(tty.text).toContain('\rDeleting  [########################] 100%  4 reports / 4 reports');
  });
});

describe('progress of an import', () => {
  it('rights import draws a bar on a terminal, and nothing in plain output', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-import-'));
    try {
      const config = loadConfig({}, { dataDir: dir, databaseUrl: undefined, insecureFastKdf: true });
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      const tty = stream(true);
      expect(await rightsCommand(config, io, ['import'], tty)).toBe(0);
      const added = Number(/(\d+) profiles added/.exec(lines.join('\n'))?.[1]);
      expect(added).toBeGreaterThan(10);
      expect(tty.text).toContain(`100%  ${added} profiles / ${added} profiles`);
      const plain = stream(false);
      expect(await rightsCommand(config, io, ['import'], plain)).toBe(0);
      expect(plain.text).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
