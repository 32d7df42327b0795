import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAndCapture, demo, logIn, newContext, type Server, startServerAndBrowser } from './harness.ts';

// The reviewer analyses the demo service's test-period audit records (seeded by the generator),
// attaches the analysis in one action, reads it as charts and tables, and approves the review —
// which was refused until then. Through the UI only, in Latvian, then the snapshot in English.

describe('audit records on the request page, in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let requestUrl: string;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    page = await (await newContext(browser)).newPage();
    await logIn(page, server, demo.reviewer);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const actions = () => page.getByRole('region', { name: 'Darbības' });
  const audit = () => page.getByRole('region', { name: 'Auditpieraksti' });

  it('approval waits for the analysis; the reviewer attaches a 30-day analysis in one action', async () => {
    await page.goto(`${server.url}/queue?state=in_review`);
    await page
      .getByRole('link', { name: /TP-\d{4}-\d{4}/ })
      .first()
      .click();
    await audit().waitFor();
    requestUrl = page.url();
    const blocked = actions().getByRole('listitem').filter({ hasText: 'Apstiprināt pārbaudi' });
    // Approval first needs a checked description; the reviewer attaches one without errors.
    await blocked
      .getByText('Vispirms pievienojiet un pārbaudiet pakalpes aprakstu', { exact: false })
      .waitFor();
    const description = page.getByRole('region', { name: 'Pakalpojuma apraksts' });
    await description.getByLabel('Apraksta faili').setInputFiles({
      name: 'api.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ openapi: '3.0.3', info: { title: 'Personas', version: '1' }, paths: {} }),
      ),
    });
    await description.getByRole('button', { name: 'Pievienot aprakstu' }).click();
    await description.getByText('Apraksts pievienots un pārbaudīts.').waitFor();
    await blocked
      .getByText('Vispirms pievienojiet testa perioda auditpierakstu analīzi', { exact: false })
      .waitFor();
    await audit().getByText('Analīze vēl nav pievienota.').waitFor();
    // The window starts as the request's test period (October 2026).
    assert.equal(await audit().getByLabel('No', { exact: true }).inputValue(), '2026-10-01');
    assert.equal(await audit().getByLabel('Līdz', { exact: true }).inputValue(), '2026-10-31');
    await audit().getByRole('button', { name: 'Analizēt un pievienot' }).click();
    await audit().getByText('Analīze pievienota pieteikumam.').waitFor();
  });

  it('the analysis shows volume and latency charts, the per-operation table and the flags', async () => {
    const volume = audit().getByRole('img', { name: /Izsaukumi pa dienām/ });
    await volume.waitFor();
    assert.equal(await volume.locator('rect.chart-bar').count(), 31);
    const latency = audit().getByRole('img', { name: /Atbildes laiku sadalījums/ });
    assert.equal(await latency.locator('rect.chart-bar').count(), 9);
    const operations = audit().getByRole('table', {
      name: 'Izsaukumi, kļūdas un atbildes laiki pa operācijām',
    });
    await operations.getByRole('rowheader', { name: /SaņemtPersonasDatus/ }).waitFor();
    // The generator makes a few slow calls in a month; the flag names the operation.
    await audit()
      .getByText(/izsaukumi, lēnāki par 3000 ms/)
      .first()
      .waitFor();
    // Records exist just outside October (the demo seeds a few days either side).
    await audit()
      .getByText(/30 dienās pirms vai pēc perioda/)
      .waitFor();
    assert.match((await audit().locator('.audit-hash').textContent()) ?? '', /^[0-9a-f]{64}$/);
    await checkAndCapture(page, 'lv-request-audit-analysis');
  });

  it('with the analysis attached the reviewer approves the review', async () => {
    await actions().getByRole('button', { name: 'Apstiprināt pārbaudi', exact: true }).click();
    const form = page.getByRole('form', { name: 'Apstiprināt pārbaudi' });
    await form.getByRole('button', { name: 'Apstiprināt pārbaudi', exact: true }).click();
    await page.locator('.request-header').getByText('Akta parakstīšana', { exact: true }).waitFor();
    const history = page.getByRole('region', { name: 'Vēsture' });
    await history.getByText('Pievienota auditpierakstu analīze').waitFor();
  });

  it('the institution member sees the same snapshot, in English too', async () => {
    const member = await (await newContext(browser)).newPage();
    await logIn(member, server, demo.member);
    await member.goto(requestUrl);
    const panel = member.getByRole('region', { name: 'Auditpieraksti' });
    await panel.getByRole('img', { name: /Izsaukumi pa dienām/ }).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Analizēt un pievienot' }).count(), 0);
    await member.getByRole('button', { name: 'English' }).click();
    await member
      .getByRole('region', { name: 'Audit records' })
      .getByRole('img', { name: /Calls per day/ })
      .waitFor();
    await checkAndCapture(member, 'en-request-audit-analysis');
  });
});
