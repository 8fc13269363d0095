import { it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { buildRelease } from '../../src/core/statistics/release.service.js';
import { launchBrowser, startParasol } from '../helpers/browser.js';
import { seedStatistics } from './statistics-data.js';
it('size', async () => {
  const parasol = await startParasol();
  await seedStatistics(parasol.t.ctx.core.db, parasol.t.demoKeys);
  await buildRelease(parasol.t.ctx.core.db, parasol.t.ctx.clock, 5);
  const b = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.baseUrl, viewport: { width: 1280, height: 900 } });
  const p = await b.newPage();
  await p.goto(`${parasol.baseUrl}/statistics?lang=en`);
  console.log('elements', await p.evaluate(() => document.getElementsByTagName('*').length), 'svg', await p.evaluate(() => document.querySelectorAll('svg *').length));
  let t0 = Date.now(); await new AxeBuilder({ page: p }).analyze(); console.log('full', Date.now() - t0);
  t0 = Date.now(); await new AxeBuilder({ page: p }).exclude('svg *').analyze(); console.log('no svg inner', Date.now() - t0);
  t0 = Date.now(); await new AxeBuilder({ page: p }).disableRules(['color-contrast']).analyze(); console.log('no contrast', Date.now() - t0);
  await b.close(); await parasol.close();
}, 300000);
