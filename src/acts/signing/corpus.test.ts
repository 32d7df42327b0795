import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readContainer } from './asice.ts';
import { unlessInstalled } from './test-tools.ts';
import type { TrustStore } from './trust-store.ts';
import { type ContainerReport, verifyContainer } from './verify-container.ts';
import { inspectSignatureFile } from './xades-read.ts';

// Every real container in ../shared/corpus/asice (made by libdigidocpp, digidoc4j and the EU's DSS,
// valid and deliberately broken) is a case with its expected outcome: the container's own problems,
// and per signature whether its mathematics hold and the specific reason it is refused. No trusted
// list is loaded here, so every chain, time-stamping authority and OCSP responder is untrusted; those
// reasons are left out of the comparison (the trust tests build their own PKI). A second test asks
// libxmlsec1, an independent implementation, about the mathematics of every signature, with the key
// the signature's SigningCertificate names, and requires the same answer.

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus/asice');
const noTrust: TrustStore = { services: [], sources: [] };
const trustReasons = new Set([
  'untrusted_chain',
  'timestamp_untrusted',
  'ocsp_untrusted',
  'ocsp_not_authorised',
]);

type Expected = {
  /** Container problems (errors), in the order reported. */
  problems: string[];
  warnings?: string[];
  /** Per signature, in file order: the signature value check and the refusal reasons beyond trust. */
  signatures?: [value: 'passed' | 'failed' | 'not_checked', reasons: string[]][];
};

const expected: Record<string, Expected> = {
  // Two data objects of one name: which bytes are signed would depend on the reader.
  'dd4j/22902_data_files_with_same_names.bdoc': { problems: ['duplicate_entry'] },
  // ID card, RSA 2047, XAdES-T with OCSP (LT): valid mathematics.
  'dd4j/IB-4183_3.4kaart_RSA2047_TS.asice': { problems: [], signatures: [['passed', []]] },
  // BDOC 2.1 time-mark with a signature policy; a BOM before the mimetype is a warning.
  'dd4j/IB-4185_bdoc21_TM_mimetype_with_BOM_PROD.bdoc': {
    problems: [],
    warnings: ['mimetype_bom'],
    signatures: [['passed', []]],
  },
  // rsa-sha224 verifies; the time stamp covers another SignatureValue.
  'dd4j/TS-02_23634_TS_wrong_SignatureValue.asice': {
    problems: [],
    signatures: [['passed', ['timestamp_imprint_mismatch']]],
  },
  'dd4j/datafile-name-in-signature-contains-path-separator.asice': {
    problems: ['unsigned_file'],
    signatures: [['passed', ['document_not_signed', 'unknown_reference']]],
  },
  'dd4j/extra_file_in_container.asice': {
    problems: ['not_in_manifest', 'unsigned_file'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  // The manifest says application/pdf, the signature text/plain.
  'dd4j/mimetype_mismatch.asice': {
    problems: ['manifest_mimetype_mismatch'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  'dd4j/missing_manifest.asice': {
    problems: ['manifest_missing'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', ['weak_algorithm', 'weak_algorithm']]],
  },
  'dd4j/signed_properties_reference_not_found.asice': {
    problems: [],
    warnings: ['mimetype_not_first'],
    signatures: [['not_checked', ['signed_properties_invalid']]],
  },
  // libdigidocpp's unsigned containers and path tricks.
  'ddpp/asice-path.asice': { problems: ['no_signatures'] },
  'ddpp/asice-relative.asice': { problems: ['unsafe_path'] },
  'ddpp/dot.asice': { problems: ['unsafe_path'] },
  'ddpp/pt-empty.asice': { problems: ['no_signatures'] },
  'ddpp/test-leading-slash-uri.asice': { problems: ['not_a_zip'] },
  // The SignatureValue was made with another key than the one SigningCertificate names.
  'ddpp/forged_lt.asice': { problems: [], signatures: [['failed', ['signature_invalid']]] },
  'ddpp/test.asice': { problems: [], signatures: [['passed', []]] },
  'ddpp/test.bdoc': {
    problems: [],
    signatures: [
      ['passed', []],
      ['passed', []],
    ],
  },
  // ASiC-E with CAdES signatures: named, not mistaken for a broken XAdES container.
  'dss/ASICE-CAdES-BpLTA.asice': { problems: ['unsupported_container'] },
  'dss/ASiCEWith2Signatures.bdoc': {
    problems: [],
    signatures: [
      ['passed', []],
      ['passed', []],
    ],
  },
  'dss/DSS-2123.asice': { problems: [], signatures: [['passed', []]] },
  'dss/Signature-A-EE-13.asice': { problems: [], signatures: [['passed', []]] },
  // Early Latvian eDoc software: misspelt ASiC namespace; libxmlsec1 does not verify them either.
  'dss/Signature-A-LV_EU-2.asice': {
    problems: [],
    warnings: ['legacy_asic_namespace'],
    signatures: [
      ['failed', ['weak_algorithm', 'weak_algorithm', 'signature_invalid', 'ocsp_before_signature']],
    ],
  },
  'dss/Signature-A-LV_EU-4.asice': {
    problems: [],
    warnings: ['legacy_asic_namespace'],
    signatures: [['failed', ['signature_invalid', 'ocsp_before_signature']]],
  },
  'dss/Signature-ASiC_LT_modified_cert_values.asice': {
    problems: ['manifest_missing'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  // The counter-signature is reported, and signs the second file; DSS's test certificate has no
  // non-repudiation key usage.
  'dss/container-with-counter-signature.asice': {
    problems: [],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', ['no_non_repudiation']]],
  },
  'dss/dss-2245-2500.asice': { problems: [], warnings: ['mimetype_not_first'], signatures: [['passed', []]] },
  // The mimetype says BDOC 1.0, the manifest ASiC-E.
  'dss/hello.bdoc': {
    problems: ['wrong_mimetype'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  'dss/malformed-container.asice': { problems: ['not_a_zip'] },
  'dss/multifiles-ok.asice': {
    problems: [],
    warnings: ['mimetype_not_first'],
    signatures: [
      ['passed', []],
      ['passed', []],
    ],
  },
  // The only data object is a signature file in META-INF.
  'dss/no-signed-file.asice': {
    problems: ['no_document'],
    warnings: ['mimetype_not_first'],
    signatures: [
      ['not_checked', ['signature_unreadable']],
      ['passed', ['signs_meta_inf_file', 'document_not_signed']],
    ],
  },
  'dss/onefile-no-mimetype.asice': {
    problems: [],
    warnings: ['mimetype_missing'],
    signatures: [['passed', []]],
  },
  'dss/onefile-ok.asice': { problems: [], warnings: ['mimetype_not_first'], signatures: [['passed', []]] },
  'dss/onefile-wrong-file.asice': {
    problems: ['manifest_file_missing', 'not_in_manifest', 'unsigned_file'],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', ['document_not_signed', 'unknown_reference']]],
  },
  'dss/removed-doc.asice': {
    problems: ['manifest_file_missing'],
    signatures: [['passed', ['unknown_reference']]],
  },
  'dss/test+test.edoc': { problems: [], signatures: [['passed', []]] },
  'dss/test-zip-comment.asice': {
    problems: [],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  // Nested zips: 16 unsigned, unlisted files, never inflated.
  'dss/zip-bomb.asice': {
    problems: [...Array(16).fill('not_in_manifest'), ...Array(16).fill('unsigned_file')],
    warnings: ['mimetype_not_first'],
    signatures: [['passed', []]],
  },
  // Latvian eID card (2021+): c14n 1.1, XAdES-LT.
  'lv/edoc2_lv-eId_sha256.edoc': { problems: [], signatures: [['passed', []]] },
  // ECDSA P-256, XAdES-T.
  'lv/latvian_T_signature.asice': { problems: [], signatures: [['passed', []]] },
  // rsa-sha1 over SignedInfo that does not verify (libxmlsec1 agrees).
  'lv/latvian_signed_container.edoc': {
    problems: [],
    signatures: [['failed', ['weak_algorithm', 'signature_invalid']]],
  },
};

function corpusFiles(): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(corpus, d.name)).map((f) => `${d.name}/${f}`))
    .sort();
}

const verify = (file: string): Promise<ContainerReport> =>
  verifyContainer(new Uint8Array(readFileSync(path.join(corpus, file))), { trust: noTrust, now: new Date() });

describe('real containers from other implementations (shared/corpus/asice)', {
  skip: !existsSync(corpus) && 'the corpus is not here',
}, () => {
  it('every file in the corpus has an expected outcome', () => {
    assert.deepEqual(corpusFiles(), Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`${file}: ${want.problems.length === 0 ? 'read, signatures judged' : want.problems.slice(0, 3).join(', ')}`, async () => {
      const report = await verify(file);
      assert.deepEqual(
        report.problems.map((p) => p.code),
        want.problems,
      );
      assert.deepEqual(
        report.warnings.map((w) => w.code),
        want.warnings ?? [],
      );
      assert.deepEqual(
        report.signatures.map((s) => [
          s.checks.signatureValue,
          s.problems.map((p) => p.code).filter((c) => !trustReasons.has(c)),
        ]),
        want.signatures ?? [],
      );
      // Without a trusted list nothing is valid, and no signature claims a level.
      assert.equal(report.valid, false);
      assert.ok(report.signatures.every((s) => s.level === null));
    });
  }

  it('what is not checked is said: policies, time stamps, revocation, archive stamps', async () => {
    const notChecked = async (file: string) =>
      (await verify(file)).signatures.flatMap((s) => s.notChecked.map((n) => n.code));
    assert.deepEqual(await notChecked('ddpp/test.asice'), ['policy_not_checked', 'no_timestamp']);
    assert.deepEqual(await notChecked('dss/onefile-ok.asice'), ['no_timestamp', 'revocation_not_checked']);
    assert.ok((await notChecked('dss/removed-doc.asice')).includes('archive_timestamp_not_checked'));
  });

  it('the Latvian time-stamped signatures prove their time once the TSA is trusted (the token is real)', async () => {
    const report = await verify('lv/latvian_T_signature.asice');
    const [stamp] = report.signatures[0]?.timestamps ?? [];
    assert.equal(stamp?.kind, 'signature');
    assert.ok(stamp?.time && !Number.isNaN(Date.parse(stamp.time)));
    // Only its trust is missing: no other reason refuses the time stamp.
    assert.deepEqual(
      report.signatures[0]?.problems.filter((p) => p.code.startsWith('timestamp')).map((p) => p.code),
      ['timestamp_untrusted'],
    );
  });

  it('libxmlsec1 agrees on the mathematics of every signature, with the key SigningCertificate names', {
    skip: unlessInstalled('xmlsec1'),
  }, async () => {
    let compared = 0;
    for (const file of Object.keys(expected)) {
      const bytes = new Uint8Array(readFileSync(path.join(corpus, file)));
      let contents: Awaited<ReturnType<typeof readContainer>>;
      try {
        contents = await readContainer(bytes);
      } catch {
        continue; // not readable: nothing to compare
      }
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-corpus-'));
      for (const [name, content] of contents.entries) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      const report = await verify(file);
      for (const signatureFile of contents.signatures) {
        const inspected = await inspectSignatureFile(signatureFile.xml, signatureFile.path, contents.entries);
        for (const [index, signature] of inspected.signatures.entries()) {
          if (!signature.signerCertificate || signature.unsupportedAlgorithm) continue;
          const ours = report.signatures.find((s) => s.file === signatureFile.path && s.id === signature.id);
          const oursHolds =
            ours?.checks.signatureValue === 'passed' &&
            ours.checks.signedProperties === 'passed' &&
            signature.unknownReferences.length === 0 &&
            signature.documents.every((d) => d.digestMatches === true);
          const theirs = xmlsecVerifies(
            dir,
            signatureFile.path,
            index,
            new Uint8Array(signature.signerCertificate.rawData),
          );
          assert.equal(
            oursHolds,
            theirs,
            `${file} ${signatureFile.path}#${signature.id}: ours ${oursHolds}, xmlsec1 ${theirs}`,
          );
          compared += 1;
        }
      }
    }
    assert.ok(compared >= 30, `compared ${compared} signatures`);
    console.log(`libxmlsec1 and Pakalpe agree on ${compared} signatures`);
  });
});

/** xmlsec1 verifies the index-th top-level signature of the file, with only the given certificate's key. */
function xmlsecVerifies(dir: string, signaturePath: string, index: number, certificate: Uint8Array): boolean {
  // References are relative to the container root, so the signature file is put there.
  const copy = path.join(dir, `__${path.basename(signaturePath)}`);
  writeFileSync(copy, readFileSync(path.join(dir, signaturePath)));
  writeFileSync(path.join(dir, '__signer.der'), certificate);
  try {
    execFileSync(
      'xmlsec1',
      [
        '--verify',
        '--enabled-key-data',
        'key-name',
        '--pubkey-cert-der',
        path.join(dir, '__signer.der'),
        '--enabled-reference-uris',
        'empty,same-doc,local,remote',
        '--id-attr:Id',
        'http://uri.etsi.org/01903/v1.3.2#:SignedProperties',
        '--node-xpath',
        `(/*/*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[${index + 1}]`,
        copy,
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return true;
  } catch {
    return false;
  }
}
