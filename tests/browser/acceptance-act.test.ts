import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addSignatureToContainer, demoCertificateFor } from '../../src/acts/index.ts';
import { checkAndCapture, demo, logIn, newContext, type Server, startServerAndBrowser } from './harness.ts';

// Step 3 through the UI: the reviewer issues the act in one action, the institution downloads the
// container, signs it with its own tool (here: the demo CA's certificate for its registration number)
// and uploads it; the request moves to registration. Then anyone checks the file on the verify page.

describe('the acceptance act in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let reviewer: Page;
  let member: Page;
  let requestUrl = '';
  let signedFile = '';

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    reviewer = await (await newContext(browser)).newPage();
    member = await (await newContext(browser)).newPage();
    await logIn(reviewer, server, demo.reviewer);
    await logIn(member, server, demo.member);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the reviewer issues the act in one action and sees the agency signature, the institution one missing', async () => {
    await reviewer.goto(`${server.url}/queue?state=acceptance`);
    await reviewer
      .getByRole('link', { name: /TP-\d{4}-\d{4}/ })
      .first()
      .click();
    requestUrl = reviewer.url();
    const panel = reviewer.getByRole('region', { name: 'Akcepttestēšanas akts' });
    await panel.getByText('Akts vēl nav sagatavots.').waitFor();
    await panel.getByRole('button', { name: 'Sagatavot un parakstīt aktu' }).click();
    await panel
      .getByText(/Akts AA-\d{4}-\d{4} \(1\. versija\) sagatavots un parakstīts aģentūras vārdā\./)
      .waitFor();
    await panel.getByText('Nacionālais reģistru centrs: paraksta nav').waitFor();
    await panel.getByRole('link', { name: 'Lejupielādēt PDF' }).waitFor();
    await checkAndCapture(reviewer, 'lv-request-act-issued');
  });

  it('the institution signs the downloaded container and uploads it; the request moves to registration', async () => {
    await member.goto(requestUrl);
    const panel = member.getByRole('region', { name: 'Akcepttestēšanas akts' });
    const link = panel.getByRole('link', { name: /Lejupielādēt parakstāmo konteineru/ });
    const href = await link.getAttribute('href');
    const download = await member.request.get(`${server.url}${href}`);
    assert.equal(download.status(), 200);
    const { keyed } = await demoCertificateFor(path.join(server.dataDir, 'demo-ca'), {
      name: 'Nacionālais reģistru centrs',
      registrationNumber: '90000000011',
      person: 'Pēteris Liepa',
    });
    const signed = await addSignatureToContainer(new Uint8Array(await download.body()), keyed, new Date());
    signedFile = path.join(await mkdtemp(path.join(tmpdir(), 'pakalpe-act-')), 'akts-parakstits.asice');
    await writeFile(signedFile, signed);

    await panel.getByLabel('Parakstītais konteiners').setInputFiles(signedFile);
    await panel.getByRole('button', { name: 'Augšupielādēt un pārbaudīt' }).click();
    await member.getByText('Paraksti ir derīgi. Pieteikums nodots reģistrēšanai produkcijas vidē.').waitFor();
    await member.locator('.request-header').getByText('Reģistrēšana produkcijas vidē').waitFor();
    await panel.getByText('Parakstījušas abas puses').waitFor();
    await checkAndCapture(member, 'lv-request-act-signed');
  });

  it('the verify page checks the signed file and names the act, in English', async () => {
    await member.goto(`${server.url}/verify`);
    await member.getByRole('button', { name: 'English' }).click();
    await member.getByRole('heading', { name: 'Verify signatures', level: 1 }).waitFor();
    await member.getByLabel('Container').setInputFiles(signedFile);
    await member.getByRole('button', { name: 'Verify', exact: true }).click();
    await member.getByText(/This is act AA-\d{4}-\d{4} \(version 1\) of request TP-\d{4}-\d{4}\./).waitFor();
    await member.getByRole('heading', { name: /Signature verification report: Valid/ }).waitFor();
    assert.equal(await member.getByText('Signer represents a party of the act').count(), 2);
    await checkAndCapture(member, 'en-verify-container');
    await member.getByRole('button', { name: 'Latviešu' }).click();
  });
});
