import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkAndCapture, demo, logIn, newContext, type Server, startServerAndBrowser } from './harness.ts';

// A consultation through the web UI, in Latvian: Pēteris (an institution member) asks with a file,
// Jānis (agency reviewer) finds it in the queue and answers, Pēteris sees the answer.

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Galvenā navigācija' });

describe('consultations in Chromium', () => {
  let server: Server;
  let browser: Browser;
  before(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an institution member asks, the agency answers from its queue, the member sees the answer', async () => {
    const subject = 'Vai WSDL drīkst importēt shēmas no interneta?';
    const dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-consultation-'));
    const file = path.join(dir, 'shema.xsd');
    await writeFile(file, '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n');

    const member = await (await newContext(browser)).newPage();
    await logIn(member, server, demo.member);
    await mainNav(member).getByRole('link', { name: 'Konsultācijas' }).click();
    await member.getByRole('heading', { level: 1, name: 'Konsultācijas' }).waitFor();
    // The demo's own open ticket is listed for its institution.
    await member
      .getByRole('rowheader', { name: 'Kā iesniegt auditpierakstus par testēšanas periodu?' })
      .waitFor();
    await checkAndCapture(member, 'lv-consultations-member');

    await member.getByRole('link', { name: 'Jauna konsultācija' }).click();
    await member.getByRole('heading', { level: 1, name: 'Jauna konsultācija' }).waitFor();
    await checkAndCapture(member, 'lv-consultation-new');
    await member.getByLabel(/^Temats/).fill(subject);
    await member.getByLabel(/^Kategorija/).selectOption({ label: 'Pakalpes apraksts' });
    await member.getByLabel(/^Jautājums/).fill('Mūsu WSDL importē XSD pēc absolūtas adreses.');
    await member.getByLabel(/^Pielikumi/).setInputFiles(file);
    await member.getByRole('button', { name: 'Nosūtīt jautājumu' }).click();
    await member.getByRole('heading', { level: 1, name: new RegExp(subject.replace('?', '\\?')) }).waitFor();
    assert.equal((await member.getByText('Gaida atbildi').count()) > 0, true);
    await member.getByRole('link', { name: /Lejupielādēt shema\.xsd/ }).waitFor();
    const ticketUrl = member.url();

    const reviewer = await (await newContext(browser)).newPage();
    await logIn(reviewer, server, demo.reviewer);
    await mainNav(reviewer).getByRole('link', { name: 'Konsultācijas' }).click();
    const row = reviewer.getByRole('row').filter({ hasText: subject });
    await row.waitFor();
    assert.match(String(await row.textContent()), /Nacionālais reģistru centrs/);
    // The demo's six-day-old question is past its reply-by time and says so.
    const overdue = reviewer.getByRole('row').filter({ hasText: 'Kā iesniegt auditpierakstus' });
    assert.match(String(await overdue.textContent()), /Nokavēts/);
    await checkAndCapture(reviewer, 'lv-consultations-queue');

    await row.getByRole('link', { name: subject }).click();
    await reviewer.getByLabel('Atbilde iestādei').fill('Nē, pievienojiet shēmas aprakstam kā failus.');
    await reviewer.getByRole('button', { name: 'Nosūtīt', exact: true }).click();
    await reviewer.getByRole('status').filter({ hasText: 'Ziņa nosūtīta.' }).waitFor();
    await reviewer.getByText('Atbildēts', { exact: true }).first().waitFor();
    await checkAndCapture(reviewer, 'lv-consultation-detail-agency');

    await member.goto(ticketUrl);
    await member.getByText('Nē, pievienojiet shēmas aprakstam kā failus.').waitFor();
    await member.getByText('Atbildēts', { exact: true }).first().waitFor();
    assert.match(
      String(await member.locator('.consultation-history').textContent()),
      /Jānis Ozoliņš: Uzrakstīja ziņu \(Atbildēts\)/,
    );
    await checkAndCapture(member, 'lv-consultation-detail-member');
  });
});
