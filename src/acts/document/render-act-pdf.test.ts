import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatActNumber, serviceVersionOf } from './act-data.ts';
import { extractPdfText } from './pdf-text.ts';
import { renderActPdf } from './render-act-pdf.ts';
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
      'Pielikums. Auditācijas pierakstu analīze',
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
    assert.ok(text.includes('Auditācijas pierakstu analīze aktam nav pievienota.'));
    assert.ok(!text.includes('Pielikums'));
  });

  it('numbers acts per year with four digits, and reads the service version from its identifier', () => {
    assert.equal(formatActNumber(2026, 1), 'AA-2026-0001');
    assert.equal(formatActNumber(2027, 123), 'AA-2027-0123');
    assert.equal(serviceVersionOf('URN:IVIS:100001:XSD-NRC-PersonasDati-V1-2'), '1.2');
    assert.equal(serviceVersionOf('URN:IVIS:100001:BEZVERSIJAS'), null);
  });
});
