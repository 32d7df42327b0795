import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { type ActData, type ActSignatureClaim, formatActNumber, serviceVersionOf } from './act-data.ts';
import { actTexts } from './act-texts.ts';
import { extractPdfText } from './pdf-text.ts';
import { claimsQualifiedTimeStampedSignature, renderActPdf } from './render-act-pdf.ts';
import { sampleAct } from './sample-act.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the acceptance act PDF', () => {
  it('renders the same bytes twice for the same act, so its hash is stable', async () => {
    const [a, b] = [await renderActPdf(sampleAct('lv')), await renderActPdf(sampleAct('lv'))];
    assert.equal(sha256(a), sha256(b));
    assert.equal(Buffer.from(a.subarray(0, 5)).toString(), '%PDF-');
  });

  it('a different act (another version) renders to different bytes', async () => {
    const other = { ...sampleAct('lv'), version: 2, supersedes: { number: 'AA-2026-0001', version: 1 } };
    assert.notEqual(sha256(await renderActPdf(sampleAct('lv'))), sha256(await renderActPdf(other)));
  });

  it('its Latvian text extracts with every Latvian letter intact', async () => {
    const pages = await extractPdfText(await renderActPdf(sampleAct('lv')));
    const text = pages.join('\n').replace(/\s+/g, ' ');
    for (const expected of [
      'AKCEPTTESTĒŠANAS AKTS',
      'Nr. AA-2026-0001 (1. versija)',
      'Valsts reģionālās attīstības aģentūra',
      'Personas datu izsniegšana ģimenes ārstiem',
      'Iedzīvotāju reģistra ķēde',
      'Pēteris Liepa',
      'Jānis Ozoliņš',
      'ŽurnālaIeraksts',
      'Esošie patērētāji izmanto SOAP 1.1',
      'Secinājums',
      'Pielikums. Auditpierakstu analīze',
    ]) {
      assert.ok(text.includes(expected), `missing "${expected}"`);
    }
    assert.ok(!text.includes('\uFFFD'), 'no replacement characters');
    assert.match(text, /Lapa 1 no \d/);
  });

  it('every Latvian letter, small and capital, survives the round trip through the PDF', async () => {
    const letters = 'ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';
    const act = { ...sampleAct('lv'), conclusionNote: `Burti: ${letters}` };
    const text = (await extractPdfText(await renderActPdf(act))).join('\n');
    assert.ok(text.includes(`Burti: ${letters}`), text);
  });

  it('in English the headings are English and the audit appendix has its tables', async () => {
    const pages = await extractPdfText(await renderActPdf(sampleAct('en')));
    const text = pages.join('\n').replace(/\s+/g, ' ');
    assert.ok(text.includes('No. AA-2026-0001 (version 1)'));
    assert.ok(text.includes('ACCEPTANCE TESTING ACT'));
    assert.ok(text.includes('Appendix. Audit record analysis'));
    assert.ok(text.includes('Calls per day'));
    assert.ok(text.includes('personasDatuIzsniegšana12'));
    assert.ok(text.includes('SOAP 1.1 is used; SOAP 1.2 is recommended.'));
    const appendixPage = pages.find((p) => p.includes('Appendix. Audit record analysis'));
    assert.ok(!appendixPage?.includes('7. Signatures'), 'the appendix starts on its own page');
  });

  it('without an audit analysis the act says so and has no appendix', async () => {
    const text = (await extractPdfText(await renderActPdf(sampleAct('lv', false)))).join('\n');
    assert.ok(text.includes('Auditpierakstu analīze aktam nav pievienota.'));
    assert.ok(!text.includes('Pielikums'));
  });

  it("starts with the agency's header block from its configured identity, in both languages", async () => {
    for (const language of ['lv', 'en'] as const) {
      const act = {
        ...sampleAct(language),
        letterhead: {
          name:
            language === 'lv' ? 'Valsts digitālās attīstības aģentūra' : 'State Digital Development Agency',
          address: 'Pils iela 1, Rīga, LV-1050',
          phone: '+371 67 123 456',
          email: 'atbalsts@vdaa.gov.lv',
        },
      };
      const [first] = await extractPdfText(await renderActPdf(act));
      const page = (first ?? '').replace(/\s+/g, ' ');
      const head = page.slice(
        0,
        page.indexOf(language === 'lv' ? 'AKCEPTTESTĒŠANAS AKTS' : 'ACCEPTANCE TESTING ACT'),
      );
      assert.ok(head.includes(act.letterhead.name), head);
      assert.ok(head.includes('Pils iela 1, Rīga, LV-1050'), head);
      assert.ok(head.includes(language === 'lv' ? 'Tālr. +371 67 123 456' : 'Phone +371 67 123 456'), head);
      assert.ok(
        head.includes(language === 'lv' ? 'E-pasts atbalsts@vdaa.gov.lv' : 'E-mail atbalsts@vdaa.gov.lv'),
        head,
      );
    }
  });

  it('quotes names the Latvian way („…”) in Latvian and the English way in English', async () => {
    const lv = (await extractPdfText(await renderActPdf(sampleAct('lv')))).join('\n').replace(/\s+/g, ' ');
    assert.ok(lv.includes('Pakalpe „Personas datu izsniegšana ģimenes ārstiem”'), lv);
    assert.ok(!lv.includes('“Personas'));
    const en = (await extractPdfText(await renderActPdf(sampleAct('en')))).join('\n').replace(/\s+/g, ' ');
    assert.ok(en.includes('“Personas datu izsniegšana ģimenes ārstiem”'));
  });

  it('shows the production environment: its endpoint when known, else where it is hosted and when it is entered', async () => {
    const pending = (await extractPdfText(await renderActPdf(sampleAct('lv'))))
      .join('\n')
      .replace(/\s+/g, ' ');
    assert.ok(
      pending.includes(
        'Produkcijas vide Uzturēšana aģentūras produkcijas vidē; adresi norāda, reģistrējot produkcijas vides IS katalogā.',
      ),
      pending,
    );
    assert.ok(!pending.includes('Produkcijas vide —'));
    const en = (await extractPdfText(await renderActPdf(sampleAct('en')))).join('\n').replace(/\s+/g, ' ');
    assert.ok(en.includes("Production environment Hosted in the agency's production environment;"), en);
    const known = sampleAct('lv');
    known.service = {
      ...known.service,
      environments: [
        { name: 'test', endpoint: 'https://viss-test.example.lv/nrc/personas-dati' },
        { name: 'production', endpoint: 'https://viss.example.lv/nrc/personas-dati', hosting: 'agency' },
      ],
    };
    const text = (await extractPdfText(await renderActPdf(known))).join('\n').replace(/\s+/g, ' ');
    assert.ok(text.includes('Produkcijas vide https://viss.example.lv/nrc/personas-dati'), text);
  });

  it('numbers acts per year with four digits, and reads the service version from its identifier', () => {
    assert.equal(formatActNumber(2026, 1), 'AA-2026-0001');
    assert.equal(formatActNumber(2027, 123), 'AA-2027-0123');
    assert.equal(serviceVersionOf('URN:IVIS:100001:XSD-NRC-PersonasDati-V1-2'), '1.2');
    assert.equal(serviceVersionOf('URN:IVIS:100001:BEZVERSIJAS'), null);
  });
});

/** The act's text as one line: words joined by single spaces, wherever the PDF wrapped them. */
const actText = async (act: ActData) =>
  (await extractPdfText(await renderActPdf(act))).join(' ').replace(/\s+/g, ' ');
const withClaim = (language: 'lv' | 'en', claim: ActSignatureClaim): ActData => ({
  ...sampleAct(language, false),
  signatureClaim: claim,
});

describe('what the act says of its signatures', () => {
  it('a level B act with a non-qualified certificate claims no qualified signature and no time stamp', async () => {
    const lv = await actText(withClaim('lv', { agencyLevel: 'B', agencyQualified: false }));
    assert.ok(lv.includes('Akts ir parakstīts elektroniski ASiC-E konteinerā ar XAdES parakstiem'), lv);
    assert.ok(lv.includes('Aģentūras paraksts: elektroniskais paraksts (XAdES B-B).'), lv);
    for (const claim of [
      'drošu elektronisko parakstu',
      'drošs elektroniskais paraksts',
      'laika zīmog',
      'DROŠU',
    ]) {
      assert.ok(!lv.includes(claim), `says "${claim}"`);
    }
    const en = await actText(withClaim('en', { agencyLevel: 'B', agencyQualified: false }));
    assert.ok(
      en.includes('The act is signed electronically in an ASiC-E container with XAdES signatures'),
      en,
    );
    for (const claim of ['qualified', 'QUALIFIED', 'time stamp', 'TIME STAMP']) {
      assert.ok(!en.includes(claim), `says "${claim}"`);
    }
  });

  it('a qualified LT act says so and ends with the standard closing line, in both languages', async () => {
    const claim: ActSignatureClaim = { agencyLevel: 'LT', agencyQualified: true };
    const lv = await actText({ ...withClaim('lv', claim), audit: sampleAct('lv').audit });
    assert.ok(lv.includes('drošs elektroniskais paraksts ar laika zīmogu'), lv);
    const closing = lv.indexOf(
      'DOKUMENTS IR PARAKSTĪTS AR DROŠU ELEKTRONISKO PARAKSTU UN SATUR LAIKA ZĪMOGU',
    );
    assert.ok(
      closing > lv.indexOf('Izsaukumu skaits dienā'),
      'the closing line is at the end, after the appendix',
    );
    const en = await actText(withClaim('en', claim));
    assert.ok(en.includes('a qualified electronic signature with a time stamp'), en);
    assert.ok(
      en.includes('THIS DOCUMENT IS SIGNED WITH A QUALIFIED ELECTRONIC SIGNATURE AND CONTAINS A TIME STAMP'),
    );
  });

  // The whole table of claims: what each level and certificate may and may not make the act say.
  const levels = ['B', 'T', 'LT'] as const;
  for (const language of ['lv', 'en'] as const) {
    for (const agencyLevel of levels) {
      for (const agencyQualified of [false, true]) {
        const claim = { agencyLevel, agencyQualified };
        const name = `${language}, level ${agencyLevel}, ${agencyQualified ? 'qualified' : 'not qualified'}`;
        it(`claims exactly its signature: ${name}`, async () => {
          const t = actTexts[language];
          const text = await actText(withClaim(language, claim));
          const timeStamp = language === 'lv' ? /laika zīmog/i : /time stamp/i;
          const qualified = language === 'lv' ? /droš/i : /qualified/i;
          assert.ok(text.includes(t.agencySignature[agencyLevel][agencyQualified ? 'qualified' : 'plain']));
          assert.equal(timeStamp.test(text), agencyLevel !== 'B', 'mentions a time stamp');
          assert.equal(qualified.test(text), agencyQualified, 'mentions a qualified signature');
          assert.equal(text.includes(t.qualifiedWithTimeStamp), agencyQualified && agencyLevel !== 'B');
          assert.equal(claimsQualifiedTimeStampedSignature(claim), agencyQualified && agencyLevel !== 'B');
        });
      }
    }
  }
});

describe('the signature blocks', () => {
  it('are for the agency and for the institution, in the accusative, and name the expected signers', async () => {
    const base = sampleAct('lv', false);
    const act: ActData = {
      ...base,
      institution: {
        ...base.institution,
        signers: [
          { name: 'Pēteris Liepa', position: 'IT nodaļas vadītājs' },
          { name: 'Anna Bērziņa', position: null },
        ],
      },
    };
    const text = await actText(act);
    assert.ok(text.includes('Par aģentūru:'));
    assert.ok(text.includes('Par iestādi:'));
    assert.ok(!/Par aģentūra|Par iestāde/.test(text), 'no nominative after "Par"');
    assert.ok(text.includes('Pēteris Liepa, IT nodaļas vadītājs'));
    assert.match(text, /Anna Bērziņa(?!,)/);
  });

  it('without registered signers say the party signs with its e-seal or a representative, and name the contact', async () => {
    const lv = await actText(sampleAct('lv', false));
    const agencyBlock = lv.slice(lv.indexOf('Par aģentūru:'), lv.indexOf('Par iestādi:'));
    assert.ok(
      agencyBlock.includes('Parakstās ar savu elektronisko zīmogu vai ar pilnvarota pārstāvja parakstu.'),
      agencyBlock,
    );
    assert.ok(agencyBlock.includes('Kontaktpersona: Jānis Ozoliņš'), agencyBlock);

    const base = sampleAct('en', false);
    const en = await actText({ ...base, agency: { ...base.agency, representative: null } });
    assert.ok(en.includes('For the agency:') && en.includes('For the institution:'));
    const block = en.slice(en.indexOf('For the agency:'), en.indexOf('For the institution:'));
    assert.ok(
      block.includes('Signs with its electronic seal or through an authorised representative.'),
      block,
    );
    assert.ok(!block.includes('Contact:'), 'no contact line without a representative');
    assert.ok(en.includes('Pēteris Liepa, IT nodaļas vadītājs'));
  });
});
