import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import type { TrustServiceError } from '../trust-services/http.ts';
import { type LocalTrustServices, startLocalTrustServices } from '../trust-services/local-services.ts';
import { verifyOcspResponse } from '../trust-services/ocsp.ts';
import { verifyTimestampToken } from '../trust-services/timestamp.ts';
import { buildContainer } from './asice.ts';
import { toPem } from './certificates.ts';
import { pkijs, plainBytes } from './crypto-engine.ts';
import { extendSignature } from './extend-signature.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';
import { unlessInstalled, xmlsecVerify } from './test-tools.ts';
import { trustStoreFromCertificates } from './trust-store.ts';
import { verifyContainer } from './verify-container.ts';
import { createXadesSignature } from './xades.ts';
import { addSignatureTimestamp, readUnsignedProperties, xadesNamespace } from './xades-levels.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n% akcepttestēšanas akts AA-2026-0007\n%%EOF\n');
const document = { name: 'AA-2026-0007-v1.pdf', mimeType: 'application/pdf', bytes: pdf };
const dsNamespace = 'http://www.w3.org/2000/09/xmldsig#';
let pki: TestPki;
let services: LocalTrustServices;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const settings = (level: 'T' | 'LT') => ({
  level,
  tsaUrl: services.tsaUrl,
  ocspUrl: services.ocspUrl,
  tsaTimeoutMs: 5000,
  ocspTimeoutMs: 5000,
});

/** The canonical ds:SignatureValue by hand (exclusive c14n of an element without attributes). */
function canonicalSignatureValueOf(xml: Uint8Array): Uint8Array {
  const value = text(xml).match(/<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/)?.[1];
  assert.ok(value, 'the signature value is there');
  return new TextEncoder().encode(
    `<ds:SignatureValue xmlns:ds="${dsNamespace}">${value}</ds:SignatureValue>`,
  );
}

describe('XAdES baseline T and LT', () => {
  let signatureB: Uint8Array;

  before(async () => {
    pki = await makeTestPki();
    services = await startLocalTrustServices({ ca: pki.root });
    signatureB = await createXadesSignature({ signer: pki.agency, document, signingTime: new Date() });
  });
  after(() => services.close());

  it('T: a SignatureTimeStamp over the canonical SignatureValue, in the XAdES 1.3.2 namespace', async () => {
    const signatureT = await extendSignature(signatureB, pki.agency, settings('T'));
    const doc = new DOMParser().parseFromString(text(signatureT), 'application/xml');
    const stamps = doc.getElementsByTagNameNS(xadesNamespace, 'SignatureTimeStamp');
    assert.equal(stamps.length, 1);
    const stamp = stamps.item(0);
    assert.match(stamp?.getAttribute('Id') ?? '', /^id-[0-9a-f]+-timestamp$/);
    assert.equal(stamp?.parentNode?.localName, 'UnsignedSignatureProperties');
    assert.equal(stamp?.parentNode?.parentNode?.localName, 'UnsignedProperties');
    assert.equal(stamp?.parentNode?.parentNode?.previousSibling?.localName, 'SignedProperties');
    const method = doc.getElementsByTagNameNS(dsNamespace, 'CanonicalizationMethod');
    assert.equal(
      method.item(method.length - 1)?.getAttribute('Algorithm'),
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    );
    assert.equal(doc.getElementsByTagNameNS(xadesNamespace, 'CertificateValues').length, 0);

    const token = Buffer.from(
      doc.getElementsByTagNameNS(xadesNamespace, 'EncapsulatedTimeStamp').item(0)?.textContent ?? '',
      'base64',
    );
    const canonical = canonicalSignatureValueOf(signatureB);
    const v = verifyTimestampToken(token, canonical);
    assert.deepEqual([v.imprintMatches, v.signatureValid, v.problems], [true, true, []]);
    // The imprint read straight from the TSTInfo equals SHA-256 of the canonical element.
    const cms = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(plainBytes(token)).content });
    const tstInfo = pkijs.TSTInfo.fromBER(
      plainBytes(new Uint8Array(cms.encapContentInfo.eContent?.getValue() ?? new ArrayBuffer(0))),
    );
    assert.equal(
      Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).toString('hex'),
      createHash('sha256').update(canonical).digest('hex'),
    );
  });

  it('LT: certificate and OCSP values are added, and every byte of the B signature stays where it was', async () => {
    const signatureLT = await extendSignature(signatureB, pki.agency, settings('LT'));
    const original = text(signatureB);
    const closing = '</xades:SignedProperties>';
    const split = original.indexOf(closing) + closing.length;
    const extended = text(signatureLT);
    assert.ok(extended.startsWith(original.slice(0, split)));
    assert.ok(extended.endsWith(original.slice(split)));
    assert.match(
      extended.slice(split, extended.length - (original.length - split)),
      /^<xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:SignatureTimeStamp Id="[^"]+"><ds:CanonicalizationMethod Algorithm="[^"]+"\/><xades:EncapsulatedTimeStamp>[^<]+<\/xades:EncapsulatedTimeStamp><\/xades:SignatureTimeStamp><xades:CertificateValues>(<xades:EncapsulatedX509Certificate>[^<]+<\/xades:EncapsulatedX509Certificate>)+<\/xades:CertificateValues><xades:RevocationValues><xades:OCSPValues><xades:EncapsulatedOCSPValue>[^<]+<\/xades:EncapsulatedOCSPValue><\/xades:OCSPValues><\/xades:RevocationValues><\/xades:UnsignedSignatureProperties><\/xades:UnsignedProperties>$/,
    );

    const values = readUnsignedProperties(signatureLT);
    assert.deepEqual(values.problems, []);
    assert.equal(values.signatureTimestamps.length, 1);
    const [stamp] = values.signatureTimestamps;
    assert.deepEqual(stamp?.timestampedData, canonicalSignatureValueOf(signatureB));
    assert.equal(
      verifyTimestampToken(stamp?.token ?? new Uint8Array(), stamp?.timestampedData ?? new Uint8Array())
        .imprintMatches,
      true,
    );
    // ds:KeyInfo already holds the signer and the root: CertificateValues holds the TSA and responder.
    assert.deepEqual(
      values.certificateValues.map((c) => c.subject).sort(),
      [services.ocspCertificate.subject, services.tsaCertificate.subject].sort(),
    );
    assert.equal(values.ocspValues.length, 1);
    const ocsp = verifyOcspResponse(
      values.ocspValues[0] as Uint8Array,
      pki.agency.certificate,
      pki.root.certificate,
    );
    assert.deepEqual([ocsp.status, ocsp.problems], ['good', []]);
    // The OCSP response was asked for after the time stamp.
    const genTime = verifyTimestampToken(stamp?.token ?? new Uint8Array(), new Uint8Array()).genTime;
    assert.ok(
      genTime && ocsp.producedAt && ocsp.producedAt.getTime() >= Math.floor(genTime.getTime() / 1000) * 1000,
    );
  });

  it("the verifier's B-level checks pass on an LT signature: unsigned properties change nothing signed", async () => {
    const signatureLT = await extendSignature(signatureB, pki.agency, settings('LT'));
    const container = await buildContainer(
      document,
      [{ path: 'META-INF/signatures0.xml', xml: signatureLT }],
      new Date(),
    );
    const report = await verifyContainer(container, {
      trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root'),
      now: new Date(),
    });
    assert.deepEqual(report.signatures[0]?.problems, []);
    assert.equal(report.valid, true);
    assert.ok(
      Object.values(report.signatures[0]?.checks ?? {}).every((c) => c === 'passed' || c === 'not_checked'),
    );
    assert.equal(report.signatures[0]?.checks.signatureValue, 'passed');
  });

  it('xmlsec1, an independent implementation, verifies the LT signature and refuses a changed PDF', {
    skip: unlessInstalled('xmlsec1'),
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-xmlsec-lt-'));
    writeFileSync(
      path.join(dir, 'signature.xml'),
      await extendSignature(signatureB, pki.agency, settings('LT')),
    );
    writeFileSync(path.join(dir, 'root.pem'), toPem([pki.root.certificate]));
    writeFileSync(path.join(dir, 'act.pdf'), pdf);
    writeFileSync(path.join(dir, 'changed.pdf'), Buffer.concat([Buffer.from(pdf), Buffer.from('%')]));
    const xmlsec = (pdfFile: string) =>
      xmlsecVerify(dir, 'signature.xml', document.name, pdfFile, 'root.pem');
    assert.doesNotThrow(() => xmlsec('act.pdf'));
    assert.throws(() => xmlsec('changed.pdf'));
  });

  it('a second time stamp goes after the first, with an Id of its own', async () => {
    const once = await extendSignature(signatureB, pki.agency, settings('T'));
    const twice = await extendSignature(once, pki.agency, settings('T'));
    const stamps = readUnsignedProperties(twice).signatureTimestamps;
    assert.equal(stamps.length, 2);
    assert.notEqual(stamps[0]?.id, stamps[1]?.id);
    assert.ok(
      text(twice).startsWith(text(once).slice(0, text(once).indexOf('</xades:UnsignedSignatureProperties>'))),
    );
  });

  it('a revoked signing certificate stops LT with a typed error; the time stamp alone is not returned', async () => {
    const own = await startLocalTrustServices({ ca: pki.root });
    try {
      own.revoke(pki.institution.certificate.serialNumber, new Date(Date.now() - 60_000), 'superseded');
      const xml = await createXadesSignature({ signer: pki.institution, document, signingTime: new Date() });
      await assert.rejects(
        extendSignature(xml, pki.institution, {
          ...settings('LT'),
          tsaUrl: own.tsaUrl,
          ocspUrl: own.ocspUrl,
        }),
        (error: TrustServiceError) =>
          error.service === 'ocsp' &&
          error.kind === 'certificate_revoked' &&
          /superseded/.test(error.message),
      );
    } finally {
      await own.close();
    }
  });

  it('a file where the splice point is not unique is refused, not guessed at', () => {
    const tricky = text(signatureB).replace(
      '</asic:XAdESSignatures>',
      '<!-- </xades:SignedProperties> --></asic:XAdESSignatures>',
    );
    assert.throws(() => addSignatureTimestamp(new TextEncoder().encode(tricky), new Uint8Array([1])), /once/);
  });

  it('readUnsignedProperties never throws: an unreadable file or a broken value is a problem', () => {
    assert.deepEqual(readUnsignedProperties(signatureB), {
      signatureTimestamps: [],
      certificateValues: [],
      ocspValues: [],
      crlValues: [],
      problems: [],
    });
    assert.deepEqual(
      readUnsignedProperties(new TextEncoder().encode('<nav-paraksts/>')).problems.map((p) => p.code),
      ['unreadable'],
    );
    assert.deepEqual(
      readUnsignedProperties(new TextEncoder().encode('<!DOCTYPE x><x/>')).problems.map((p) => p.code),
      ['unreadable'],
    );
    const broken = addSignatureTimestamp(signatureB, new Uint8Array([1, 2, 3]));
    const damaged = text(broken).replace(
      /<xades:EncapsulatedTimeStamp>[^<]+/,
      '<xades:EncapsulatedTimeStamp>***',
    );
    const read = readUnsignedProperties(new TextEncoder().encode(damaged));
    assert.deepEqual(
      read.problems.map((p) => p.code),
      ['malformed_value'],
    );
    assert.equal(read.signatureTimestamps[0]?.token, null);
    const other = text(broken).replace(
      /(<xades:SignatureTimeStamp[^>]*><ds:CanonicalizationMethod Algorithm=")[^"]+/,
      '$1urn:nav-kanonizacija',
    );
    assert.deepEqual(
      readUnsignedProperties(new TextEncoder().encode(other)).problems.map((p) => p.code),
      ['unsupported_canonicalization'],
    );
  });
});
