/**
 * Browser tests: a real Chromium (Debian's, at /usr/bin/chromium) driven by
 * playwright-core against Parasol started in-process on a random port. Each
 * browser gets a fresh temporary profile that is removed afterwards. Where
 * Chromium is missing the suites are skipped with a clear line, unless CI is
 * set, where that is a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { ReporterMessageId, ReporterTranslator } from '../../src/i18n/reporter/index.js';
import { startServers, type RunningServers } from '../../src/web/server.js';
import { testContext, type TestContext } from './context.js';
import { SURFACE_DIALECT } from './dialects.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_AVAILABLE = fs.existsSync(CHROMIUM_PATH);

if (!CHROMIUM_AVAILABLE) {
  if (process.env.CI) throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH} (CI is set): apt-get install -y chromium`);
  console.warn(`Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
}

/** Flags from the stack notes: no sandbox (containers), no GPU, and no traffic of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The phone-sized viewport screenshots and layout checks use. */
export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

/** Upper bound for any single browser action or navigation, so a hang fails fast instead of eating the test timeout. */
export const ACTION_TIMEOUT_MS = 15_000;

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-output/screenshots');

/** Parasol running in-process: a fresh database with the demo organisations, both listeners on random ports. */
export interface RunningParasol {
  readonly t: TestContext;
  readonly servers: RunningServers;
  /** The reporter surface, e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startParasol(): Promise<RunningParasol> {
  const t = await testContext(SURFACE_DIALECT);
  let servers: RunningServers;
  try {
    servers = await startServers(t.ctx);
  } catch (err) {
    await t.close();
    throw err;
  }
  return {
    t,
    servers,
    baseUrl: servers.reporterUrl,
    async close() {
      await servers.close();
      await t.close();
    },
  };
}

/** What a browser saw that it should not have: requests to other hosts, CSP refusals, script errors. */
export interface Watch {
  /** Every request to an origin other than the test server (each is aborted, never sent). */
  readonly foreignRequests: string[];
  /** Console messages about the Content-Security-Policy. */
  readonly cspMessages: string[];
  /** Uncaught exceptions in page scripts. */
  readonly pageErrors: string[];
  /** Forgets what was seen so far (between pages). */
  reset(): void;
}

export interface Browser {
  readonly context: BrowserContext;
  readonly watch: Watch;
  /** A new tab with bounded timeouts. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile. Requests to any origin other than
 * `allowedOrigin` are recorded and aborted, so a test can never reach the
 * internet and a stray third-party resource shows up as a failure.
 */
export async function launchBrowser(opts: { javaScriptEnabled: boolean; allowedOrigin: string; viewport?: { width: number; height: number } }): Promise<Browser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parasol-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      javaScriptEnabled: opts.javaScriptEnabled,
      args: [...CHROMIUM_ARGS],
      viewport: opts.viewport ?? PHONE_VIEWPORT,
      locale: 'en-GB',
      timeout: 30_000,
    });
  } catch (err) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  const allowed = new URL(opts.allowedOrigin).origin;
  const foreignRequests: string[] = [];
  const cspMessages: string[] = [];
  const pageErrors: string[] = [];
  const isForeign = (url: string): boolean => {
    if (url.startsWith('data:') || url.startsWith('about:') || url.startsWith('blob:')) return false;
    try {
      return new URL(url).origin !== allowed;
    } catch {
      return true;
    }
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isForeign(url)) {
      // Recorded by the request listener below.
      await route.abort('blockedbyclient');
    } else {
      await route.continue();
    }
  });
  context.on('request', (req) => {
    const url = req.url();
    if (isForeign(url)) foreignRequests.push(url);
  });
  context.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspMessages.push(msg.text());
  });
  context.on('weberror', (e) => pageErrors.push(String(e.error())));
  const watch: Watch = {
    foreignRequests,
    cspMessages,
    pageErrors,
    reset() {
      foreignRequests.length = 0;
      cspMessages.length = 0;
      pageErrors.length = 0;
    },
  };
  return {
    context,
    watch,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
      return page;
    },
    async close() {
      try {
        await context.close();
      } finally {
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}

/** Saves a PNG of the page into test-output/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true, type: 'png', animations: 'disabled' });
  return file;
}

/** The receipt on a receipt page, as shown (grouped) and as digits. */
export async function readReceipt(page: Page): Promise<{ shown: string; digits: string }> {
  const shown = ((await page.locator('.code').textContent()) ?? '').trim();
  return { shown, digits: shown.replace(/\s+/g, '') };
}

/** A reporter-surface translator's `t`, to find controls by their text in the page's language. */
export type T = ReporterTranslator['t'];

/** Clicks something that loads a new document and waits for it to load; returns the HTTP status of the page shown (after redirects). */
export async function navigate(page: Page, target: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame()), page.waitForEvent('load'), target.click()]);
  let request = response.request();
  while (request.redirectedTo()) request = request.redirectedTo()!;
  return (await request.response())?.status() ?? response.status();
}

/** A report as a person would fill it in. */
export interface Report {
  area: string;
  date?: string;
  categories: string[];
  perpetrators: string[];
  description: string;
  phone: string;
  support: 'yes' | 'no';
  warn: 'yes' | 'no';
  statistics: 'yes' | 'no';
  police: 'none' | 'anonymous' | 'identified';
  contactName?: string;
  contactDetails?: string;
}

/** Fills the report form the way a person would: by label, question and option text. */
export async function fillReport(page: Page, t: T, r: Report): Promise<void> {
  await page.getByLabel(t('form.where.area')).selectOption({ value: r.area });
  if (r.date) await page.locator('#incident_date').fill(r.date);
  for (const c of r.categories) await page.getByRole('checkbox', { name: t(`category.${c}` as ReporterMessageId), exact: true }).check();
  for (const p of r.perpetrators) await page.getByRole('checkbox', { name: t(`perpetrator.${p}` as ReporterMessageId), exact: true }).check();
  await page.locator('#description').fill(r.description);
  await page.getByLabel(t('form.who.identifierKind', { n: 1 }), { exact: true }).selectOption({ value: 'phone' });
  await page.getByLabel(t('form.who.identifierValue', { n: 1 }), { exact: true }).fill(r.phone);
  const yesNo = (v: 'yes' | 'no') => t(v === 'yes' ? 'form.yes' : 'form.no');
  await page
    .getByRole('group', { name: t('form.wants.support') })
    .getByRole('radio', { name: yesNo(r.support), exact: true })
    .check();
  await page
    .getByRole('group', { name: t('form.wants.warn') })
    .getByRole('radio', { name: yesNo(r.warn), exact: true })
    .check();
  await page
    .getByRole('group', { name: t('form.wants.statistics') })
    .getByRole('radio', { name: yesNo(r.statistics), exact: true })
    .check();
  await page.getByRole('radio', { name: t(`police.${r.police}`), exact: true }).check();
  if (r.contactName !== undefined) await page.locator('#contact_name').fill(r.contactName);
  if (r.contactDetails !== undefined) await page.locator('#contact_details').fill(r.contactDetails);
}

/** A small valid report from London. */
export function londonReport(overrides: Partial<Report> = {}): Report {
  return {
    area: 'gb-london',
    categories: ['robbery'],
    perpetrators: ['client'],
    description: 'He took my phone.',
    phone: '07700 900123',
    support: 'yes',
    warn: 'yes',
    statistics: 'yes',
    police: 'none',
    ...overrides,
  };
}

/** From a receipt page: follow the link to replies, type the receipt, open the report. */
export async function openReport(page: Page, t: T, typedReceipt: string): Promise<void> {
  if ((await navigate(page, page.getByRole('link', { name: t('receipt.followUp') }))) !== 200) throw new Error('follow-up page did not open');
  await page.getByLabel(t('followUp.receipt')).fill(typedReceipt);
  const status = await navigate(page, page.getByRole('button', { name: t('followUp.open') }));
  if (status !== 200) throw new Error(`opening the report answered ${status}`);
}
