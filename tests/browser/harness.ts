import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

// Everything a browser test needs: the product started as `npm start` starts it (embedded database,
// demo seeded), Debian's Chromium, logins through the UI, axe checks and screenshots.

const root = path.resolve(import.meta.dirname, '../..');
export const screenshotDir = path.join(root, 'test-output', 'screenshots');
export const demoPassword = 'demo-parole-2026';

export const demo = {
  admin: 'anna.berzina@vraa.demo',
  reviewer: 'janis.ozolins@vraa.demo',
  reviewer2: 'liga.kalnina@vraa.demo',
  member: 'peteris.liepa@nrc.demo',
  memberCity: 'maris.zarins@rdpb.demo',
} as const;

/** `dataDir` is the server's data folder (its demo CA signs the agency's part of acts). */
export type Server = { url: string; dataDir: string; output: () => string; stop: () => Promise<void> };

export async function startServer(): Promise<Server> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pakalpe-browser-'));
  const port = 21_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(process.execPath, ['bin/pakalpe.js', 'serve', '--demo-if-empty'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  const deadline = Date.now() + 90_000;
  while (!output.includes('Demo accounts')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is expected at ${executablePath} (apt-get install chromium; .ci/run installs it).`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function newContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  // bypassCSP lets axe be injected; the product's own scripts obey the policy either way.
  return browser.newContext({
    viewport: { width, height: 900 },
    locale: 'lv-LV',
    timezoneId: 'Europe/Riga',
    bypassCSP: true,
  });
}

/** Logs in through the login page, as a person would. */
export async function logIn(page: Page, server: Server, email: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/E-pasts|E-mail/).fill(email);
  await page.getByLabel(/Parole|Password/).fill(demoPassword);
  await page.getByRole('button', { name: /Pieteikties|Log in/ }).click();
  await page.getByRole('navigation', { name: /Galvenā navigācija|Main navigation/ }).waitFor();
}

type AxeResult = {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
};
let axeSource: string | undefined;

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // The page functions run in the browser, where `globalThis` is the window.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as AxeResult;
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Waits until nothing on the page is still loading (no "Ielādē…" / "Loading…" left). */
export async function settled(page: Page): Promise<void> {
  // A string: this project's TypeScript has no DOM types, and the function runs in the browser.
  await page.waitForFunction("document.querySelector('.loading') === null");
}

/** Once the page has settled: no serious or critical axe violation (printed if any), then a screenshot. */
export async function checkAndCapture(page: Page, name: string): Promise<void> {
  await settled(page);
  const violations = await seriousViolations(page);
  assert.deepEqual({ page: name, violations }, { page: name, violations: [] });
  await screenshot(page, name);
}

/**
 * The server and the browser, started together. If either fails, the other is stopped, so a missing
 * Chromium fails the file at once instead of leaving a server process that holds it open.
 */
export async function startServerAndBrowser(): Promise<[Server, Browser]> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return [server.value, browser.value];
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

export type Language = 'lv' | 'en';

/** The shell's texts the language switch depends on (web/src/i18n/*\/common.json). */
const shellText = {
  lv: { nav: 'Galvenā navigācija', switchButton: 'Switch to English' },
  en: { nav: 'Main navigation', switchButton: 'Pārslēgt uz latviešu valodu' },
} as const;

/** Switches the signed-in user's language with the shell's button; returns the new language. */
export async function switchLanguage(page: Page, from: Language): Promise<Language> {
  const to: Language = from === 'lv' ? 'en' : 'lv';
  // The choice is stored for the user; wait for that too, so switches never overtake each other.
  const stored = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/me',
  );
  await page.getByRole('button', { name: shellText[from].switchButton }).click();
  assert.equal((await stored).status(), 200);
  await page.locator(`html[lang="${to}"]`).waitFor({ state: 'attached' });
  await page.getByRole('navigation', { name: shellText[to].nav }).waitFor();
  return to;
}

/** Checks (axe) and captures the page in Latvian, then in English, and goes back to Latvian. */
export async function inBothLanguages(
  page: Page,
  name: string,
  ready: (lang: Language) => Promise<void>,
): Promise<void> {
  await ready('lv');
  await checkAndCapture(page, `lv-${name}`);
  await switchLanguage(page, 'lv');
  await ready('en');
  await checkAndCapture(page, `en-${name}`);
  await switchLanguage(page, 'en');
}
