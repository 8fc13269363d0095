/**
 * Attachments in Chromium with JavaScript OFF (issue 17, item 10): a phone
 * photo with its GPS position is chosen in the report form's file input, and
 * the caseworker's download has no EXIF at all (read with exifr); a file over
 * the limit brings the form back with the message next to the field and
 * everything typed kept. Every changed page has no axe-core violation, in
 * English and Arabic (staff pages: English); axe runs as a script, so those
 * checks walk the same steps in a browser with JavaScript on.
 */
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import exifr from 'exifr';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/core/attachments/attachments.service.js';
import type { DemoKey } from '../../src/demo/demo-key.js';
import { reporterTranslator } from '../../src/i18n/reporter/index.js';
import { CHROMIUM_AVAILABLE, fillReport, launchBrowser, londonReport, navigate, openReport, readReceipt, screenshot, startParasol, type Browser, type RunningParasol } from '../helpers/browser.js';
import { describeViolations, staffLogin, staffT } from '../helpers/staff-browser.js';
import { gpsJpeg } from '../helpers/uploads.js';

const bucharest = (description: string) => londonReport({ area: 'ro-bucharest', phone: '0721 234 567', description });

async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(describeViolations(await new AxeBuilder({ page }).analyze())).toBe('');
}

describe.skipIf(!CHROMIUM_AVAILABLE)('attachments in Chromium, JavaScript off', () => {
  let parasol: RunningParasol;
  let reporterBrowser: Browser;
  /** JavaScript on: for axe-core, which runs as a script in the page. */
  let reporterAxeBrowser: Browser;
  let staffBrowser: Browser;
  let demo: DemoKey;
  let photo: Buffer;

  beforeAll(async () => {
    parasol = await startParasol();
    demo = parasol.t.demoKeys.find((k) => k.organisation === 'umbrela-rosie')!;
    reporterBrowser = await launchBrowser({ javaScriptEnabled: false, allowedOrigin: parasol.servers.reporterUrl });
    reporterAxeBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.reporterUrl });
    // The caseworker's side needs no script either; it runs with JavaScript on so that axe-core can check the case page.
    staffBrowser = await launchBrowser({ javaScriptEnabled: true, allowedOrigin: parasol.servers.staffUrl, viewport: { width: 1280, height: 900 } });
    photo = await gpsJpeg();
  }, 60_000);

  afterAll(async () => {
    await reporterBrowser?.close();
    await reporterAxeBrowser?.close();
    await staffBrowser?.close();
    await parasol?.close();
  });

  afterEach(() => {
    for (const b of [reporterBrowser, reporterAxeBrowser, staffBrowser]) {
      expect(b.watch.foreignRequests, 'requests to other hosts').toEqual([]);
      expect(b.watch.cspMessages, 'Content-Security-Policy refusals').toEqual([]);
    }
  });

  it('a photo with its GPS position reaches the caseworker without any EXIF', { timeout: 120_000 }, async () => {
    const t = reporterTranslator('en').t;
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(44.433, 2);
    const page = await reporterBrowser.newPage();
    expect((await page.goto(`${parasol.baseUrl}/report?lang=en`))?.status()).toBe(200);
    await fillReport(page, t, bucharest('He took my phone. The photo shows the car.'));
    await page.getByLabel(t('attach.label')).setInputFiles({ name: 'IMG_20260314_2210.jpg', mimeType: 'image/jpeg', buffer: photo });
    expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
    const { digits } = await readReceipt(page);
    expect(digits).toMatch(/^\d{24}$/);
    expect(await page.locator('ul.files').textContent()).toBe(`IMG_20260314_2210.jpg: ${t('attach.wasCleaned')}`);
    await screenshot(page, 'attachments-receipt-en');
    await page.close();

    const staff = await staffBrowser.newPage();
    const st = staffT('en');
    expect(await staffLogin(staff, parasol.servers.staffUrl, st, demo)).toBe(200);
    expect(await navigate(staff, staff.locator('table tbody tr').first().getByRole('link'))).toBe(200);
    const link = staff.getByRole('link', { name: /IMG_20260314_2210\.jpg/ });
    expect(await link.count()).toBe(1);
    await expectNoAxeViolations(staff);
    const [download] = await Promise.all([staff.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('IMG_20260314_2210.jpg');
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // Read back with exifr: no EXIF segment at all, so no position, no phone, no owner.
    expect(await exifr.parse(bytes, true)).toBeUndefined();
    expect(await exifr.gps(bytes)).toBeUndefined();
    expect(bytes.includes(Buffer.from('SecretPhone'))).toBe(false);
    await staff.close();
  });

  for (const [lang, js] of [
    ['en', false],
    ['ar', false],
    ['en', true],
    ['ar', true],
  ] as const) {
    it(`a file over the limit (${lang}, JavaScript ${js ? 'on, with axe-core' : 'off'}): the message is next to the field and everything typed is kept`, { timeout: 120_000 }, async () => {
      const t = reporterTranslator(lang).t;
      const page = await (js ? reporterAxeBrowser : reporterBrowser).newPage();
      const expectNoAxeViolations = async (p: Page) => {
        if (js) expect(describeViolations(await new AxeBuilder({ page: p }).analyze())).toBe('');
      };
      expect((await page.goto(`${parasol.baseUrl}/report?lang=${lang}`))?.status()).toBe(200);
      await expectNoAxeViolations(page);
      const description = lang === 'ar' ? 'أخذ هاتفي. الفيديو يظهر السيارة.' : 'He took my phone. The video shows the car.';
      await fillReport(page, t, bucharest(description));
      await page.getByLabel(t('attach.label')).setInputFiles({ name: 'video.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(MAX_FILE_BYTES + 1, 1) });
      expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(400);
      expect(await page.locator('#attachments-error').textContent()).toBe(t('attach.tooBig', { name: 'video.mp4', max: 10 }));
      // The error sits with its field, which the summary links to; the text typed is all there.
      expect(
        await page
          .locator('.field.has-error')
          .filter({ has: page.locator('#attachments') })
          .count(),
      ).toBe(1);
      expect(await page.locator('.error-summary a[href="#attachments"]').count()).toBe(1);
      expect(await page.locator('#description').inputValue()).toBe(description);
      expect(await page.locator('#area').inputValue()).toBe('ro-bucharest');
      expect(await page.locator('#id_value_1').inputValue()).toBe('0721 234 567');
      expect(await page.locator('#attachments-hint-2').textContent()).toBe(t('attach.chooseAgain'));
      await expectNoAxeViolations(page);
      if (!js) await screenshot(page, `attachments-too-big-${lang}`);

      // Sent again with a photo that fits: the receipt lists what was removed; the follow-up page lists the file.
      await page.getByLabel(t('attach.label')).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      expect(await navigate(page, page.getByRole('button', { name: t('form.submit') }))).toBe(200);
      expect(await page.locator('ul.files').textContent()).toContain(t('attach.wasCleaned'));
      await expectNoAxeViolations(page);
      const { digits } = await readReceipt(page);
      await openReport(page, t, digits);
      expect(await page.locator('ul.files button').count()).toBe(1);
      expect(await page.locator('ul.files button').textContent()).toContain('photo.jpg');
      await expectNoAxeViolations(page);
      await page.close();
    });
  }
});
