/**
 * Driving the staff surface in Chromium: account set-up from an invitation
 * (reading the TOTP key off the page, as a person types it into their
 * authenticator app), login with a fresh code, axe reports readable in a CI
 * log, and a watch for script that should never run (XSS).
 */
import type { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import { staffTranslator, type StaffLocale, type StaffTranslator } from '../../src/i18n/staff/index.js';

/** A staff-surface translator's `t`, to find controls by their text in the page's language. */
export type StaffT = StaffTranslator['t'];

export function staffT(lang: StaffLocale = 'en'): StaffT {
  return staffTranslator(lang).t;
}

export type { StaffLocale };

/** TOTP steps are 30 seconds (RFC 6238 default, as the server uses). */
export const TOTP_STEP_MS = 30_000;

export function totpStep(ms = Date.now()): number {
  return Math.floor(ms / TOTP_STEP_MS);
}

/** The code an authenticator app shows now for the secret. */
export async function totpCode(secret: string): Promise<string> {
  return generate({ secret });
}

/**
 * Waits until the TOTP step is later than `usedStep`: the server accepts each
 * step's code once, so a second login (or a login right after set-up) inside
 * the same 30 seconds must wait for the next code, as a person would.
 * Bounded to one step and a second.
 */
export async function waitForStepAfter(usedStep: number): Promise<void> {
  const deadline = Date.now() + TOTP_STEP_MS + 1_000;
  while (totpStep() <= usedStep) {
    if (Date.now() > deadline) throw new Error(`TOTP step did not move past ${usedStep}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Clicks something that loads a new document, follows any redirects (the
 * staff surface answers a good POST with 303 and a GET) and waits for the
 * final document to load; returns its HTTP status.
 */
export async function navigate(page: Page, target: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)),
    page.waitForEvent('load'),
    target.click(),
  ]);
  return response.status();
}

/** What someone types on the invitation page. */
export interface NewAccount {
  displayName: string;
  username: string;
  password: string;
  email?: string;
}

/** What set-up leaves the new staff member with. */
export interface SetUpAccount extends NewAccount {
  totpSecret: string;
  recoveryKey: string;
  /** The TOTP step whose code set-up used (it cannot be used again to log in). */
  usedStep: number;
}

/** Reads the manual-entry TOTP key off the set-up page, as a person would type it into their app. */
export async function readTotpKey(page: Page): Promise<string> {
  const shown = ((await page.locator('code.secret').textContent()) ?? '').trim();
  return shown.replace(/\s+/g, '');
}

/** Fills the set-up form (by label) with the account details and the current code; does not submit. */
export async function fillSetUp(page: Page, t: StaffT, a: NewAccount, code: string): Promise<void> {
  await page.getByLabel(t('setup.displayName'), { exact: true }).fill(a.displayName);
  await page.getByLabel(t('login.username'), { exact: true }).fill(a.username);
  if (a.email !== undefined) await page.getByLabel(t('setup.email')).fill(a.email);
  await page.getByLabel(t('login.password'), { exact: true }).fill(a.password);
  await page.getByLabel(t('setup.passwordAgain'), { exact: true }).fill(a.password);
  await page.getByLabel(t('login.code'), { exact: true }).fill(code);
}

/**
 * On an open invitation page: fills the form, computes the code from the key
 * shown, submits and reads the recovery key from the page that follows.
 */
export async function completeSetUp(page: Page, t: StaffT, a: NewAccount): Promise<SetUpAccount> {
  const totpSecret = await readTotpKey(page);
  if (!/^[A-Z2-7]{16,}$/.test(totpSecret)) throw new Error(`no TOTP key on the set-up page (got "${totpSecret}")`);
  const usedStep = totpStep();
  await fillSetUp(page, t, a, await totpCode(totpSecret));
  const status = await navigate(page, page.getByRole('button', { name: t('setup.submit') }));
  if (status !== 200) throw new Error(`set-up answered ${status}: ${await page.locator('main').textContent()}`);
  const recoveryKey = (await page.locator('[data-recovery-key]').getAttribute('data-recovery-key')) ?? '';
  return { ...a, totpSecret, recoveryKey, usedStep };
}

/** Logs in on /login with a code for the current step; returns the HTTP status of the answer (after the redirect). */
export async function staffLogin(page: Page, staffUrl: string, t: StaffT, who: { username: string; password: string; totpSecret: string }): Promise<number> {
  const res = await page.goto(`${staffUrl}/login`);
  if (res?.status() !== 200) throw new Error(`/login answered ${res?.status()}`);
  await page.getByLabel(t('login.username'), { exact: true }).fill(who.username);
  await page.getByLabel(t('login.password'), { exact: true }).fill(who.password);
  await page.getByLabel(t('login.code'), { exact: true }).fill(await totpCode(who.totpSecret));
  return navigate(page, page.getByRole('button', { name: t('login.submit') }));
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** One line per violation and one per failing node, with what to fix: readable in a CI log. */
export function describeViolations(results: AxeResults): string {
  return results.violations
    .map((v) =>
      [
        `${v.id} (${v.impact ?? 'unknown'}): ${v.help} ${v.helpUrl}`,
        ...v.nodes.map((n) => `  at ${JSON.stringify(n.target)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}\n    html: ${n.html.slice(0, 200)}`),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Evidence that script ran where it must not: the flag the payloads set
 * (`window.__xss`), dialogs (alert, confirm, prompt), and CSP refusals seen by
 * the page itself (`securitypolicyviolation` events, collected from before
 * the first script of each document). Needs JavaScript ON in the context.
 */
export interface ScriptWatch {
  readonly dialogs: string[];
  /** Flag, CSP events and script errors of the page as it is now. */
  check(): Promise<{ xss: unknown; cspEvents: string[] }>;
}

/** Name of the global that XSS payloads set when they run. */
export const XSS_FLAG = '__xss';

export async function watchScripts(page: Page): Promise<ScriptWatch> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  // Runs before any script of every document in this page, in the page's own world (where payloads would run).
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) sample=${e.sample}`);
    });
  });
  return {
    dialogs,
    async check() {
      return page.evaluate((flag) => {
        const w = window as unknown as Record<string, unknown> & { __csp?: string[] };
        return { xss: w[flag], cspEvents: [...(w.__csp ?? [])] };
      }, XSS_FLAG);
    },
  };
}
