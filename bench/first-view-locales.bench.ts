/**
 * The first view of /report in every reporter language offered: the same
 * measure as first-view.bench.ts (an empty cache, gzip, headers counted),
 * with the browser asking for each language by Accept-Language. Prints each
 * language's bytes with its ratio to English (the baseline) and to the 14 KB
 * budget, and the largest.
 *
 *   npx tsx bench/first-view-locales.bench.ts
 */
import { REPORTER_LOCALES } from '../src/i18n/locales.js';
import { cleanupAll, cleanupOnSignals } from './cleanup.js';
import { measureFirstView, type FirstView } from './first-view.bench.js';
import { fixed, int, table, verdict } from './format.js';
import type { Target } from './http-client.js';

export const FIRST_VIEW_BUDGET = 14 * 1024;

export interface LocaleFirstView {
  readonly locale: string;
  readonly view: FirstView;
}

/** The first view of a page in every reporter language offered, English first. */
export async function measureFirstViewPerLocale(target: Target, pagePath = '/report'): Promise<LocaleFirstView[]> {
  const out: LocaleFirstView[] = [];
  for (const locale of REPORTER_LOCALES) out.push({ locale, view: await measureFirstView(target, pagePath, locale) });
  return out;
}

export function largest(views: readonly LocaleFirstView[]): LocaleFirstView {
  return views.reduce((a, b) => (b.view.withHeaders > a.view.withHeaders ? b : a));
}

export function printPerLocale(views: readonly LocaleFirstView[]): void {
  const base = views.find((v) => v.locale === 'en')?.view.withHeaders ?? views[0]!.view.withHeaders;
  console.log(`\nFirst view of /report per language (Accept-Language; body + headers; ratio to English and to ${int(FIRST_VIEW_BUDGET)} B)`);
  console.log(
    table(
      ['lang', 'body+headers B', '× en', '× budget', 'no-JS form', 'verdict'],
      views.map(({ locale, view }) => [
        locale,
        int(view.withHeaders),
        fixed(view.withHeaders / base, 3),
        fixed(view.withHeaders / FIRST_VIEW_BUDGET, 3),
        view.noScript.ok ? 'yes' : 'NO',
        verdict(view.withHeaders <= FIRST_VIEW_BUDGET && view.noScript.ok),
      ]),
      ['l', 'r', 'r', 'r', 'l', 'l'],
    ),
  );
  const top = largest(views);
  console.log(`  largest: ${top.locale}, ${int(top.view.withHeaders)} B of ${int(FIRST_VIEW_BUDGET)} B: ${verdict(top.view.withHeaders <= FIRST_VIEW_BUDGET)}`);
}

async function main(): Promise<number> {
  const { startParasol } = await import('./server.js');
  cleanupOnSignals();
  try {
    const server = await startParasol('sqlite', { intakePerMinute: 100 });
    const views = await measureFirstViewPerLocale(server.target);
    await server.stop();
    printPerLocale(views);
    return views.every((v) => v.view.withHeaders <= FIRST_VIEW_BUDGET) ? 0 : 1;
  } finally {
    await cleanupAll();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
