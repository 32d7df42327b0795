import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { addSignatureToContainer, demoCertificateFor } from '../../src/acts/index.ts';
import { actionDoneTexts, actionTexts } from '../../src/requests/workflow-texts.ts';
import { checkAndCapture, demo, logIn, newContext, type Server, startServerAndBrowser } from './harness.ts';

// The whole procedure through the web UI, in Latvian, as the product owner walks it: an institution
// member (Pēteris, Nacionālais reģistru centrs) and an agency reviewer (Jānis) work side by side in
// separate browser contexts. Everything is done and checked through what a person sees; no API calls.
// The tests in this file build on each other and run in order.

// Pēteris's institution's services in the VISS test IS catalog that have no request yet (the demo
// seed), as the form lists them: a service has one open request at a time.
const service = {
  birth: 'Dzimšanas fakta izziņa (URN:IVIS:100011:NRC.DzimsanasFakts-V1-0)',
  nameChange: 'Vārda un uzvārda maiņas paziņojums (URN:IVIS:100011:NRC.VardaMaina-V1-0)',
  personalCode: 'Personas koda derīguma pārbaude (URN:IVIS:100011:NRC.PersonasKodaParbaude-V1-0)',
};

const step = {
  2: 'Tīmekļa pakalpes apraksta pārbaude, auditpierakstu pārbaude',
  3: 'Akcepttestēšanas akta parakstīšana',
  4: 'Tīmekļa pakalpes reģistrēšana un uzstādīšana produkcijas vidē',
};

type NewRequest = {
  service: string;
  description: string;
  usedInViss: boolean;
  hosted: boolean;
  period?: { from: string; to: string };
};

/** Fills in the new-request form as a member would and presses "Saglabāt un iesniegt"; returns the reference. */
async function createAndSubmit(page: Page, r: NewRequest): Promise<string> {
  await mainNav(page).getByRole('link', { name: 'Jauns pieteikums' }).click();
  await page.getByRole('heading', { level: 1, name: 'Jauns pieteikums' }).waitFor();
  await page.getByRole('combobox', { name: 'Pakalpe' }).selectOption({ label: r.service });
  await page.getByLabel('Pakalpes darbības apraksts').fill(r.description);
  const yesNo = (v: boolean) => (v ? 'Jā' : 'Nē');
  await page
    .getByRole('group', { name: /tiks izmantota VISS infrastruktūrā/ })
    .getByRole('radio', { name: yesNo(r.usedInViss), exact: true })
    .check();
  await page
    .getByRole('group', { name: /tiks izvietota VISS produkcijas vidē/ })
    .getByRole('radio', { name: yesNo(r.hosted), exact: true })
    .check();
  if (r.period) {
    await page.getByLabel('No', { exact: true }).fill(r.period.from);
    await page.getByLabel('Līdz', { exact: true }).fill(r.period.to);
  }
  // The contact person is filled in from the signed-in user; the phone is for the member to give.
  assert.equal(await page.getByLabel('Vārds, uzvārds').inputValue(), 'Pēteris Liepa');
  assert.equal(await page.getByLabel('E-pasts').inputValue(), demo.member);
  await page.getByLabel('Tālrunis').fill('+371 67 000 000');
  await page.getByRole('button', { name: 'Saglabāt un iesniegt' }).click();

  await page.getByRole('status').filter({ hasText: 'Pieteikums iesniegts. Aģentūra to izskatīs' }).waitFor();
  await expectState(page, 'Iesniegts');
  const reference = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  assert.match(reference, /^TP-\d{4}-\d{4}$/);
  return reference;
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Galvenā navigācija' });

/** The state badge beside the request's heading. */
async function expectState(page: Page, state: string): Promise<void> {
  await page
    .locator('.request-header')
    .getByText(state, { exact: true })
    .waitFor()
    .catch(async (error) => {
      const shown = await page.locator('.request-header .badge').textContent();
      throw new Error(`expected the request to be "${state}", the page shows "${shown}"`, { cause: error });
    });
}

/** The reviewer finds the submitted request in the work queue (its row names the institution) and opens it. */
async function openFromQueue(page: Page, reference: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Darba rinda' }).click();
  // The queue shows what it loaded a moment ago; the reviewer refreshes it to see the new request.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Darba rinda' }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
  await row.getByRole('cell', { name: 'Nacionālais reģistru centrs' }).waitFor();
  await row.getByText('Iesniegts', { exact: true }).waitFor();
  await row.getByRole('link', { name: reference, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
}

/**
 * The member comes back to the request later: opens "Mani pieteikumi", where the row already shows
 * the state the agency has moved it to, and follows the reference.
 */
async function reopenFromMyRequests(page: Page, reference: string, state: string): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Mani pieteikumi' }).click();
  // The list shows what it loaded a moment ago; the member refreshes it.
  await page.reload();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
  await row.getByText(state, { exact: true }).waitFor();
  await row.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { level: 1, name: reference }).waitFor();
  await expectState(page, state);
}

const actions = (page: Page) => page.getByRole('region', { name: 'Darbības' });

/**
 * Runs a workflow action from the "Darbības" panel: the action's button opens its small form, the
 * form is filled in by `fill`, and its button of the same name confirms it. The panel then says what was done —
 * unless the action closed the request, which leaves nothing to do and so no panel (`closes`).
 */
async function act(
  page: Page,
  action: string,
  { fill, closes = false }: { fill?: (form: Locator) => Promise<unknown>; closes?: boolean } = {},
): Promise<void> {
  await actions(page).getByRole('button', { name: action, exact: true }).click();
  const form = page.getByRole('form', { name: action });
  await form.waitFor();
  await fill?.(form);
  await form.getByRole('button', { name: action, exact: true }).click();
  const done = doneText(action);
  if (closes) {
    // The panel goes with the last action; the page says what was done and puts focus on its heading.
    await form.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: done }).waitFor();
    assert.equal(await page.locator('h1:focus').count(), 1);
  } else await actions(page).getByText(done).waitFor();
}

/** What the panel says once the action with this Latvian button label is done (workflow-texts.ts). */
function doneText(label: string): string {
  const action = (Object.keys(actionTexts) as (keyof typeof actionTexts)[]).find(
    (a) => actionTexts[a].lv === label,
  );
  if (!action) throw new Error(`no action is labelled ${label}`);
  return actionDoneTexts[action].lv;
}

/** The step of the procedure diagram marked as the current one (aria-current="step"). */
async function currentStep(page: Page): Promise<string> {
  const current = page.getByRole('region', { name: 'Procedūras gaita' }).locator('li[aria-current="step"]');
  await current.first().waitFor();
  assert.equal(await current.count(), 1, 'exactly one step is current');
  return (await current.locator('.procedure-name').textContent()) ?? '';
}

/** A top-level step of the diagram by its name. */
const diagramStep = (page: Page, name: string) =>
  page
    .getByRole('region', { name: 'Procedūras gaita' })
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) })
    .first();

/**
 * The reviewer takes the description registered in the test IS catalog: approval needs a checked
 * description with no open errors (the demo's OpenAPI documents have none).
 */
async function takeDescriptionFromCatalog(page: Page): Promise<void> {
  const panel = page.getByRole('region', { name: 'Pakalpojuma apraksts' });
  await panel.getByRole('button', { name: 'Izmantot kataloga aprakstu' }).click();
  await panel.getByText('Apraksts pievienots un pārbaudīts.').waitFor();
}

/** The timeline's entries, oldest first, as their headings read. */
async function timeline(page: Page, newest: string): Promise<string[]> {
  const history = page.getByRole('region', { name: 'Vēsture' });
  await history.locator('.timeline-action').first().filter({ hasText: newest }).waitFor();
  return (await history.locator('.timeline-action').allTextContents()).reverse();
}

describe('the procedure through the web UI, institution and agency side by side (Latvian)', () => {
  let server: Server;
  let browser: Browser;
  let memberContext: BrowserContext;
  let reviewerContext: BrowserContext;
  let member: Page;
  let reviewer: Page;

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    [memberContext, reviewerContext] = await Promise.all([newContext(browser), newContext(browser)]);
    for (const context of [memberContext, reviewerContext]) context.setDefaultTimeout(15_000);
    [member, reviewer] = await Promise.all([memberContext.newPage(), reviewerContext.newPage()]);
    await Promise.all([logIn(member, server, demo.member), logIn(reviewer, server, demo.reviewer)]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe('used in VISS infrastructure and hosted in production, with one corrections round', () => {
    const productionEndpoint = 'https://viss.example.lv/prod/nrc/dzimsanas-fakti';
    let reference = '';
    const description = 'REST pakalpe izsniedz dzimšanas fakta datus datu ņēmējiem.';
    const correction = 'Aprakstā norādiet, kuri datu ņēmēji izmantos pakalpi.';
    const message = 'Labdien! Lūdzu papildiniet aprakstu ar datu ņēmēju sarakstu.';
    const answer = 'Papildināts: datu ņēmēji ir Valsts ieņēmumu dienests un Valsts policija.';

    it('the member creates the request with the new-request form and submits it', async () => {
      reference = await createAndSubmit(member, {
        service: service.birth,
        description,
        usedInViss: true,
        hosted: true,
        period: { from: '2026-10-01', to: '2026-10-31' },
      });
      assert.equal(await currentStep(member), 'TP uzstādīšanas pieteikums produkcijas vidē');
      // Submitted requests cannot be edited until the agency asks for corrections.
      assert.equal(await member.getByRole('button', { name: 'Labot pieteikumu' }).count(), 0);

      // The request is in the member's list with its state.
      await reopenFromMyRequests(member, reference, 'Iesniegts');
    });

    it('the reviewer finds it in the work queue, starts the review and requests corrections with a message', async () => {
      await openFromQueue(reviewer, reference);
      await expectState(reviewer, 'Iesniegts');
      await act(reviewer, 'Sākt izskatīšanu');
      await expectState(reviewer, 'Izskatīšanā');
      assert.equal(await currentStep(reviewer), step[2]);
      await reviewer.getByRole('region', { name: 'Piešķiršana' }).getByText('Jānis Ozoliņš (jūs)').waitFor();

      // A correction list must have at least one item.
      await actions(reviewer).getByRole('button', { name: 'Pieprasīt labojumus', exact: true }).click();
      const form = reviewer.getByRole('form', { name: 'Pieprasīt labojumus' });
      await form.getByRole('button', { name: 'Pieprasīt labojumus', exact: true }).click();
      await form.getByText('Norādiet vismaz vienu labojumu.').waitFor();
      await form.getByRole('button', { name: 'Atcelt' }).click();

      await act(reviewer, 'Pieprasīt labojumus', {
        fill: async (f) => {
          await f.getByLabel('Labojums 1').fill(correction);
          await f.getByLabel('Komentārs').fill('Apraksts ir par īsu.');
        },
      });
      await expectState(reviewer, 'Jāveic labojumi');

      const thread = reviewer.getByRole('region', { name: 'Saziņa ar iestādi' });
      await thread.getByLabel('Jūsu ziņa').fill(message);
      await thread.getByRole('button', { name: 'Nosūtīt ziņu' }).click();
      await thread.getByRole('status').filter({ hasText: 'Ziņa nosūtīta.' }).waitFor();
      await thread.getByRole('listitem').filter({ hasText: message }).waitFor();
    });

    it('the member sees the corrections and the message, edits the description and resubmits', async () => {
      await reopenFromMyRequests(member, reference, 'Jāveic labojumi');
      assert.equal(await currentStep(member), step[2]);
      await actions(member)
        .getByText('Aģentūra lūdz veikt labojumus. Labojiet pieteikumu un iesniedziet to atkārtoti.')
        .waitFor();

      const corrections = member.getByRole('region', { name: 'Pieprasītie labojumi' });
      await corrections.getByText('Neizpildīti labojumi: 1').waitFor();
      await corrections.getByRole('heading', { name: '1. kārta' }).waitFor();
      await corrections.getByText(correction, { exact: true }).waitFor();
      // Only the agency marks corrections as resolved.
      assert.equal(await corrections.getByRole('button', { name: /Atzīmēt kā izpildītu/ }).count(), 0);
      // The member answers the correction in its own thread.
      await corrections.getByLabel(`Atbilde par labojumu: ${correction}`).fill(answer);
      await corrections.getByRole('button', { name: 'Atbildēt', exact: true }).click();
      await corrections.getByText('Atbilde nosūtīta.').waitFor();
      await corrections.getByRole('list', { name: 'Saruna par labojumu' }).getByText(answer).waitFor();

      const thread = member.getByRole('region', { name: 'Saziņa ar aģentūru' });
      const received = thread.getByRole('listitem').filter({ hasText: message });
      await received.getByText('Jānis Ozoliņš').waitFor();
      await received.getByText('Aģentūras eksperts').waitFor();

      const details = member.getByRole('region', { name: 'Pieteikuma dati' });
      await details.getByRole('button', { name: 'Labot pieteikumu' }).click();
      const text = details.getByLabel('Pakalpes darbības apraksts');
      assert.equal(await text.inputValue(), description);
      await text.fill(`${description} Datu ņēmēji: Valsts ieņēmumu dienests un Valsts policija.`);
      await details.getByRole('button', { name: 'Saglabāt izmaiņas' }).click();
      await details.getByRole('status').filter({ hasText: 'Izmaiņas saglabātas.' }).waitFor();
      await details.getByText('Datu ņēmēji: Valsts ieņēmumu dienests un Valsts policija.').waitFor();

      await act(member, 'Iesniegt');
      // The request has its reviewer, so it goes straight back into review.
      await expectState(member, 'Izskatīšanā');
      assert.equal(await member.getByRole('button', { name: 'Labot pieteikumu' }).count(), 0);
    });

    it('the resubmitted request is back in review with its reviewer; approval waits for the description and the resolved correction', async () => {
      await reviewer.reload();
      await expectState(reviewer, 'Izskatīšanā');
      await reviewer.getByRole('region', { name: 'Pieteikuma dati' }).getByText('Datu ņēmēji:').waitFor();
      assert.equal(
        await actions(reviewer).getByRole('button', { name: 'Sākt izskatīšanu', exact: true }).count(),
        0,
      );
      await reviewer
        .getByRole('region', { name: 'Procedūras gaita' })
        .getByText('Labojumu kārtas: 1')
        .waitFor();

      // While the correction is open, "Apstiprināt pārbaudi" is listed as not possible yet, with why.
      const blocked = actions(reviewer).getByRole('listitem').filter({ hasText: 'Apstiprināt pārbaudi' });
      await blocked.getByText('Vēl ir neizpildīti labojumi.', { exact: false }).waitFor();
      assert.equal(
        await actions(reviewer).getByRole('button', { name: 'Apstiprināt pārbaudi', exact: true }).count(),
        0,
      );

      const corrections = reviewer.getByRole('region', { name: 'Pieprasītie labojumi' });
      // The reviewer reads the member's answer in the correction's thread before resolving it.
      await corrections.getByRole('list', { name: 'Saruna par labojumu' }).getByText(answer).waitFor();
      await corrections
        .getByRole('listitem')
        .filter({ hasText: correction })
        .getByRole('button', { name: /^Atzīmēt kā izpildītu/ })
        .click();
      await corrections.getByText('Labojums atzīmēts kā izpildīts.').waitFor();
      await corrections.getByText('Visi labojumi ir izpildīti.').waitFor();
      await corrections.getByText('Izpildīts', { exact: true }).waitFor();

      // Approval needs a checked description; the reviewer takes the one in the test IS catalog.
      const stillBlocked = actions(reviewer)
        .getByRole('listitem')
        .filter({ hasText: 'Apstiprināt pārbaudi' });
      await stillBlocked
        .getByText('Vispirms pievienojiet un pārbaudiet pakalpes aprakstu', { exact: false })
        .waitFor();
      await takeDescriptionFromCatalog(reviewer);
      // A service used in VISS infrastructure is approved only with its audit records analysed.
      await stillBlocked
        .getByText('Vispirms pievienojiet testa perioda auditpierakstu analīzi', { exact: false })
        .waitFor();
      const audit = reviewer.getByRole('region', { name: 'Auditpieraksti' });
      await audit.getByRole('button', { name: 'Analizēt un pievienot' }).click();
      await audit.getByText('Analīze pievienota pieteikumam.').waitFor();

      await act(reviewer, 'Apstiprināt pārbaudi', {
        fill: (f) => f.getByLabel('Komentārs').fill('Apraksts un auditpieraksti atbilst.'),
      });
      await expectState(reviewer, 'Akta parakstīšana');
      assert.equal(await currentStep(reviewer), step[3]);
    });

    it('the reviewer issues the act, the member signs and uploads it, and the request moves to registration', async () => {
      const reviewerAct = reviewer.getByRole('region', { name: 'Akcepttestēšanas akts' });
      await reviewerAct.getByRole('button', { name: 'Sagatavot un parakstīt aktu' }).click();
      await reviewerAct.getByText(/Akts AA-\d{4}-\d{4} \(1\. versija\) sagatavots/).waitFor();

      await reopenFromMyRequests(member, reference, 'Akta parakstīšana');
      const memberAct = member.getByRole('region', { name: 'Akcepttestēšanas akts' });
      const href = await memberAct
        .getByRole('link', { name: /Lejupielādēt parakstāmo konteineru/ })
        .getAttribute('href');
      const download = await member.request.get(`${server.url}${href}`);
      // The member's "own signing tool": a certificate of the server's demo CA for the institution.
      const { keyed } = await demoCertificateFor(path.join(server.dataDir, 'demo-ca'), {
        name: 'Nacionālais reģistru centrs',
        registrationNumber: '90000000011',
        person: 'Pēteris Liepa',
      });
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'pakalpe-procedure-')), 'akts.asice');
      await writeFile(
        file,
        await addSignatureToContainer(new Uint8Array(await download.body()), keyed, new Date()),
      );
      await memberAct.getByLabel('Parakstītais konteiners').setInputFiles(file);
      await memberAct.getByRole('button', { name: 'Augšupielādēt un pārbaudīt' }).click();
      await member
        .getByText('Paraksti ir derīgi. Pieteikums nodots reģistrēšanai produkcijas vidē.')
        .waitFor();
      await expectState(member, 'Reģistrēšana produkcijas vidē');
    });

    it('the reviewer registers in production and confirms installation', async () => {
      await reviewer.reload();
      await expectState(reviewer, 'Reģistrēšana produkcijas vidē');
      assert.equal(await currentStep(reviewer), step[4]);
      await diagramStep(reviewer, step[3]).getByText('Pabeigts', { exact: true }).waitFor();

      // The registration form starts from the request (hosted in the agency's production) and does not
      // take the test endpoint as the production one without a confirmation.
      await act(reviewer, 'Reģistrēt produkcijas IS katalogā', {
        fill: async (form) => {
          assert.equal(await form.getByLabel(/Aģentūras produkcijas vidē/).isChecked(), true);
          const hint = await form.getByText(/Testa vides adrese:/).textContent();
          const testEndpoint = /Testa vides adrese: (\S+)/.exec(hint ?? '')?.[1] ?? '';
          assert.match(testEndpoint, /^https?:\/\//);
          const url = form.getByLabel(/Produkcijas vides adrese/);
          await url.fill(testEndpoint);
          await form.getByRole('button', { name: 'Reģistrēt produkcijas IS katalogā', exact: true }).click();
          await form.getByText('Šī ir testa vides adrese.', { exact: false }).waitFor();
          await url.fill(productionEndpoint);
        },
      });
      await expectState(reviewer, 'Uzstādīšana produkcijas vidē');
      const details = reviewer.getByText(productionEndpoint, { exact: true }).first();
      await details.waitFor();
      await reviewer
        .getByText(/Aģentūras produkcijas vidē \(pēc reģistrēšanas — uzstādīšana\)/)
        .first()
        .waitFor();
      assert.equal(await currentStep(reviewer), step[4]);
      await diagramStep(reviewer, step[4])
        .getByRole('listitem')
        .filter({ hasText: 'Uzstādīšana produkcijas vidē' })
        .getByText('Pašlaik: Uzstādīšana produkcijas vidē')
        .waitFor();

      await act(reviewer, 'Apstiprināt uzstādīšanu', {
        closes: true,
        fill: async (form) => {
          const checked = form.getByLabel(/Adrese, kurā produkcijas vide atbildēja/);
          assert.equal(await checked.inputValue(), productionEndpoint);
          await checked.fill(`${productionEndpoint}?wsdl`);
        },
      });
      await expectState(reviewer, 'Pabeigts');
      await reviewer.getByText(`${productionEndpoint}?wsdl`, { exact: true }).first().waitFor();
      // The production catalog entry has the production endpoint and hosting, not the test ones.
      const entry = await reviewer.evaluate(async () => {
        const id = location.pathname.split('/').pop();
        const res = await fetch(`/api/v1/requests/${id}`, { credentials: 'same-origin' });
        return (await res.json()).productionService as { endpointUrl: string; hosting: string };
      });
      assert.equal(entry.endpointUrl, productionEndpoint);
      assert.equal(entry.hosting, 'agency');
    });

    it('both sides see "Pabeigts", the completed diagram and every step in the timeline', async () => {
      await reopenFromMyRequests(member, reference, 'Pabeigts');
      for (const page of [reviewer, member]) {
        await expectState(page, 'Pabeigts');
        const diagram = page.getByRole('region', { name: 'Procedūras gaita' });
        await diagram.getByText('Procedūra pabeigta.').waitFor();
        assert.equal(await diagram.locator('li[aria-current="step"]').count(), 0);
        for (const name of [step[2], step[3], step[4]])
          await diagramStep(page, name).getByText('Pabeigts', { exact: true }).first().waitFor();
        // Nothing is left to do, so the actions panel is gone.
        assert.equal(await actions(page).count(), 0);
      }

      const expected = [
        'Pieteikums izveidots',
        'Iesniegt',
        'Sākt izskatīšanu',
        'Pieprasīt labojumus',
        'Nosūtīta ziņa',
        'Atbilde par labojumu',
        'Pieteikums labots',
        'Iesniegt',
        'Labojums atzīmēts kā izpildīts',
        'Pievienots pakalpojuma apraksts',
        'Pievienota auditpierakstu analīze',
        'Apstiprināt pārbaudi',
        'Sagatavots akcepttestēšanas akts',
        'Iesniegt parakstīto aktu',
        'Reģistrēt produkcijas IS katalogā',
        'Apstiprināt uzstādīšanu',
      ];
      assert.deepEqual(await timeline(member, 'Apstiprināt uzstādīšanu'), expected);
      assert.deepEqual(await timeline(reviewer, 'Apstiprināt uzstādīšanu'), expected);

      // The timeline carries the details: the corrections asked for and the production catalog entry.
      const history = member.getByRole('region', { name: 'Vēsture' });
      await history.getByText('1. labojumu kārta:').waitFor();
      await history.getByRole('listitem').filter({ hasText: correction }).first().waitFor();
      await history.getByText('Atkārtoti iesniegts pēc 1. labojumu kārtas.').waitFor();
      await history.getByText('Procedūras ceļš: izmanto VISS infrastruktūrā.').waitFor();
      await history.getByText('Procedūras ceļš: izvieto produkcijas vidē.').waitFor();
      await history.getByText(/Produkcijas vides IS kataloga ieraksts, versija 1/).waitFor();
      await checkAndCapture(member, 'lv-request-completed');
    });
  });

  it('not used in VISS infrastructure, not hosted: step 3 is skipped and registering completes the request', async () => {
    const reference = await createAndSubmit(member, {
      service: service.personalCode,
      description: 'REST pakalpe pārbauda, vai personas kods ir derīgs.',
      usedInViss: false,
      hosted: false,
    });
    const skipped = diagramStep(member, step[3]);
    await skipped.getByText('Nav vajadzīgs — neizmanto VISS infrastruktūrā').waitFor();

    await openFromQueue(reviewer, reference);
    await act(reviewer, 'Sākt izskatīšanu');
    await expectState(reviewer, 'Izskatīšanā');
    await takeDescriptionFromCatalog(reviewer);
    await act(reviewer, 'Apstiprināt pārbaudi');
    // Straight from the review to registration: no act to sign.
    await expectState(reviewer, 'Reģistrēšana produkcijas vidē');
    assert.equal(await currentStep(reviewer), step[4]);
    await diagramStep(reviewer, step[3]).getByText('Nav vajadzīgs — neizmanto VISS infrastruktūrā').waitFor();
    await diagramStep(reviewer, step[4]).getByText('Nav vajadzīgs — neizvieto produkcijas vidē').waitFor();

    await act(reviewer, 'Reģistrēt produkcijas IS katalogā', {
      closes: true,
      fill: async (form) => {
        assert.equal(await form.getByLabel('Iestādes infrastruktūrā').isChecked(), true);
        await form
          .getByLabel(/Produkcijas vides adrese/)
          .fill('https://iestade.example.lv/viss/personas-kodi');
      },
    });
    await expectState(reviewer, 'Pabeigts');

    await reopenFromMyRequests(member, reference, 'Pabeigts');
    const diagram = member.getByRole('region', { name: 'Procedūras gaita' });
    await diagram.getByText('Procedūra pabeigta.').waitFor();
    await diagramStep(member, step[3]).getByText('Nav vajadzīgs — neizmanto VISS infrastruktūrā').waitFor();
    assert.deepEqual(await timeline(member, 'Reģistrēt produkcijas IS katalogā'), [
      'Pieteikums izveidots',
      'Iesniegt',
      'Sākt izskatīšanu',
      'Pievienots pakalpojuma apraksts',
      'Apstiprināt pārbaudi',
      'Reģistrēt produkcijas IS katalogā',
    ]);
    const history = member.getByRole('region', { name: 'Vēsture' });
    await history.getByText('Procedūras ceļš: neizmanto VISS infrastruktūrā.').waitFor();
    await history.getByText('Procedūras ceļš: neizvieto produkcijas vidē.').waitFor();
    await checkAndCapture(member, 'lv-request-completed-without-act');
  });

  it('a rejection needs a reason, and the member sees the request rejected with that reason', async () => {
    const reference = await createAndSubmit(member, {
      service: service.nameChange,
      description: 'Asinhrona SOAP pakalpe paziņo datu ņēmējiem par vārda un uzvārda maiņu.',
      usedInViss: true,
      hosted: false,
      period: { from: '2026-11-01', to: '2026-11-30' },
    });
    const reason = 'Pakalpe izmanto RPC/encoded stilu; VISS vadlīnijas prasa document/literal.';

    await openFromQueue(reviewer, reference);
    await act(reviewer, 'Sākt izskatīšanu');
    await actions(reviewer).getByRole('button', { name: 'Noraidīt', exact: true }).click();
    const form = reviewer.getByRole('form', { name: 'Noraidīt' });
    await form.getByText('Pieteikums tiks noraidīts, un procedūra beigsies.').waitFor();
    await form.getByRole('button', { name: 'Noraidīt', exact: true }).click();
    const reasonField = form.getByLabel('Pamatojums');
    await form.getByText('Norādiet pamatojumu.').waitFor();
    assert.equal(await reasonField.getAttribute('aria-invalid'), 'true');
    await expectState(reviewer, 'Izskatīšanā');

    await reasonField.fill(reason);
    await form.getByRole('button', { name: 'Noraidīt', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await expectState(reviewer, 'Noraidīts');

    await reopenFromMyRequests(member, reference, 'Noraidīts');
    const diagram = member.getByRole('region', { name: 'Procedūras gaita' });
    await diagram.getByText('Pieteikums noraidīts.').waitFor();
    await diagram.getByText(`Pamatojums: ${reason}`).waitFor();
    await diagramStep(member, step[2]).getByText('Šajā solī noraidīts').waitFor();
    // A closed request has nothing left to do: no actions panel.
    assert.equal(await actions(member).count(), 0);
    const rejection = member
      .getByRole('region', { name: 'Vēsture' })
      .getByRole('listitem')
      .filter({ hasText: 'Noraidīt' })
      .first();
    await rejection.getByText(reason).waitFor();
    await rejection.getByText('Jānis Ozoliņš, Aģentūras eksperts').waitFor();
    await checkAndCapture(member, 'lv-request-rejected');
  });
});
