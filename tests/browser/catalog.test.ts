import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  checkAndCapture,
  demo,
  inBothLanguages,
  logIn,
  newContext,
  type Server,
  settled,
  startServerAndBrowser,
  switchLanguage,
} from './harness.ts';

// The IS catalog screens: the list with its diacritic-blind search and export links, one entry with
// its versions, and the agency admin's import of a test-catalog export. Each page passes axe in
// Latvian and English; screenshots go to test-output/screenshots/<lang>-catalog*.png.

/** The visible texts these tests look for (from web/src/i18n/*\/catalog.json and common.json). */
const text = {
  lv: {
    nav: 'Galvenā navigācija',
    switchButton: 'Switch to English',
    catalog: 'IS katalogs',
    search: 'Meklēt',
    versions: 'Versijas',
    importTitle: 'Testa kataloga imports',
  },
  en: {
    nav: 'Main navigation',
    switchButton: 'Pārslēgt uz latviešu valodu',
    catalog: 'IS catalog',
    search: 'Search',
    versions: 'Versions',
    importTitle: 'Test catalog import',
  },
} as const;

const personasDati = 'URN:IVIS:100011:NRC.PersonasDati-V1-0';

const personasWsdl = `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tns="urn:test" targetNamespace="urn:test">
  <wsdl:types><xs:schema targetNamespace="urn:test">
    <xs:element name="SanemtPersonasDatus"><xs:complexType><xs:sequence><xs:element name="kods" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="body" element="tns:SanemtPersonasDatus"/></wsdl:message>
  <wsdl:portType name="Personas"><wsdl:operation name="SaņemtPersonasDatus"><wsdl:input message="tns:In"/><wsdl:output message="tns:In"/></wsdl:operation></wsdl:portType>
</wsdl:definitions>`;

/** A small test-catalog export: one new service, one change to a demo service, one broken row. */
const importRows = [
  {
    identifier: 'URN:IVIS:100022:VSPA.PabalstuVesture-V1-0',
    name: 'Pabalstu vēstures izziņa',
    description: 'Izsniedz pabalstu vēsturi.',
    protocol: 'rest',
    operations: ['GET /pabalsti/{personasKods}'],
    institution: { registrationNumber: '90000000022' },
    informationSystem: { code: 'VSPA-SOPA', name: 'Sociālās palīdzības administrēšanas sistēma' },
  },
  {
    identifier: personasDati,
    name: 'Personas datu izsniegšana',
    description: 'Izsniedz personas datus un statusu.',
    protocol: 'soap',
    operations: ['SaņemtPersonasDatus', 'SaņemtPersonasStatusu', 'SaņemtPersonasVēsturi'],
    hosting: 'agency',
    endpointUrl: 'https://viss-test.example.lv/nrc/nrc.personasdati',
    institution: { registrationNumber: '90000000011' },
    informationSystem: { code: 'NRC-IRIS', name: 'Iedzīvotāju reģistra informācijas sistēma' },
  },
  {
    identifier: 'URN:IVIS:100011:NRC.Nederiga-V1-0',
    name: 'Nederīga rinda',
    protocol: 'ftp',
    institution: { registrationNumber: '90000000011' },
    informationSystem: { code: 'NRC-IRIS', name: 'Iedzīvotāju reģistra informācijas sistēma' },
  },
];

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('the IS catalog screens', () => {
  let server: Server;
  let browser: Browser;
  let admin: Page;
  let member: Page;
  let tempDir = '';

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    const contexts = await Promise.all([newContext(browser), newContext(browser, 390)]);
    for (const context of contexts) context.setDefaultTimeout(15_000);
    [admin, member] = await Promise.all([contexts[0].newPage(), contexts[1].newPage()]);
    await Promise.all([logIn(admin, server, demo.admin), logIn(member, server, demo.member)]);
    tempDir = await mkdtemp(path.join(tmpdir(), 'pakalpe-catalog-'));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('searching "sanemt" without diacritics finds the services with "Saņemt…" operations', async () => {
    await admin
      .getByRole('navigation', { name: text.lv.nav })
      .getByRole('link', { name: text.lv.catalog })
      .click();
    await h1(admin, text.lv.catalog).waitFor();
    await admin.getByRole('table').getByRole('link', { name: personasDati }).waitFor();

    await admin.getByRole('searchbox', { name: text.lv.search }).fill('sanemt');
    await admin.getByRole('button', { name: text.lv.search, exact: true }).click();
    await admin.waitForURL(/[?&]q=sanemt/);
    await admin.getByRole('status').filter({ hasText: 'Atrastas 2 pakalpes.' }).waitFor();
    const identifiers = await admin.getByRole('table').getByRole('rowheader').allTextContents();
    assert.deepEqual(identifiers.sort(), [
      'URN:IVIS:100011:NRC.PersonasDati-V1-0',
      'URN:IVIS:100033:RDPB.BuvatlaujuStatuss-V1-0',
    ]);

    // The search survives a reload: it lives in the URL.
    await admin.reload();
    await admin.getByRole('table').getByRole('link', { name: personasDati }).waitFor();
    assert.equal(await admin.getByRole('searchbox', { name: text.lv.search }).inputValue(), 'sanemt');
  });

  it('offers JSON and CSV exports of the current environment, which download', async () => {
    await admin.goto(`${server.url}/catalog?status=active`);
    const json = admin.getByRole('link', { name: 'Lejupielādēt JSON' });
    const csv = admin.getByRole('link', { name: 'Lejupielādēt CSV' });
    assert.equal(
      await json.getAttribute('href'),
      '/api/v1/catalog/export?environment=test&format=json&status=active',
    );
    assert.equal(
      await csv.getAttribute('href'),
      '/api/v1/catalog/export?environment=test&format=csv&status=active',
    );
    assert.notEqual(await json.getAttribute('download'), null);

    const response = await admin.request.get(`${server.url}${await json.getAttribute('href')}`);
    assert.equal(response.status(), 200);
    const rows = (await response.json()) as { identifier: string }[];
    assert.equal(rows.length, 10);
    assert.ok(rows.some((r) => r.identifier === personasDati));
  });

  it('the catalog passes axe in Latvian and English', async () => {
    await admin.goto(`${server.url}/catalog`);
    await inBothLanguages(admin, 'catalog', async (lang) => {
      await h1(admin, text[lang].catalog).waitFor();
      await admin.getByRole('table').getByRole('link', { name: personasDati }).waitFor();
    });
  });

  it('an entry shows everything it holds and its first version', async () => {
    await admin.goto(`${server.url}/catalog`);
    await admin.getByRole('table').getByRole('link', { name: personasDati }).click();
    await h1(admin, 'Personas datu izsniegšana').waitFor();
    await admin.getByText('SaņemtPersonasStatusu').waitFor();
    await admin.getByText('Iedzīvotāju reģistra informācijas sistēma').first().waitFor();
    const versions = admin.getByRole('region', { name: text.lv.versions });
    await versions.getByText('Pirmā ieraksta versija.').waitFor();
    await inBothLanguages(admin, 'catalog-entry', async (lang) => {
      await admin.getByRole('region', { name: text[lang].versions }).getByRole('listitem').first().waitFor();
    });
  });

  it('the admin imports a small export: one created, one updated, one rejected with its reasons', async () => {
    await admin.goto(`${server.url}/catalog`);
    await admin.getByRole('link', { name: 'Importēt testa kataloga eksportu' }).click();
    await h1(admin, text.lv.importTitle).waitFor();
    const fileInput = admin.getByLabel('JSON fails');

    // A broken file is explained before anything is sent.
    const broken = path.join(tempDir, 'broken.json');
    await writeFile(broken, '[\n  {"identifier": "x",}\n]');
    await fileInput.setInputFiles(broken);
    await admin
      .getByText(/^Fails nav derīgs JSON: kļūda 2\. rindiņā/)
      .first()
      .waitFor();
    assert.equal(await admin.getByRole('button', { name: 'Importēt' }).isDisabled(), true);

    const good = path.join(tempDir, 'catalog.json');
    await writeFile(good, JSON.stringify(importRows, null, 2));
    await fileInput.setInputFiles(good);
    await admin.getByRole('status').filter({ hasText: 'Failā ir 3 rindas.' }).waitFor();
    await admin.getByRole('button', { name: 'Importēt' }).click();

    const report = admin.getByRole('region', { name: 'Importa rezultāts' });
    await report.getByText('Imports pabeigts: izveidotas 1, atjauninātas 1, noraidītas 1.').waitFor();
    const rejected = report.getByRole('row').filter({ hasText: 'URN:IVIS:100011:NRC.Nederiga-V1-0' });
    assert.equal(await rejected.getByRole('rowheader').textContent(), '3');
    await rejected.getByText('protocol').waitFor();
    await settled(admin);
    await checkAndCapture(admin, 'lv-catalog-import');
    await switchLanguage(admin, 'lv');
    await h1(admin, text.en.importTitle).waitFor();
    await checkAndCapture(admin, 'en-catalog-import');
    await switchLanguage(admin, 'en');
  });

  it('the imported change is a new version of the entry, saying what changed', async () => {
    await admin.goto(`${server.url}/catalog?q=personas`);
    await admin.getByRole('table').getByRole('link', { name: personasDati }).click();
    const versions = admin.getByRole('region', { name: text.lv.versions });
    const items = versions.getByRole('listitem');
    await items.nth(1).waitFor();
    assert.equal(await items.count(), 2);
    const newest = (await items.first().textContent()) ?? '';
    assert.match(newest, /Versija 2/);
    assert.match(newest, /Importēta/);
    assert.match(newest, /Anna Bērziņa/);
    assert.match(newest, /Mainīts: apraksts un operācijas\./);
    assert.match((await items.nth(1).textContent()) ?? '', /Pirmā ieraksta versija\./);
    await admin.getByText('SaņemtPersonasVēsturi').waitFor();
  });

  it("the admin registers the entry's WSDL, deprecates the entry with a notice and a reason, and names the system's holder", async () => {
    await admin.goto(`${server.url}/catalog?q=personas`);
    await admin.getByRole('table').getByRole('link', { name: personasDati }).click();
    await h1(admin, 'Personas datu izsniegšana').waitFor();

    const registered = admin.getByRole('region', { name: 'Reģistrētais apraksts' });
    // The demo registered a first draft; the admin registers the corrected description over it.
    await registered.getByRole('link', { name: 'Lejupielādēt nrc.personasdati.wsdl' }).waitFor();
    await registered.getByText('Reģistrēt jaunu aprakstu').click();
    const wsdlFile = path.join(tempDir, 'personas.wsdl');
    await writeFile(wsdlFile, personasWsdl);
    await registered.getByLabel('Apraksta faili').setInputFiles(wsdlFile);
    await registered.getByRole('button', { name: 'Pievienot aprakstu' }).click();
    await registered.getByText('Apraksts reģistrēts.').waitFor();
    const link = registered.getByRole('link', { name: 'Lejupielādēt personas.wsdl' });
    const download = await admin.request.get(`${server.url}${await link.getAttribute('href')}`);
    assert.equal(download.status(), 200);
    assert.match(download.headers()['content-disposition'] ?? '', /^attachment/);
    assert.equal(await download.text(), personasWsdl);

    await admin.getByRole('button', { name: 'Labot ierakstu' }).click();
    const form = admin.getByRole('form', { name: 'Labot kataloga ierakstu' });
    await form.getByLabel('Statuss').selectOption('deprecated');
    await form.getByRole('button', { name: 'Saglabāt izmaiņas' }).click();
    await form.getByText('Novecojušai pakalpei vajag paziņojumu lietotājiem.').waitFor();
    await form
      .getByLabel(/^Paziņojums lietotājiem/)
      .fill('Lietojiet NRC.PersonasDati-V2-0 līdz 2027. gada 1. jūlijam.');
    await form.getByLabel(/^Izmaiņu iemesls/).fill('Publicēta V2.');
    await checkAndCapture(admin, 'lv-catalog-entry-edit');
    await form.getByRole('button', { name: 'Saglabāt izmaiņas' }).click();
    await admin.getByText('Kataloga ieraksts saglabāts; izveidota jauna versija.').waitFor();
    await admin
      .getByText('Pakalpe ir novecojusi. Lietojiet NRC.PersonasDati-V2-0 līdz 2027. gada 1. jūlijam.')
      .waitFor();
    const newest = admin.getByRole('region', { name: text.lv.versions }).getByRole('listitem').first();
    await newest.getByText(/iemesls: Publicēta V2\./).waitFor();

    await admin.getByRole('button', { name: 'Labot informācijas sistēmu' }).click();
    const system = admin.getByRole('form', { name: /^Informācijas sistēma/ });
    await system.getByLabel('Turētājs').selectOption({ label: 'Valsts reģionālās attīstības aģentūra' });
    await system.getByRole('button', { name: 'Saglabāt' }).click();
    await admin.getByText('Informācijas sistēmas dati saglabāti.').waitFor();
    await admin
      .getByRole('definition')
      .filter({ hasText: 'Valsts reģionālās attīstības aģentūra' })
      .waitFor();
  });

  it('an institution member reads the catalog on a phone, without the import or the institution filter', async () => {
    await member.goto(`${server.url}/catalog`);
    await h1(member, text.lv.catalog).waitFor();
    await member.getByRole('table').getByRole('link', { name: personasDati }).waitFor();
    assert.equal(await member.getByRole('link', { name: 'Importēt testa kataloga eksportu' }).count(), 0);
    assert.equal(await member.getByLabel('Iestāde').count(), 0);
    await checkAndCapture(member, 'lv-catalog-phone');
    const overflow = Number(
      await member.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    );
    assert.equal(Math.max(overflow, 0), 0);

    await member.goto(`${server.url}/catalog/import`);
    await h1(member, 'Lapa nav atrasta').waitFor();
  });
});
