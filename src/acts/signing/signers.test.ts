import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import JSZip from 'jszip';
import { buildContainer } from './asice.ts';
import {
  exportPrivateKeyPem,
  issueSigningCertificate,
  type KeyedCertificate,
  type KeyKind,
} from './certificates.ts';
import type { ExpectedParty, Representative } from './party.ts';
import { createSignedContainer } from './sign-container.ts';
import { agencyParty, institutionParty, makeTestPki, type TestPki } from './test-pki.ts';
import { unlessInstalled, xmlsecVerify } from './test-tools.ts';
import { trustStoreFromCertificates } from './trust-store.ts';
import { sha256Hex, verifyContainer } from './verify-container.ts';

// Who signs, with what key: personal certificates (serialNumber PNOLV-…) count for a party through
// the register of representatives; ECDSA keys on P-256 and P-384 (Latvian eID cards since 2021) sign
// and verify both ways with libxmlsec1, an independent XML-DSig implementation.

const now = new Date();
const day = 86_400_000;
const pdf = new TextEncoder().encode('%PDF-1.7\n% akcepttestēšanas akts AA-2026-0003\n%%EOF\n');
const document = { name: 'AA-2026-0003.pdf', mimeType: 'application/pdf', bytes: pdf };
const secret = 'test-representative-secret';
const hashPersonalCode = (code: string) =>
  createHmac('sha256', secret)
    .update(code.replace(/^PNOLV-/i, '').replace('-', ''))
    .digest('hex');
let pki: TestPki;
const more = 'http://www.w3.org/2001/04/xmldsig-more#';
const enc = 'http://www.w3.org/2001/04/xmlenc#';

const personal = (person: string, personalCode: string, keyKind: KeyKind = 'P-384') =>
  issueSigningCertificate(
    pki.root,
    { commonName: person, personalCode },
    { notBefore: new Date(now.getTime() - 30 * day), notAfter: new Date(now.getTime() + 365 * day), keyKind },
  );

const entry = (name: string, code: string, from: Date, to: Date | null = null): Representative => ({
  personalCodeHash: hashPersonalCode(code),
  maskedCode: `${code.slice(0, 6)}-*****`,
  name,
  position: 'valdes loceklis',
  validFrom: from,
  validTo: to,
});

async function verifyAsAct(signer: KeyedCertificate, parties: ExpectedParty[]) {
  const agencySigned = await createSignedContainer(document, pki.agency, now);
  const zip = await JSZip.loadAsync(agencySigned);
  const first = (await zip.file('META-INF/signatures0.xml')?.async('uint8array')) as Uint8Array;
  const { createXadesSignature } = await import('./xades.ts');
  const second = await createXadesSignature({ signer, document, signingTime: now });
  const container = await buildContainer(
    document,
    [
      { path: 'META-INF/signatures0.xml', xml: first },
      { path: 'META-INF/signatures1.xml', xml: second },
    ],
    now,
  );
  return verifyContainer(container, {
    trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root'),
    now,
    expected: { sha256: sha256Hex(pdf), issuedAt: new Date(now.getTime() - 60_000), parties },
    hashPersonalCode,
  });
}

describe('personal certificates and the register of representatives', () => {
  before(async () => {
    pki = await makeTestPki(now);
  });

  it("a registered representative's personal eParaksts certificate signs for the institution", async () => {
    const signer = await personal('Pēteris Liepa', '010180-10006');
    const parties = [
      agencyParty,
      {
        ...institutionParty,
        representatives: [entry('Pēteris Liepa', '010180-10006', new Date(now.getTime() - 10 * day))],
      },
    ];
    const report = await verifyAsAct(signer, parties);
    assert.equal(report.valid, true);
    const [, institution] = report.signatures;
    assert.equal(institution?.party, 'institution');
    assert.deepEqual(institution?.representative, {
      name: 'Pēteris Liepa',
      position: 'valdes loceklis',
      maskedCode: '010180-*****',
    });
    assert.equal(institution?.signer?.serialNumber, 'PNOLV-010180-10006');
  });

  it('an unregistered person is refused, named with the masked code only', async () => {
    const report = await verifyAsAct(await personal('Anna Svešā', '020290-20002'), [
      agencyParty,
      { ...institutionParty, representatives: [] },
    ]);
    assert.equal(report.valid, false);
    const [problem] = report.signatures[1]?.problems ?? [];
    assert.deepEqual(
      [problem?.code, problem?.params?.code],
      ['representative_not_registered', '020290-*****'],
    );
    assert.doesNotMatch(JSON.stringify(report.signatures[1]?.problems), /020290-20002/);
  });

  it('a representation that ended before the signing time does not count', async () => {
    const parties = [
      agencyParty,
      {
        ...institutionParty,
        representatives: [
          entry(
            'Kārlis Ozols',
            '030370-30003',
            new Date(now.getTime() - 400 * day),
            new Date(now.getTime() - day),
          ),
        ],
      },
    ];
    const report = await verifyAsAct(await personal('Kārlis Ozols', '030370-30003'), parties);
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['representation_not_valid'],
    );
  });

  it("another institution's representative signs for neither party of this act", async () => {
    const report = await verifyAsAct(await personal('Ilze Krūmiņa', '040480-40004'), [
      agencyParty,
      { ...institutionParty, representatives: [] },
    ]);
    // Registered elsewhere (not a party here): the register of this act's parties does not know her.
    assert.deepEqual(
      report.signatures[1]?.problems.map((p) => p.code),
      ['representative_not_registered'],
    );
    assert.deepEqual(
      report.parties.map((p) => [p.party, p.signed]),
      [
        ['agency', true],
        ['institution', false],
      ],
    );
  });

  it('the bare form of the code (older certificates) matches as well', async () => {
    const signer = await issueSigningCertificate(
      pki.root,
      { commonName: 'Pēteris Liepa' },
      {
        notBefore: new Date(now.getTime() - day),
        notAfter: new Date(now.getTime() + day),
      },
    );
    // The subject's serialNumber without the PNOLV- prefix, as eParaksts wrote it before 2017.
    const { x509 } = await import('./crypto-engine.ts');
    const bare = await x509.X509CertificateGenerator.create({
      serialNumber: '0a',
      subject: new x509.Name([{ C: ['LV'] }, { '2.5.4.5': ['010180-10006'] }, { CN: ['Pēteris Liepa'] }]),
      issuer: pki.root.certificate.subjectName,
      notBefore: new Date(now.getTime() - day),
      notAfter: new Date(now.getTime() + day),
      publicKey: signer.certificate.publicKey,
      signingKey: pki.root.privateKey,
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.nonRepudiation, true),
      ],
    });
    const parties = [
      agencyParty,
      {
        ...institutionParty,
        representatives: [entry('Pēteris Liepa', '010180-10006', new Date(now.getTime() - 10 * day))],
      },
    ];
    const report = await verifyAsAct({ ...signer, certificate: bare }, parties);
    assert.equal(report.signatures[1]?.party, 'institution');
  });
});

describe('ECDSA, RSA and every canonicalization, checked by an independent implementation both ways', {
  skip: unlessInstalled('xmlsec1'),
}, () => {
  before(async () => {
    pki ??= await makeTestPki(now);
  });

  for (const curve of ['P-256', 'P-384'] as const) {
    it(`${curve}: our signature verifies in xmlsec1, and xmlsec1's verifies in ours (c14n 1.1)`, async () => {
      const signer = await personal('Māra Paraudziņa', '050590-50005', curve);
      const dir = mkdtempSync(path.join(os.tmpdir(), `pakalpe-ecdsa-${curve}-`));
      writeFileSync(path.join(dir, document.name), pdf);
      writeFileSync(path.join(dir, 'root.pem'), pki.root.certificate.toString('pem'));

      // Ours → xmlsec1.
      const ours = await createSignedContainer(document, signer, now);
      const ourSignature = (await (
        await JSZip.loadAsync(ours)
      )
        .file('META-INF/signatures0.xml')
        ?.async('uint8array')) as Uint8Array;
      assert.match(
        new TextDecoder().decode(ourSignature),
        new RegExp(`ecdsa-sha${curve === 'P-256' ? 256 : 384}`),
      );
      writeFileSync(path.join(dir, 'ours.xml'), ourSignature);
      xmlsecVerify(dir, 'ours.xml', document.name, document.name, 'root.pem');

      // xmlsec1 → ours: xmlsec1 fills in a XAdES template as DigiDoc4 writes it (c14n 1.1).
      writeFileSync(path.join(dir, 'key.pem'), await exportPrivateKeyPem(signer.privateKey));
      writeFileSync(
        path.join(dir, 'template.xml'),
        xadesTemplate(signer, {
          method: `${more}ecdsa-sha${curve === 'P-256' ? 256 : 384}`,
          c14n: 'http://www.w3.org/2006/12/xml-c14n11',
          digest: `${enc}sha256`,
        }),
      );
      xmlsecSign(dir);
      const theirs = await buildContainer(
        document,
        [{ path: 'META-INF/signatures0.xml', xml: readFileSync(path.join(dir, 'theirs.xml')) }],
        now,
      );
      const report = await verifyContainer(theirs, {
        trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root'),
        now,
      });
      assert.deepEqual(report.signatures[0]?.problems, []);
      assert.deepEqual([report.valid, report.signatures[0]?.checks.signatureValue], [true, 'passed']);

      // And a changed document fails in ours as in theirs.
      const tampered = await buildContainer(
        { ...document, bytes: new TextEncoder().encode('%PDF-1.7\n% cits\n%%EOF\n') },
        [{ path: 'META-INF/signatures0.xml', xml: readFileSync(path.join(dir, 'theirs.xml')) }],
        now,
      );
      assert.deepEqual(
        (
          await verifyContainer(tampered, {
            trust: trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root'),
            now,
          })
        ).signatures[0]?.problems.map((p) => p.code),
        ['document_digest_mismatch'],
      );
    });
  }

  const c14n10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
  const exc = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const c14n11 = 'http://www.w3.org/2006/12/xml-c14n11';
  const cases: [KeyKind, string, string, string][] = [
    ['rsa', `${more}rsa-sha224`, c14n10, `${more}sha224`],
    ['rsa', `${more}rsa-sha384`, `${c14n10}#WithComments`, `${more}sha384`],
    ['rsa', `${more}rsa-sha512`, exc, `${enc}sha512`],
    ['rsa', `${more}rsa-sha256`, `${exc}WithComments`, `${enc}sha256`],
    ['P-256', `${more}ecdsa-sha224`, `${c14n11}#WithComments`, `${more}sha224`],
    ['P-521', `${more}ecdsa-sha512`, c14n11, `${enc}sha512`],
  ];
  for (const [keyKind, method, c14n, digest] of cases) {
    const short = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
    it(`xmlsec1 signs with ${keyKind} ${short(method)}, ${short(c14n)}, ${short(digest)}: ours verifies it, and a changed comment counts exactly where the canonicalization says`, async () => {
      const signer = await personal('Jānis Bērziņš', '060660-60006', keyKind);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-xmlsec-sign-'));
      writeFileSync(path.join(dir, document.name), pdf);
      writeFileSync(path.join(dir, 'key.pem'), await exportPrivateKeyPem(signer.privateKey));
      writeFileSync(path.join(dir, 'template.xml'), xadesTemplate(signer, { method, c14n, digest }));
      xmlsecSign(dir);
      const signed = readFileSync(path.join(dir, 'theirs.xml'));
      const trust = trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root');
      const report = await verifyContainer(
        await buildContainer(document, [{ path: 'META-INF/signatures0.xml', xml: signed }], now),
        { trust, now },
      );
      assert.deepEqual(report.signatures[0]?.problems, []);
      assert.equal(report.valid, true);
      // A comment in SignedInfo is signed under the WithComments canonicalizations only; one in the
      // SignedProperties never is, because '#id' references drop comments (XML-DSig §4.4.3.3).
      const edit = async (from: string, to: string) => {
        const xml = new TextEncoder().encode(new TextDecoder().decode(signed).replace(from, to));
        const container = await buildContainer(document, [{ path: 'META-INF/signatures0.xml', xml }], now);
        return verifyContainer(container, { trust, now });
      };
      const inProperties = await edit('<!-- signed with a template -->', '<!-- changed -->');
      assert.equal(inProperties.valid, true, 'a comment in SignedProperties is not signed');
      const changed = await edit('<!-- a comment, which only', '<!-- a changed comment, which only');
      assert.equal(changed.valid, !c14n.endsWith('WithComments'), `${short(c14n)} and a changed comment`);
    });
  }
});

type TemplateAlgorithms = { method: string; c14n: string; digest: string };

function xadesTemplate(signer: KeyedCertificate, algorithms: TemplateAlgorithms): string {
  const der = new Uint8Array(signer.certificate.rawData);
  const { method, c14n, digest } = algorithms;
  return `<?xml version="1.0" encoding="UTF-8"?>
<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#">
  <ds:Signature Id="S0">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="${c14n}"/>
      <ds:SignatureMethod Algorithm="${method}"/>
      <!-- a comment, which only the WithComments canonicalizations keep -->
      <ds:Reference Id="S0-RefId0" URI="${document.name}">
        <ds:DigestMethod Algorithm="${digest}"/>
        <ds:DigestValue></ds:DigestValue>
      </ds:Reference>
      <ds:Reference Id="S0-RefId1" Type="http://uri.etsi.org/01903#SignedProperties" URI="#S0-SignedProperties">
        <ds:Transforms><ds:Transform Algorithm="${c14n}"/></ds:Transforms>
        <ds:DigestMethod Algorithm="${digest}"/>
        <ds:DigestValue></ds:DigestValue>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue Id="S0-SIG"></ds:SignatureValue>
    <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${Buffer.from(der).toString('base64')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    <ds:Object>
      <xades:QualifyingProperties Target="#S0">
        <xades:SignedProperties Id="S0-SignedProperties">
          <xades:SignedSignatureProperties>
            <!-- signed with a template -->
            <xades:SigningTime>${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}</xades:SigningTime>
            <xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${createHash('sha256').update(der).digest('base64')}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2>
          </xades:SignedSignatureProperties>
          <xades:SignedDataObjectProperties><xades:DataObjectFormat ObjectReference="#S0-RefId0"><xades:MimeType>application/pdf</xades:MimeType></xades:DataObjectFormat></xades:SignedDataObjectProperties>
        </xades:SignedProperties>
      </xades:QualifyingProperties>
    </ds:Object>
  </ds:Signature>
</asic:XAdESSignatures>
`;
}

/** xmlsec1 fills in template.xml in `dir` with key.pem, writing theirs.xml. */
function xmlsecSign(dir: string): void {
  execFileSync(
    'xmlsec1',
    [
      '--sign',
      '--id-attr:Id',
      'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
      '--privkey-pem',
      path.join(dir, 'key.pem'),
      `--url-map:${document.name}`,
      path.join(dir, document.name),
      '--output',
      path.join(dir, 'theirs.xml'),
      path.join(dir, 'template.xml'),
    ],
    { stdio: 'pipe' },
  );
}
