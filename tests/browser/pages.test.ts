import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createRootCa } from '../../src/acts/signing/certificates.ts';
import { buildTrustList } from '../../src/acts/signing/trust-list-fixture.ts';
import {
  checkAndCapture,
  demo,
  inBothLanguages,
  type Language,
  logIn,
  newContext,
  type Server,
  seriousViolations,
  settled,
  startServerAndBrowser,
  switchLanguage,
} from './harness.ts';

// Every main page in Latvian and in English: axe-core finds no serious or critical violation, and a
// full-page screenshot goes to test-output/screenshots/<lang>-<page>.png for people to look at. The
// language is switched with the header's button, as a user does (the choice is stored for the user).
// The login page is covered by shell.test.ts (lv-login.png, en-login.png).
//
// Users: Māris (Rīgas digitālo pakalpojumu birojs), whose demo request has corrections requested;
// Līga, the reviewer assigned to it; Anna, the agency admin.

/** The visible texts these tests look for, in both languages (from web/src/i18n). */
const text = {
  lv: {
    nav: 'Galvenā navigācija',
    switchButton: 'Switch to English',
    myRequests: 'Mani pieteikumi',
    newRequest: 'Jauns pieteikums',
    saveAndSubmit: 'Saglabāt un iesniegt',
    errorSummary: 'Pārbaudiet atzīmētos laukus (5).',
    serviceError: 'Izvēlieties pakalpi.',
    corrections: 'Pieprasītie labojumi',
    edit: 'Labot pieteikumu',
    actions: 'Darbības',
    history: 'Vēsture',
    queue: 'Darba rinda',
    institutions: 'Iestādes',
    users: 'Lietotāji',
    tokens: 'API atslēgas',
    rules: 'Noteikumi',
    rulesTitle: 'Apraksta pārbaudes noteikumi',
    correctionsRequested: 'Jāveic labojumi',
    inReview: 'Izskatīšanā',
    resolve: /^Atzīmēt kā izpildītu/,
    blocked: 'Vēl nav iespējams',
    outbox: 'E-pasta izsūtne',
    devMailbox: 'Izstrādes pastkaste',
    quarantine: 'Karantīna',
    decide: 'Lēmums',
    representativesOf: (name: string) => `Iestādes “${name}” pārstāvji`,
    representativesTitle: (name: string) => `Pārstāvji: ${name}`,
    includeEnded: 'Rādīt arī beigušās pārstāvības',
    historyOf: (name: string) => `Vēsture: ${name}`,
    ended: 'Pārstāvība beigta',
    myInstitution: 'Mana iestāde',
    trustLists: 'Uzticamie saraksti',
    trustList: 'LV Nr. 1',
    trustListTitle: 'LV uzticamais saraksts Nr. 1',
    services: 'Saraksta pakalpojumi',
  },
  en: {
    nav: 'Main navigation',
    switchButton: 'Pārslēgt uz latviešu valodu',
    myRequests: 'My requests',
    newRequest: 'New request',
    saveAndSubmit: 'Save and submit',
    errorSummary: 'Please check the marked fields (5).',
    serviceError: 'Choose a service.',
    corrections: 'Corrections asked for',
    edit: 'Edit request',
    actions: 'Actions',
    history: 'History',
    queue: 'Work queue',
    institutions: 'Institutions',
    users: 'Users',
    tokens: 'API tokens',
    rules: 'Rules',
    rulesTitle: 'Description check rules',
    correctionsRequested: 'Corrections requested',
    inReview: 'In review',
    resolve: /^Mark as resolved/,
    blocked: 'Not possible yet',
    outbox: 'E-mail outbox',
    devMailbox: 'Development mailbox',
    quarantine: 'Quarantine',
    decide: 'Decision',
    representativesOf: (name: string) => `Representatives of “${name}”`,
    representativesTitle: (name: string) => `Representatives: ${name}`,
    includeEnded: 'Show ended representations too',
    historyOf: (name: string) => `History: ${name}`,
    ended: 'Representation ended',
    myInstitution: 'My institution',
    trustLists: 'Trusted lists',
    trustList: 'LV no. 1',
    trustListTitle: 'LV trusted list no. 1',
    services: "The list's services",
  },
} as const;

/** Switches the language with the header's button and waits until the page speaks it. */
/** At phone width nothing may make the page scroll sideways (WCAG 1.4.10, reflow). */
async function assertNoSidewaysScroll(page: Page, name: string): Promise<void> {
  // A string: this project's TypeScript has no DOM types, and the expression runs in the browser.
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  assert.deepEqual({ page: name, overflowPx: Math.max(overflow, 0) }, { page: name, overflowPx: 0 });
}

/**
 * Opens a page in Latvian, checks it, switches to English with the header's button, checks it again
 * and switches back. `open` brings the page up in the given language and waits for what it shows.
 */
const nav = (page: Page, lang: Language) => page.getByRole('navigation', { name: text[lang].nav });
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('every main page in Latvian and English passes axe and is captured', () => {
  let server: Server;
  let browser: Browser;
  let member: Page;
  let reviewer: Page;
  let admin: Page;
  /** Māris's request with corrections requested (the demo seed), opened from his list. */
  let requestUrl = '';

  before(async () => {
    [server, browser] = await startServerAndBrowser();
    const contexts = await Promise.all([newContext(browser), newContext(browser), newContext(browser)]);
    for (const context of contexts) context.setDefaultTimeout(15_000);
    [member, reviewer, admin] = await Promise.all([
      contexts[0].newPage(),
      contexts[1].newPage(),
      contexts[2].newPage(),
    ]);
    await Promise.all([
      logIn(member, server, demo.memberCity),
      logIn(reviewer, server, demo.reviewer2),
      logIn(admin, server, demo.admin),
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('my requests lists the institution’s requests with their states', async () => {
    await inBothLanguages(member, 'my-requests', async (lang) => {
      await nav(member, lang).getByRole('link', { name: text[lang].myRequests }).click();
      await h1(member, text[lang].myRequests).waitFor();
      await member.getByRole('table').getByText(text[lang].correctionsRequested, { exact: true }).waitFor();
    });
  });

  it('the new-request form, empty and after submitting it empty with its errors marked', async () => {
    const openForm = async (lang: Language) => {
      // Via the list, so the form starts afresh.
      await nav(member, lang).getByRole('link', { name: text[lang].myRequests }).click();
      await h1(member, text[lang].myRequests).waitFor();
      await nav(member, lang).getByRole('link', { name: text[lang].newRequest }).click();
      await h1(member, text[lang].newRequest).waitFor();
      await member.getByRole('combobox').first().waitFor();
    };
    await inBothLanguages(member, 'new-request', openForm);
    await inBothLanguages(member, 'new-request-errors', async (lang) => {
      await openForm(lang);
      await member.getByRole('button', { name: text[lang].saveAndSubmit }).click();
      await member.getByRole('alert').filter({ hasText: text[lang].errorSummary }).waitFor();
      await member.getByText(text[lang].serviceError).waitFor();
      // The first field with a problem (the service) gets the focus.
      await member.waitForFunction("document.activeElement?.tagName === 'SELECT'");
    });
  });

  it('the request page as the member: corrections asked for, the edit button and the actions', async () => {
    await nav(member, 'lv').getByRole('link', { name: text.lv.myRequests }).click();
    await member
      .getByRole('row')
      .filter({ hasText: text.lv.correctionsRequested })
      .getByRole('link', { name: /^TP-/ })
      .click();
    await h1(member, /^TP-/).waitFor();
    requestUrl = member.url();
    await inBothLanguages(member, 'request-detail-member', async (lang) => {
      await member.getByRole('region', { name: text[lang].corrections }).waitFor();
      await member.getByRole('button', { name: text[lang].edit }).waitFor();
      await member.getByRole('region', { name: text[lang].history }).getByRole('listitem').first().waitFor();
    });
  });

  it('the work queue lists the requests the agency must act on', async () => {
    await inBothLanguages(reviewer, 'queue', async (lang) => {
      await nav(reviewer, lang).getByRole('link', { name: text[lang].queue }).click();
      await reviewer.reload();
      await h1(reviewer, text[lang].queue).waitFor();
      await reviewer.getByRole('table').getByRole('link', { name: /^TP-/ }).first().waitFor();
    });
  });

  it('the request page as the reviewer, resubmitted and in review again: corrections to resolve, approval blocked', async () => {
    // Māris resubmits the request as it is; it is back in Līga's review at once.
    const memberActions = member.getByRole('region', { name: text.lv.actions });
    await memberActions.getByRole('button', { name: 'Iesniegt', exact: true }).click();
    await member
      .getByRole('form', { name: 'Iesniegt' })
      .getByRole('button', { name: 'Iesniegt', exact: true })
      .click();
    await memberActions.getByText('Pieteikums iesniegts.').waitFor();
    // With Līga assigned, the resubmitted request goes straight back to her review.
    await reviewer.goto(requestUrl);
    await inBothLanguages(reviewer, 'request-detail-agency', async (lang) => {
      await reviewer.locator('.request-header').getByText(text[lang].inReview, { exact: true }).waitFor();
      const corrections = reviewer.getByRole('region', { name: text[lang].corrections });
      await corrections.getByRole('button', { name: text[lang].resolve }).first().waitFor();
      await reviewer
        .getByRole('region', { name: text[lang].actions })
        .getByText(text[lang].blocked)
        .waitFor();
    });
  });

  it('the queue and the request page at phone width (390 px), in Latvian', async () => {
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await member.setViewportSize({ width: 390, height: 844 });
    try {
      await nav(reviewer, 'lv').getByRole('link', { name: text.lv.queue }).click();
      await reviewer.reload();
      await h1(reviewer, text.lv.queue).waitFor();
      // On a phone the queue is a list of cards, not a table.
      await reviewer
        .getByRole('list', { name: 'Pieteikumi darba rindā' })
        .getByRole('link', { name: /^TP-/ })
        .first()
        .waitFor();
      assert.equal(await reviewer.getByRole('table').count(), 0);
      await checkAndCapture(reviewer, 'lv-phone-queue');
      await assertNoSidewaysScroll(reviewer, 'lv-phone-queue');

      await reviewer.goto(requestUrl);
      await reviewer.getByRole('region', { name: text.lv.corrections }).waitFor();
      await checkAndCapture(reviewer, 'lv-phone-request-detail-agency');
      await assertNoSidewaysScroll(reviewer, 'lv-phone-request-detail-agency');

      await member.goto(requestUrl);
      await member.getByRole('region', { name: text.lv.corrections }).waitFor();
      await checkAndCapture(member, 'lv-phone-request-detail-member');
      await assertNoSidewaysScroll(member, 'lv-phone-request-detail-member');
    } finally {
      await reviewer.setViewportSize({ width: 1280, height: 900 });
      await member.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('the admin’s institutions and users pages', async () => {
    await inBothLanguages(admin, 'institutions', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].institutions }).click();
      await h1(admin, text[lang].institutions).waitFor();
      await admin.getByRole('table').getByText('Nacionālais reģistru centrs').waitFor();
    });
    await inBothLanguages(admin, 'users', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].users }).click();
      await h1(admin, text[lang].users).waitFor();
      await admin.getByRole('table').getByText(demo.memberCity).waitFor();
    });
  });

  it('the register of representatives: the admin’s section, an entry’s history, and a member’s own institution', async () => {
    const nrc = 'Nacionālais reģistru centrs';
    const openRegister = async (lang: Language) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].institutions }).click();
      await h1(admin, text[lang].institutions).waitFor();
      await admin.getByRole('button', { name: text[lang].representativesOf(nrc) }).click();
      const section = admin.getByRole('region', { name: text[lang].representativesTitle(nrc) });
      await section.getByRole('rowheader', { name: 'Pēteris Liepa' }).waitFor();
      return section;
    };
    await inBothLanguages(admin, 'institution-representatives', async (lang) => {
      await openRegister(lang);
    });
    // The dialog makes the header inert, so each language's capture closes it before switching.
    for (const lang of ['lv', 'en'] as const) {
      const section = await openRegister(lang);
      await section.getByLabel(text[lang].includeEnded).check();
      await section.getByRole('button', { name: text[lang].historyOf('Kārlis Ozols') }).click();
      const dialog = admin.getByRole('dialog', { name: text[lang].historyOf('Kārlis Ozols') });
      await dialog.getByText(text[lang].ended, { exact: true }).waitFor();
      await checkAndCapture(admin, `${lang}-representative-history`);
      await admin.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      if (lang === 'lv') await switchLanguage(admin, 'lv');
    }
    await switchLanguage(admin, 'en');
    await inBothLanguages(member, 'my-institution', async (lang) => {
      await nav(member, lang).getByRole('link', { name: text[lang].myInstitution }).click();
      await h1(member, text[lang].myInstitution).waitFor();
      await member.getByRole('rowheader', { name: 'Māris Zariņš' }).waitFor();
    });
  });

  it('the e-mail outbox and the development mailbox, holding the demo’s notifications', async () => {
    // Without SMTP_URL the server's worker delivers the demo's mail to the development mailbox.
    await inBothLanguages(admin, 'outbox', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].outbox }).click();
      await h1(admin, text[lang].outbox).waitFor();
      await admin.getByRole('table').getByRole('rowheader').first().waitFor();
    });
    await inBothLanguages(admin, 'dev-mailbox', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].devMailbox }).click();
      await h1(admin, text[lang].devMailbox).waitFor();
      await admin.getByRole('article').first().waitFor();
    });
  });

  it('the quarantine of the support mailbox and one mail waiting in it', async () => {
    const subject = 'Jautājums par VISS testēšanu';
    await inBothLanguages(admin, 'quarantine', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].quarantine }).click();
      await h1(admin, text[lang].quarantine).waitFor();
      await admin.getByRole('table').getByRole('link', { name: subject }).waitFor();
    });
    await inBothLanguages(admin, 'inbound-mail', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].quarantine }).click();
      await admin.getByRole('table').getByRole('link', { name: subject }).click();
      await h1(admin, subject).waitFor();
      await admin.getByRole('heading', { level: 2, name: text[lang].decide }).waitFor();
    });
  });

  it('the trusted lists: the admin loads a list, the table, a list with its services, and the remove dialog', async () => {
    const day = 86_400_000;
    const ca = await createRootCa('Pārlūka testu CA', {
      notBefore: new Date(Date.now() - day),
      notAfter: new Date(Date.now() + 365 * day),
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-tl-browser-'));
    const file = path.join(dir, 'lv-tl.xml');
    await writeFile(
      file,
      await buildTrustList({
        territory: 'LV',
        sequenceNumber: 1,
        issuedAt: new Date(),
        operator: 'Digitālās drošības uzraudzības komiteja',
        services: [
          {
            name: 'Kvalificēto sertifikātu CA',
            type: 'CA/QC',
            certificate: ca.certificate,
            history: [
              { status: 'withdrawn', from: new Date(Date.now() - 10 * day) },
              { status: 'granted', from: new Date(Date.now() - 400 * day) },
            ],
          },
        ],
      }),
    );
    try {
      await nav(admin, 'lv').getByRole('link', { name: text.lv.trustLists }).click();
      await h1(admin, text.lv.trustLists).waitFor();
      await admin.getByLabel('Saraksta XML datne').setInputFiles(file);
      await admin.getByRole('button', { name: 'Ielādēt', exact: true }).click();
      await admin.getByText('Ielādēts saraksts LV Nr. 1.').waitFor();
      // Nobody signs a list we know of in the demo: the page says its signature was not checked.
      await admin.getByText(/^Tā paraksts nav pārbaudīts/).waitFor();
      await checkAndCapture(admin, 'lv-trust-list-loaded');

      await inBothLanguages(admin, 'trust-lists', async (lang) => {
        await nav(admin, lang).getByRole('link', { name: text[lang].trustLists }).click();
        await h1(admin, text[lang].trustLists).waitFor();
        await admin.getByRole('rowheader', { name: new RegExp(`^${text[lang].trustList}`) }).waitFor();
      });
      await inBothLanguages(admin, 'trust-list-detail', async (lang) => {
        await nav(admin, lang).getByRole('link', { name: text[lang].trustLists }).click();
        await admin.getByRole('link', { name: text[lang].trustList }).click();
        await h1(admin, text[lang].trustListTitle).waitFor();
        await admin
          .getByRole('region', { name: text[lang].services })
          .getByRole('rowheader')
          .first()
          .waitFor();
      });

      await nav(admin, 'lv').getByRole('link', { name: text.lv.trustLists }).click();
      await admin.getByRole('button', { name: `Noņemt sarakstu ${text.lv.trustList}` }).click();
      const dialog = admin.getByRole('dialog', { name: `Noņemt sarakstu ${text.lv.trustList}` });
      await dialog.getByLabel(/^Iemesls/).waitFor();
      await checkAndCapture(admin, 'lv-trust-list-remove');
      await admin.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the rules page: the admin switches a rule off with a reason and a new version is saved', async () => {
    await nav(admin, 'lv').getByRole('link', { name: text.lv.rules }).click();
    await h1(admin, text.lv.rulesTitle).waitFor();
    await admin.getByRole('checkbox', { name: 'Ieslēgt noteikumu viss-ws-addressing' }).uncheck();
    await admin.getByLabel(/^Izmaiņu iemesls/).fill('WS-Addressing pārbauda VISS vārteja.');
    await admin.getByRole('button', { name: 'Saglabāt jaunu versiju' }).click();
    await admin.getByText('Saglabāta noteikumu versija 1.').waitFor();
    await admin
      .getByText(/1 noteikums atšķiras no noklusējuma · WS-Addressing pārbauda VISS vārteja\./)
      .waitFor();
    await inBothLanguages(admin, 'rules', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].rules }).click();
      await h1(admin, text[lang].rulesTitle).waitFor();
    });
  });

  it('the API tokens page, with a token created (its one-time secret box passes axe too)', async () => {
    await nav(admin, 'lv').getByRole('link', { name: text.lv.tokens }).click();
    await h1(admin, text.lv.tokens).waitFor();
    await admin.getByLabel('Nosaukums').fill('CI konveijers');
    await admin.getByLabel('Derīguma termiņš (dienas)').fill('90');
    await admin.getByRole('button', { name: 'Izveidot atslēgu' }).click();
    await admin.getByRole('heading', { name: 'Jūsu jaunā atslēga “CI konveijers”' }).waitFor();
    await settled(admin);
    assert.deepEqual(await seriousViolations(admin), []);
    await admin.getByRole('button', { name: 'Atslēga ir saglabāta' }).click();

    await inBothLanguages(admin, 'tokens', async (lang) => {
      await nav(admin, lang).getByRole('link', { name: text[lang].tokens }).click();
      await h1(admin, text[lang].tokens).waitFor();
      await admin.getByRole('rowheader', { name: 'CI konveijers' }).waitFor();
    });
  });
});
