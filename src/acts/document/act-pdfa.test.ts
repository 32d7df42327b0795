import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DOMParser, onWarningStopParsing } from '@xmldom/xmldom';
import type { ActData } from './act-data.ts';
import { renderActPdf } from './render-act-pdf.ts';
import { sampleAct } from './sample-act.ts';

// The act read back by qpdf, an independent PDF implementation: its structure as JSON, its
// `--check`. qpdf is a Debian package that CI installs; elsewhere the tests skip without it.

const hasQpdf = spawnSync('qpdf', ['--version']).status === 0;
const inCi = process.env.CI === 'true';
const skip = !hasQpdf && !inCi && 'qpdf is not installed (apt-get install qpdf); CI runs these tests';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-pdfa-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function writePdf(bytes: Uint8Array): string {
  assert.ok(hasQpdf, 'qpdf is required to check the act (apt-get install qpdf)');
  files += 1;
  const file = path.join(dir, `act-${files}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

type QpdfValue = string | number | boolean | null | QpdfValue[] | { [key: string]: QpdfValue };
type QpdfObject = { value?: QpdfValue; stream?: { dict: Record<string, QpdfValue>; data?: string } };

/** A PDF's objects as qpdf's JSON (version 2) gives them, streams decoded and inline. */
function readPdf(bytes: Uint8Array) {
  const json = execFileSync(
    'qpdf',
    ['--json=2', '--json-stream-data=inline', '--decode-level=all', writePdf(bytes)],
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const objects = (JSON.parse(json) as { qpdf: [unknown, Record<string, QpdfObject>] }).qpdf[1];
  const object = (ref: QpdfValue | undefined): QpdfObject => {
    const found = typeof ref === 'string' ? objects[`obj:${ref}`] : undefined;
    assert.ok(found, `no object ${String(ref)}`);
    return found;
  };
  const dict = (ref: QpdfValue | undefined): Record<string, QpdfValue> => {
    const { value, stream } = object(ref);
    const d = stream?.dict ?? value;
    assert.ok(d && typeof d === 'object' && !Array.isArray(d), `object ${String(ref)} is not a dictionary`);
    return d;
  };
  const streamData = (ref: QpdfValue | undefined): Buffer => {
    const data = object(ref).stream?.data;
    assert.ok(data !== undefined, `object ${String(ref)} is not a stream`);
    return Buffer.from(data, 'base64');
  };
  const trailer = objects.trailer?.value as Record<string, QpdfValue>;
  const all = Object.entries(objects)
    .filter(([key]) => key.startsWith('obj:'))
    .map(([, o]) => o.stream?.dict ?? o.value)
    .filter((v): v is Record<string, QpdfValue> => typeof v === 'object' && v !== null && !Array.isArray(v));
  return { trailer, object, dict, streamData, all, catalog: dict(trailer['/Root']) };
}

/** qpdf writes a text string as `u:<text>`. */
const text = (value: QpdfValue | undefined) => {
  assert.ok(typeof value === 'string' && value.startsWith('u:'), `not a text string: ${String(value)}`);
  return value.slice(2);
};

/** `D:20261125093000Z` as a Date (PDFKit writes UTC). */
function pdfDate(value: string): Date {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  assert.ok(m, `unexpected PDF date ${value}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

const ns = {
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
};

/** The XMP packet parsed strictly (any XML error throws): a property's values by namespace and name. */
function readXmp(xml: string) {
  const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'application/xml');
  return (prefix: keyof typeof ns, name: string) =>
    Array.from(doc.getElementsByTagNameNS(ns[prefix], name)).map((e) => {
      const items = Array.from(e.getElementsByTagNameNS(ns.rdf, 'li'));
      return (items.length > 0 ? items.map((li) => li.textContent).join('|') : e.textContent)?.trim() ?? '';
    });
}

function pdfaParts(bytes: Uint8Array) {
  const pdf = readPdf(bytes);
  const metadata = pdf.catalog['/Metadata'];
  const xmp = readXmp(pdf.streamData(metadata).toString('utf8'));
  const info = pdf.dict(pdf.trailer['/Info']);
  const infoText = (key: string) => {
    const v = info[key];
    // PDFKit writes each Info entry as an indirect object.
    return text(typeof v === 'string' && / 0 R$/.test(v) ? pdf.object(v).value : v);
  };
  return { ...pdf, metadata, xmp, info, infoText };
}

describe('the acceptance act is a PDF/A-2b file', { skip }, () => {
  it('its XMP packet declares PDF/A-2b and has the title, creator, language and dates', async () => {
    const act = sampleAct('lv');
    const { dict, metadata, xmp } = pdfaParts(await renderActPdf(act));
    assert.equal(dict(metadata)['/Type'], '/Metadata');
    assert.equal(dict(metadata)['/Subtype'], '/XML');
    assert.equal(dict(metadata)['/Filter'], undefined, 'the packet is readable without decoding');
    assert.deepEqual(xmp('pdfaid', 'part'), ['2']);
    assert.deepEqual(xmp('pdfaid', 'conformance'), ['B']);
    assert.deepEqual(xmp('dc', 'title'), ['AKCEPTTESTĒŠANAS AKTS Nr. AA-2026-0001 (1. versija)']);
    assert.deepEqual(xmp('dc', 'creator'), ['Valsts reģionālās attīstības aģentūra']);
    assert.deepEqual(xmp('dc', 'language'), ['lv']);
    assert.deepEqual(xmp('xmp', 'CreateDate'), ['2026-11-25T09:30:00Z']);
    assert.deepEqual(xmp('xmp', 'ModifyDate'), ['2026-11-25T09:30:00Z']);
  });

  it('every entry of the Info dictionary has its XMP counterpart with the same value', async () => {
    const act = { ...sampleAct('en'), issuedAt: new Date('2027-01-31T22:15:42.789Z'), version: 3 };
    const { xmp, info, infoText } = pdfaParts(await renderActPdf(act));
    // ISO 19005-2, 6.6.3: the Info entries and the XMP properties that stand for them.
    const counterparts: Record<string, [keyof typeof ns, string]> = {
      '/Title': ['dc', 'title'],
      '/Author': ['dc', 'creator'],
      '/Subject': ['dc', 'description'],
      '/Keywords': ['pdf', 'Keywords'],
      '/Creator': ['xmp', 'CreatorTool'],
      '/Producer': ['pdf', 'Producer'],
      '/CreationDate': ['xmp', 'CreateDate'],
      '/ModDate': ['xmp', 'ModifyDate'],
    };
    const keys = Object.keys(info);
    assert.ok(keys.includes('/CreationDate') && keys.includes('/ModDate') && keys.includes('/Title'));
    for (const key of keys) {
      const counterpart = counterparts[key];
      assert.ok(counterpart, `Info has ${key}, which has no XMP counterpart`);
      const values = xmp(...counterpart);
      assert.equal(values.length, 1, `one ${counterpart.join(':')} in the packet`);
      const value = infoText(key);
      if (key.endsWith('Date')) {
        assert.equal(new Date(values[0] ?? '').getTime(), pdfDate(value).getTime(), key);
        assert.equal(pdfDate(value).getTime(), new Date('2027-01-31T22:15:42Z').getTime(), 'the issue time');
      } else {
        assert.equal(values[0], value, key);
      }
    }
    assert.equal(infoText('/Title'), 'ACCEPTANCE TESTING ACT No. AA-2026-0001 (version 3)');
  });

  it('has an sRGB output intent GTS_PDFA1 with an embedded three-component ICC profile', async () => {
    const { catalog, dict, streamData } = pdfaParts(await renderActPdf(sampleAct('lv')));
    const intents = catalog['/OutputIntents'];
    assert.ok(Array.isArray(intents) && intents.length === 1, 'one output intent');
    const intent = dict(intents[0]);
    assert.equal(intent['/S'], '/GTS_PDFA1');
    const profileRef = intent['/DestOutputProfile'];
    assert.equal(dict(profileRef)['/N'], 3);
    const icc = streamData(profileRef);
    assert.equal(icc.subarray(36, 40).toString('latin1'), 'acsp', 'an ICC profile');
    assert.equal(icc.subarray(16, 20).toString('latin1'), 'RGB ', 'for RGB colour');
    assert.equal(icc.readUInt32BE(0), icc.length, 'whole');
  });

  it('embeds every font, is not encrypted, has a document ID and states its language', async () => {
    for (const language of ['lv', 'en'] as const) {
      const { all, catalog, dict, trailer } = pdfaParts(await renderActPdf(sampleAct(language)));
      assert.equal(catalog['/Lang'], `u:${language}`);
      assert.equal(trailer['/Encrypt'], undefined);
      const id = trailer['/ID'];
      assert.ok(Array.isArray(id) && id.length === 2 && id.every((part) => typeof part === 'string'));
      const fonts = all.filter((o) => o['/Type'] === '/Font' && o['/Subtype'] !== '/Type0');
      assert.ok(fonts.length >= 2, 'the regular and the bold face');
      for (const font of fonts) {
        const descriptor = dict(font['/FontDescriptor']);
        assert.ok(descriptor['/FontFile2'], `${String(font['/BaseFont'])} is embedded`);
      }
    }
  });

  it('qpdf --check finds no errors or warnings', async () => {
    for (const act of [sampleAct('lv'), sampleAct('en', false)]) {
      const result = spawnSync('qpdf', ['--check', writePdf(await renderActPdf(act))]);
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
      assert.match(result.stdout.toString(), /No syntax or stream encoding errors found/);
      assert.equal(result.stderr.toString(), '');
    }
  });

  it('party names with XML special characters keep the packet well-formed and equal to the names', async () => {
    const base = sampleAct('lv');
    const act: ActData = {
      ...base,
      agency: { ...base.agency, name: 'Aģentūra <A> & "B"' },
      institution: { ...base.institution, name: 'SIA „Ābols & Bumbieris”' },
    };
    const { xmp } = pdfaParts(await renderActPdf(act));
    assert.deepEqual(xmp('dc', 'creator'), ['Aģentūra <A> & "B"']);
    assert.deepEqual(xmp('dc', 'description'), [
      'URN:IVIS:100001:XSD-NRC-PersonasDati-V1-2 — SIA „Ābols & Bumbieris”',
    ]);
  });

  it('the document ID follows the act: the same act the same ID, another version another', async () => {
    const id = async (act: ActData) => JSON.stringify(readPdf(await renderActPdf(act)).trailer['/ID']);
    const first = sampleAct('lv', false);
    assert.equal(await id(first), await id(sampleAct('lv', false)));
    assert.notEqual(await id(first), await id({ ...first, version: 2 }));
  });
});
