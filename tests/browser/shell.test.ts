import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  demo,
  logIn,
  newContext,
  type Server,
  screenshot,
  seriousViolations,
  startServerAndBrowser,
} from './harness.ts';

describe('web UI shell in Chromium', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a visitor is sent to the Latvian login page, which passes axe and can switch to English', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/requests`);
    await page.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'lv');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'lv-login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'en-login');
    await context.close();
  });

  it('a wrong password is refused with a message, and the page stays on login', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-pasts').fill(demo.member);
    await page.getByLabel('Parole').fill('nepareiza-parole');
    await page.getByRole('button', { name: 'Pieteikties' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nepareizs e-pasts vai parole.' }).waitFor();
    assert.match(page.url(), /\/login$/);
    await context.close();
  });

  it('an empty login form says what to fill in, in the page language, at 1366 px and 390 px', async () => {
    const cases = [
      { lang: 'lv', submit: 'Pieteikties', email: 'Ievadiet e-pasta adresi.', password: 'Ievadiet paroli.' },
      { lang: 'en', submit: 'Log in', email: 'Enter your e-mail address.', password: 'Enter your password.' },
    ] as const;
    for (const width of [1366, 390]) {
      for (const c of cases) {
        const context = await newContext(browser, width);
        const page = await context.newPage();
        await page.goto(`${server.url}/login`);
        if (c.lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('button', { name: c.submit, exact: true }).click();
        await page.getByText(c.email).first().waitFor();
        await page.getByText(c.password).first().waitFor();
        const body = (await page.locator('body').textContent()) ?? '';
        assert.doesNotMatch(body, /body\.|Too small|Invalid/, `${c.lang} ${width} px`);
        const sideways = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
        assert.equal(sideways, false, `${c.lang} ${width} px scrolls sideways`);
        await context.close();
      }
    }
  });

  it('each role lands on its home page and sees only its navigation; logout ends the session', async () => {
    const cases = [
      { email: demo.member, path: '/requests', sees: 'Mani pieteikumi', hidden: 'Darba rinda' },
      { email: demo.reviewer, path: '/queue', sees: 'Darba rinda', hidden: 'Lietotāji' },
      { email: demo.admin, path: '/queue', sees: 'Lietotāji', hidden: 'Mani pieteikumi' },
    ];
    for (const c of cases) {
      const context = await newContext(browser);
      const page = await context.newPage();
      await logIn(page, server, c.email);
      await page.waitForURL(`${server.url}${c.path}`);
      const nav = page.getByRole('navigation', { name: 'Galvenā navigācija' });
      assert.equal(await nav.getByRole('link', { name: c.sees }).count(), 1, `${c.email} sees ${c.sees}`);
      assert.equal(
        await nav.getByRole('link', { name: c.hidden }).count(),
        0,
        `${c.email} does not see ${c.hidden}`,
      );
      await page.getByRole('button', { name: 'Iziet' }).click();
      await page.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
      await page.goto(`${server.url}${c.path}`);
      await page.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
      await context.close();
    }
  });

  it('the chosen language is remembered for the user across logins', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, server, demo.memberCity);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('link', { name: 'My requests' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await context.close();

    const fresh = await newContext(browser);
    const again = await fresh.newPage();
    await logIn(again, server, demo.memberCity);
    await again.getByRole('link', { name: 'My requests' }).waitFor();
    assert.equal(await again.locator('html').getAttribute('lang'), 'en');
    await fresh.close();
  });

  it('when the session ends elsewhere, the next action says so and asks to log in again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await logIn(page, server, demo.member);
    await page.getByRole('heading', { name: 'Mani pieteikumi' }).waitFor();
    // Logging out in another tab ends the same session on the server.
    const other = await context.newPage();
    await other.goto(`${server.url}/requests`);
    await other.getByRole('button', { name: 'Iziet' }).click();
    await other.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Galvenā navigācija' })
      .getByRole('link', { name: 'Jauns pieteikums' })
      .click();
    await page.getByRole('heading', { name: 'Pieteikšanās' }).waitFor();
    await page.getByText('Sesija ir beigusies. Lūdzu, piesakieties vēlreiz.').waitFor();
    await context.close();
  });
});
