/**
 * The first view of /report (empty cache, gzip, headers counted) stays
 * within 14,336 bytes in every reporter language offered, asked for by
 * Accept-Language as a browser does; the bench prints the same figures
 * (bench/first-view-locales.bench.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_VIEW_BUDGET, largest, measureFirstViewPerLocale, type LocaleFirstView } from '../../bench/first-view-locales.bench.js';
import { REPORTER_LOCALES } from '../../src/i18n/locales.js';
import { startServers } from '../../src/web/server.js';
import { testContext, type TestContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';

describe('the first view of /report in every language', () => {
  let t: TestContext;
  let servers: Awaited<ReturnType<typeof startServers>>;
  let views: LocaleFirstView[];
  beforeAll(async () => {
    t = await testContext(SURFACE_DIALECT);
    servers = await startServers(t.ctx);
    views = await measureFirstViewPerLocale({ host: '127.0.0.1', port: Number(new URL(servers.reporterUrl).port) });
  });
  afterAll(async () => {
    await servers?.close();
    await t?.close();
  });

  it('works without script in each, and the largest is within 14,336 bytes with headers', () => {
    expect(views.map((v) => v.locale)).toEqual([...REPORTER_LOCALES]);
    for (const { locale, view } of views) {
      expect(view.noScript.ok, locale).toBe(true);
      expect(view.withHeaders, locale).toBeLessThanOrEqual(FIRST_VIEW_BUDGET);
    }
    const top = largest(views);
    expect(top.view.withHeaders, top.locale).toBeLessThanOrEqual(14_336);
  });
});
