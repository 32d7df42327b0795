import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  checkAndCapture,
  demo,
  logIn,
  newContext,
  type Server,
  startServerAndBrowser,
  switchLanguage,
} from './harness.ts';

// The reviewer attaches the service's WSDL during the review, reads the findings and the comparison
// with the test catalog, and waives one finding with a justification — through the UI only.

const wsdl = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:tns="http://example.lv/personas" targetNamespace="http://example.lv/personas">
  <message name="Pieprasijums"><part name="body" type="tns:Dati"/></message>
  <portType name="PersonasPort">
    <operation name="SaņemtPersonasDatus"><input message="tns:Pieprasijums"/><output message="tns:Pieprasijums"/></operation>
  </portType>
  <binding name="PersonasBinding" type="tns:PersonasPort">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="SaņemtPersonasDatus"><soap:operation soapAction="x"/>
      <input><soap:body use="encoded"/></input><output><soap:body use="encoded"/></output>
    </operation>
  </binding>
  <service name="Personas"><port name="P" binding="tns:PersonasBinding"><soap:address location="http://localhost/p"/></port></service>
</definitions>`;

describe('service description on the request page, in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let file: string;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    file = path.join(await mkdtemp(path.join(tmpdir(), 'pakalpe-desc-')), 'personas.wsdl');
    await writeFile(file, wsdl);
    page = await (await newContext(browser)).newPage();
    await logIn(page, server, demo.reviewer);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the reviewer attaches a WSDL in review and sees RPC/encoded reported as errors, with the catalog comparison', async () => {
    await page.goto(`${server.url}/queue?state=in_review`);
    await page
      .getByRole('link', { name: /TP-\d{4}-\d{4}/ })
      .first()
      .click();
    const panel = page.getByRole('region', { name: 'Pakalpojuma apraksts' });
    await panel.waitFor();
    await panel.getByLabel('Apraksta faili').setInputFiles(file);
    await panel.getByRole('button', { name: 'Pievienot aprakstu' }).click();
    await panel.getByText('Apraksts pievienots un pārbaudīts.').waitFor();
    const findings = panel.getByRole('table', { name: 'Apraksta pārbaudes konstatējumi' });
    await findings.getByRole('cell', { name: 'viss-no-rpc' }).waitFor();
    assert.ok((await findings.getByRole('cell', { name: 'viss-document-literal' }).count()) >= 1);
    await panel.getByText('Salīdzinājums ar testa katalogu').waitFor();
    await checkAndCapture(page, 'lv-request-description');
  });

  it('the reviewer waives a finding with a justification, and the table says who and why', async () => {
    const panel = page.getByRole('region', { name: 'Pakalpojuma apraksts' });
    await panel
      .getByRole('button', { name: /^Pieņemt ar pamatojumu: https-endpoints/ })
      .first()
      .click();
    await panel.getByLabel('Pamatojums').fill('Testa vidē adrese ir iekšēja; produkcijā būs HTTPS.');
    await panel.getByRole('button', { name: 'Pieņemt ar pamatojumu', exact: true }).click();
    await panel.getByText('Konstatējums pieņemts ar pamatojumu.').waitFor();
    await panel.getByText(/Testa vidē adrese ir iekšēja; produkcijā būs HTTPS\./).waitFor();
  });

  it('requesting corrections starts from the open findings, without the waived one', async () => {
    await page
      .getByRole('region', { name: 'Darbības' })
      .getByRole('button', { name: 'Pieprasīt labojumus', exact: true })
      .click();
    const form = page.getByRole('form', { name: 'Pieprasīt labojumus' });
    await form.waitFor();
    const items = form.getByRole('textbox', { name: /^Labojums \d+/ });
    const texts = await items.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    assert.ok(
      texts.some((x) => x.includes('viss-no-rpc')),
      texts.join('\n'),
    );
    assert.ok(!texts.some((x) => x.includes('https-endpoints')), 'the waived finding is not asked for');
  });

  it('the findings table fits at 1366 px and nothing scrolls sideways at 390 px, in both languages', async () => {
    const fits = () =>
      page.evaluate(`(() => {
        const table = document.querySelector('.findings-table');
        const box = table.parentElement;
        return {
          page: document.documentElement.scrollWidth <= window.innerWidth,
          table: table.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1,
          tableRight: Math.round(table.getBoundingClientRect().right),
          viewport: window.innerWidth,
        };
      })()`) as Promise<{ page: boolean; table: boolean; tableRight: number; viewport: number }>;
    for (const lang of ['lv', 'en'] as const) {
      if (lang === 'en') await switchLanguage(page, 'lv');
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.locator('.findings-table').first().waitFor();
      const wide = await fits();
      assert.ok(wide.page && wide.table, `${lang} 1366 px: ${JSON.stringify(wide)}`);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.findings-table').first().waitFor();
      const narrow = await fits();
      assert.ok(narrow.page, `${lang} 390 px, the page scrolls sideways: ${JSON.stringify(narrow)}`);
      await checkAndCapture(page, `${lang}-request-description-390`);
    }
    await switchLanguage(page, 'en');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
