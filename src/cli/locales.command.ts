/**
 * `parasol locales`: the languages of the registry (src/i18n/locales.ts), for
 * translators and coordinators: each one's status on each surface
 * ('reviewed' or 'needs review'), whether its catalog is there (a registered
 * language without its catalog is not offered yet) and, for reporters,
 * which rights guides it still lacks. Reads files only, no configuration.
 */
import { GUIDE_SLUGS, guideFile } from '../core/rights/guides/index.js';
import { hasCatalog } from '../i18n/files.js';
import { LOCALES, type LocaleEntry } from '../i18n/locales.js';
import fs from 'node:fs';
import type { Io } from './io.js';

function cell(l: LocaleEntry, surface: 'reporter' | 'staff'): string {
  const status = l[surface];
  if (!status) return '-';
  return hasCatalog(surface, l.code) ? status : `${status}, not offered: no catalog`;
}

export async function localesCommand(io: Io): Promise<number> {
  const rows = (LOCALES as readonly LocaleEntry[]).map((l) => {
    const guides = l.reporter ? GUIDE_SLUGS.filter((g) => !fs.existsSync(guideFile(l.code, g))) : [];
    return [l.code, l.endonym, l.dir, cell(l, 'reporter'), cell(l, 'staff'), guides.length ? `guides missing: ${guides.join(' ')}` : ''];
  });
  const header = ['code', 'name', 'dir', 'reporter', 'staff', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  for (const r of [header, ...rows])
    io.out(
      r
        .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
        .join('  ')
        .trimEnd(),
    );
  return 0;
}
