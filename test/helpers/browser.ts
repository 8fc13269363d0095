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
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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
  /** Every request to an origin other than the test server (they are aborted, never sent). */
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
      foreignRequests.push(url);
      await route.abort('blockedbyclient');
    } else {
      await route.continue();
    }
  });
  context.on('request', (req) => {
    const url = req.url();
    if (isForeign(url) && !foreignRequests.includes(url)) foreignRequests.push(url);
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
