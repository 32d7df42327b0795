import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { buildContainer, readContainer } from './asice.ts';
import { toPem } from './certificates.ts';
import { readPkcs12, writePkcs12 } from './pkcs12.ts';
import { describeReason } from './reasons.ts';
import { addSignatureToContainer, createSignedContainer } from './sign-container.ts';
import { agencyParty, institutionParty, makeTestPki, makeZipBomb, type TestPki } from './test-pki.ts';
import { unlessInstalled, xmlsecVerify } from './test-tools.ts';
import { trustStoreFromCertificates } from './trust-store.ts';
import { type Expectation, sha256Hex, verifyContainer } from './verify-container.ts';
import { createXadesSignature } from './xades.ts';

const now = new Date();
const issuedAt = new Date(now.getTime() - 60_000);
const pdf = new TextEncoder().encode('%PDF-1.7\n% akcepttestēšanas akts AA-2026-0001\n%%EOF\n');
const document = { name: 'AA-2026-0001.pdf', mimeType: 'application/pdf', bytes: pdf };
let pki: TestPki;

const expected = (): Expectation => ({
  sha256: sha256Hex(pdf),
  issuedAt,
  parties: [agencyParty, institutionParty],
});
const verify = (bytes: Uint8Array, withExpectation = true) =>
  verifyContainer(bytes, {
    trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root'),
    now,
    ...(withExpectation && { expected: expected() }),
  });
const codes = (report: Awaited<ReturnType<typeof verify>>) => [
  ...report.problems.map((p) => p.code),
  ...report.signatures.flatMap((s) => s.problems.map((p) => p.code)),
];

async function signedByBoth(institution = pki.institution): Promise<Uint8Array> {
  const agencySigned = await createSignedContainer(document, pki.agency, now);
  return addSignatureToContainer(agencySigned, institution, now);
}

async function rezip(container: Uint8Array, change: (zip: JSZip) => void): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(container);
  change(zip);
  const out = new JSZip();
  out.file('mimetype', 'application/vnd.etsi.asic-e+zip', { compression: 'STORE' });
  for (const [name, entry] of Object.entries(zip.files)) {
    if (name !== 'mimetype' && !entry.dir) out.file(name, await entry.async('uint8array'));
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('ASiC-E containers with XAdES signatures', () => {
  before(async () => {
    pki = await makeTestPki(now);
  });

  it('a container signed by the agency and the institution verifies, each signer matched to its party', async () => {
    const report = await verify(await signedByBoth());
    assert.deepEqual(codes(report), []);
    assert.equal(report.valid, true);
    assert.deepEqual(
      report.signatures.map((s) => [s.file, s.party, s.signer?.commonName, s.valid]),
      [
        ['META-INF/signatures0.xml', 'agency', 'Jānis Ozoliņš', true],
        ['META-INF/signatures1.xml', 'institution', 'Pēteris Liepa', true],
      ],
    );
    assert.deepEqual(
      report.parties.map((p) => [p.party, p.signed]),
      [
        ['agency', true],
        ['institution', true],
      ],
    );
    assert.equal(report.document?.sha256, sha256Hex(pdf));
    for (const s of report.signatures) {
      const { timestamp, revocation, ...baseline } = s.checks;
      assert.ok(Object.values(baseline).every((c) => c === 'passed'));
      // Level B, and it says so: no time stamp, no revocation data.
      assert.deepEqual([s.level, timestamp, revocation], ['B', 'not_checked', 'not_checked']);
      assert.deepEqual(
        s.notChecked.map((n) => n.code),
        ['no_timestamp', 'revocation_not_checked'],
      );
    }
  });

  it('the container is laid out as ASiC-E: mimetype first and stored, manifest, one signature file per signer', async () => {
    const bytes = await signedByBoth();
    assert.equal(Buffer.from(bytes.subarray(30, 38)).toString(), 'mimetype');
    assert.equal(Buffer.from(bytes).readUInt16LE(8), 0, 'mimetype is stored');
    const zip = await JSZip.loadAsync(bytes);
    assert.deepEqual(Object.keys(zip.files), [
      'mimetype',
      'AA-2026-0001.pdf',
      'META-INF/manifest.xml',
      'META-INF/signatures0.xml',
      'META-INF/signatures1.xml',
    ]);
    const signature = await zip.file('META-INF/signatures1.xml')?.async('string');
    assert.match(signature ?? '', /<asic:XAdESSignatures/);
    assert.match(signature ?? '', /URI="AA-2026-0001.pdf"/);
    assert.match(signature ?? '', /SigningCertificateV2/);
    assert.match(signature ?? '', /<xades:SigningTime>/);
    assert.match(signature ?? '', /<xades:MimeType>application\/pdf<\/xades:MimeType>/);
  });

  it('adding a signature keeps the earlier signature and the document byte for byte', async () => {
    const agencySigned = await createSignedContainer(document, pki.agency, now);
    const before = await readContainer(agencySigned);
    const after = await readContainer(await addSignatureToContainer(agencySigned, pki.institution, now));
    assert.deepEqual(after.signatures[0]?.xml, before.signatures[0]?.xml);
    assert.ok(Buffer.from(after.dataObjects[0]?.bytes ?? []).equals(Buffer.from(pdf)));
  });

  it('a container with only the agency signature is refused: the institution signature is missing', async () => {
    const report = await verify(await createSignedContainer(document, pki.agency, now));
    assert.equal(report.valid, false);
    assert.deepEqual(codes(report), ['missing_signature']);
    assert.equal(
      describeReason(report.problems[0] as never, 'lv'),
      `Trūkst derīga paraksta no puses: ${institutionParty.name}.`,
    );
  });

  it('a tampered PDF is refused: its digest no longer matches the signatures or the issued act', async () => {
    const tampered = await rezip(await signedByBoth(), (zip) => {
      zip.file('AA-2026-0001.pdf', new TextEncoder().encode('%PDF-1.7\n% cits saturs\n%%EOF\n'));
    });
    const report = await verify(tampered);
    assert.equal(report.valid, false);
    assert.ok(codes(report).includes('not_the_issued_act'));
    assert.deepEqual(
      report.signatures.map((s) => [s.checks.documentDigest, s.problems[0]?.code]),
      [
        ['failed', 'document_digest_mismatch'],
        ['failed', 'document_digest_mismatch'],
      ],
    );
  });

  it('a changed signed property (the signing time) breaks the signature', async () => {
    const forged = await rezip(await signedByBoth(), (zip) => {
      const file = 'META-INF/signatures1.xml';
      zip.file(
        file,
        zip
          .file(file)
          ?.async('string')
          .then((xml) =>
            xml.replace(/<xades:SigningTime>[^<]+/, '<xades:SigningTime>2026-12-31T00:00:00Z'),
          ) ?? '',
      );
    });
    const report = await verify(forged);
    assert.equal(report.signatures[1]?.checks.signedProperties, 'failed');
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => [p.code, p.params?.detail]),
      [['signed_properties_invalid', 'the SignedProperties were changed after signing']],
    );
    assert.equal(report.valid, false);
  });

  it("a foreign signer (another organisation's certificate) is refused as not representing a party", async () => {
    const report = await verify(await signedByBoth(pki.foreign));
    assert.equal(report.valid, false);
    assert.deepEqual(codes(report), ['missing_signature', 'unknown_signer']);
    assert.match(describeReason(report.signatures[1]?.problems[0] as never, 'en'), /Ģirts Svešais/);
  });

  it('an expired certificate is refused: it was not valid at signing time', async () => {
    const report = await verify(await signedByBoth(pki.expired));
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['certificate_expired'],
    );
    assert.equal(report.signatures[1]?.checks.validAtSigningTime, 'failed');
    assert.equal(report.valid, false);
  });

  it('a certificate from a CA outside the trust list is refused', async () => {
    const report = await verify(await signedByBoth(pki.untrusted));
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['untrusted_chain'],
    );
  });

  it('a certificate without the non-repudiation key usage is refused', async () => {
    const report = await verify(await signedByBoth(pki.withoutNonRepudiation));
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['no_non_repudiation'],
    );
  });

  it('a signature dated before the act was issued is refused', async () => {
    const early = await addSignatureToContainer(
      await createSignedContainer(document, pki.agency, now),
      pki.institution,
      new Date(issuedAt.getTime() - 24 * 3600 * 1000),
    );
    assert.ok(codes(await verify(early)).includes('signed_before_issue'));
  });

  it('a container with an extra, unsigned file is refused and names the file', async () => {
    const extra = await rezip(await signedByBoth(), (zip) => {
      zip.file('README.txt', 'neparakstīts pielikums');
    });
    const report = await verify(extra);
    assert.equal(report.readable, true);
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.params?.file ?? p.params?.count]),
      [
        ['not_in_manifest', 'README.txt'],
        ['unsigned_file', 'README.txt'],
        ['several_documents', '2'],
      ],
    );
    // The signatures themselves still hold: the report says what is wrong, and only that.
    assert.deepEqual(
      report.signatures.map((s) => s.valid),
      [true, true],
    );
  });

  it('two signatures in one signature file (as some tools write them) are each read and judged', async () => {
    const zip = await JSZip.loadAsync(await signedByBoth());
    const [first, second] = await Promise.all(
      ['META-INF/signatures0.xml', 'META-INF/signatures1.xml'].map(
        async (name) => (await zip.file(name)?.async('string')) ?? '',
      ),
    );
    const signatureOf = (xml: string) => /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)?.[0] ?? '';
    const combined = (first ?? '').replace('</ds:Signature>', `</ds:Signature>${signatureOf(second ?? '')}`);
    const report = await verify(
      await buildContainer(
        document,
        [{ path: 'META-INF/signatures.xml', xml: new TextEncoder().encode(combined) }],
        now,
      ),
    );
    assert.deepEqual(codes(report), []);
    assert.deepEqual(
      report.signatures.map((s) => [s.file, s.party, s.valid]),
      [
        ['META-INF/signatures.xml', 'agency', true],
        ['META-INF/signatures.xml', 'institution', true],
      ],
    );
  });

  it('a zip bomb is refused as one, from its headers', async () => {
    // Whether it is stopped before inflating is the zip module's test (inflated bytes are counted);
    // here: the verifier names the reason, whatever the machine's speed.
    const report = await verify(await makeZipBomb());
    assert.deepEqual(codes(report), ['zip_bomb']);
  });

  it('a container without signatures, or not a zip at all, is refused with its reason', async () => {
    const unsigned = await buildContainer(document, [], now);
    assert.deepEqual(codes(await verify(unsigned)), ['no_signatures']);
    assert.deepEqual(codes(await verify(new TextEncoder().encode('not a zip at all, just text'))), [
      'not_a_zip',
    ]);
    assert.deepEqual(codes(await verify(new Uint8Array())), ['not_a_zip']);
  });

  it('a mimetype entry that is compressed or not first is a warning: it does not change what is signed', async () => {
    const reordered = await rezip(await signedByBoth(), () => {});
    const zip = await JSZip.loadAsync(reordered);
    const out = new JSZip();
    for (const [name, entry] of Object.entries(zip.files)) {
      if (name !== 'mimetype') out.file(name, await entry.async('uint8array'));
    }
    out.file('mimetype', 'application/vnd.etsi.asic-e+zip', { compression: 'DEFLATE' });
    const report = await verify(await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    assert.equal(report.valid, true);
    assert.deepEqual(
      report.warnings.map((w) => w.code),
      ['mimetype_not_first'],
    );
  });

  it('a signature file with a DOCTYPE (entity tricks) is refused unread', async () => {
    const hostile = await rezip(await signedByBoth(), (zip) => {
      zip.file(
        'META-INF/signatures1.xml',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#">&b;</asic:XAdESSignatures>',
      );
    });
    const report = await verify(hostile);
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['signature_unreadable'],
    );
    assert.match(report.signatures[1]?.problems[0]?.params?.detail ?? '', /DOCTYPE/);
  });

  it('without an expectation (a quick check) the signatures are checked but no party is required', async () => {
    const report = await verify(await createSignedContainer(document, pki.agency, now), false);
    assert.equal(report.valid, true);
    assert.equal(report.signatures[0]?.checks.party, 'not_checked');
    assert.deepEqual(report.parties, []);
  });

  it('a PKCS#12 file round-trips the key and certificates, and a wrong password is refused', async () => {
    const p12 = await writePkcs12(pki.institution, 'slepena-parole');
    const back = await readPkcs12(p12, 'slepena-parole');
    assert.equal(back.certificate.subject, pki.institution.certificate.subject);
    await assert.rejects(readPkcs12(p12, 'nepareiza'), /password/);
    const signed = await addSignatureToContainer(
      await createSignedContainer(document, pki.agency, now),
      back,
      now,
    );
    assert.equal((await verify(signed)).valid, true);
  });

  it('xmlsec1, an independent XML-DSig implementation, verifies our signatures and refuses a changed PDF', {
    skip: unlessInstalled('xmlsec1'),
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-xmlsec-'));
    const zip = await JSZip.loadAsync(await signedByBoth());
    for (const name of ['META-INF/signatures0.xml', 'META-INF/signatures1.xml']) {
      writeFileSync(path.join(dir, path.basename(name)), (await zip.file(name)?.async('uint8array')) ?? '');
    }
    writeFileSync(path.join(dir, 'root.pem'), toPem([pki.root.certificate]));
    writeFileSync(path.join(dir, 'act.pdf'), pdf);
    writeFileSync(path.join(dir, 'changed.pdf'), Buffer.concat([Buffer.from(pdf), Buffer.from('%')]));
    const xmlsec = (file: string, pdfFile: string) =>
      xmlsecVerify(dir, file, document.name, pdfFile, 'root.pem');
    for (const file of ['signatures0.xml', 'signatures1.xml'])
      assert.doesNotThrow(() => xmlsec(file, 'act.pdf'));
    assert.throws(() => xmlsec('signatures1.xml', 'changed.pdf'));
  });

  it('a PKCS#12 file written by OpenSSL can sign, and OpenSSL reads ours', {
    skip: unlessInstalled('openssl'),
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-p12-'));
    const ours = path.join(dir, 'ours.p12');
    writeFileSync(ours, await writePkcs12(pki.institution, 'parole'));
    const pem = execFileSync('openssl', [
      'pkcs12',
      '-in',
      ours,
      '-passin',
      'pass:parole',
      '-nodes',
    ]).toString();
    assert.match(pem, /BEGIN PRIVATE KEY/);
    const theirs = path.join(dir, 'theirs.p12');
    writeFileSync(path.join(dir, 'all.pem'), pem);
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-in',
      path.join(dir, 'all.pem'),
      '-out',
      theirs,
      '-passout',
      'pass:citāda',
    ]);
    const keyed = await readPkcs12(readFileSync(theirs), 'citāda');
    const xml = await createXadesSignature({ signer: keyed, document, signingTime: now });
    assert.match(new TextDecoder().decode(xml), /XAdESSignatures/);
  });
});
