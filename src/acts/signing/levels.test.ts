import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type LocalTrustServices, startLocalTrustServices } from '../trust-services/local-services.ts';
import { requestOcsp } from '../trust-services/ocsp.ts';
import { buildContainer } from './asice.ts';
import type { KeyedCertificate } from './certificates.ts';
import { extendSignature } from './extend-signature.ts';
import { agencyParty, institutionParty, makeTestPki, type TestPki } from './test-pki.ts';
import { parseTrustList, trustStoreFromLists } from './trust-list.ts';
import { buildTrustList } from './trust-list-fixture.ts';
import { type TrustStore, trustStoreFromCertificates } from './trust-store.ts';
import { sha256Hex, verifyContainer } from './verify-container.ts';
import { createXadesSignature } from './xades.ts';
import { addLongTermValues } from './xades-levels.ts';

// Levels T and LT against the local TSA and OCSP responder (real HTTP, real DER) of a test CA: what a
// time stamp proves, what an OCSP response says, and when either is refused.

const now = new Date();
const day = 86_400_000;
const pdf = new TextEncoder().encode('%PDF-1.7\n% akts ar laika zīmogu\n%%EOF\n');
const document = { name: 'AA-2026-0002.pdf', mimeType: 'application/pdf', bytes: pdf };
let pki: TestPki;
let services: LocalTrustServices;
let anchors: TrustStore;

const settings = (level: 'T' | 'LT') => ({
  level,
  tsaUrl: services.tsaUrl,
  ocspUrl: services.ocspUrl,
  tsaTimeoutMs: 5000,
  ocspTimeoutMs: 5000,
});

async function signedContainer(signer: KeyedCertificate, level: 'B' | 'T' | 'LT', signingTime = now) {
  const b = await createXadesSignature({ signer, document, signingTime });
  const xml = level === 'B' ? b : await extendSignature(b, signer, settings(level));
  return buildContainer(document, [{ path: 'META-INF/signatures0.xml', xml }], now);
}

const verify = (container: Uint8Array, trust: TrustStore = anchors, extra: { online?: boolean } = {}) =>
  verifyContainer(container, {
    trust,
    now: new Date(),
    ...(extra.online && {
      onlineRevocation: {
        fetch: (c, issuer) => requestOcsp(services.ocspUrl, c, issuer, { timeoutMs: 5000 }),
      },
    }),
  });

describe('XAdES levels T and LT with a local TSA and OCSP responder', () => {
  before(async () => {
    pki = await makeTestPki(now);
    services = await startLocalTrustServices({ ca: pki.root });
    anchors = trustStoreFromCertificates([pki.root.certificate], 'pem', 'test root');
  });
  after(() => services.close());

  it('B: the signing time is a claim, and the report says what was not checked', async () => {
    const [s] = (await verify(await signedContainer(pki.agency, 'B'))).signatures;
    assert.deepEqual([s?.valid, s?.level, s?.provenTime], [true, 'B', null]);
    assert.deepEqual(
      s?.notChecked.map((n) => n.code),
      ['no_timestamp', 'revocation_not_checked'],
    );
  });

  it('T: the time stamp proves the time; the claimed time stays beside it', async () => {
    const claimed = new Date(Date.now() - 60_000);
    const [s] = (await verify(await signedContainer(pki.agency, 'T', claimed))).signatures;
    assert.deepEqual([s?.valid, s?.level, s?.checks.timestamp], [true, 'T', 'passed']);
    assert.equal(s?.signingTime, claimed.toISOString());
    const proven = Date.parse(s?.provenTime ?? '');
    assert.ok(proven >= claimed.getTime() && proven <= Date.now());
    assert.equal(s?.timestamps[0]?.tsa, services.tsaCertificate.subjectName.getField('CN')[0]);
    assert.deepEqual(
      s?.notChecked.map((n) => n.code),
      ['revocation_not_checked'],
    );
  });

  it('LT: the embedded OCSP response says good, after the proven time', async () => {
    const [s] = (await verify(await signedContainer(pki.agency, 'LT'))).signatures;
    assert.deepEqual(
      [s?.valid, s?.level, s?.checks.revocation, s?.revocation?.status],
      [true, 'LT', 'passed', 'good'],
    );
    assert.deepEqual(s?.notChecked, []);
  });

  it('a T signature reaches LT with online OCSP access, and says where the answer came from', async () => {
    const [s] = (await verify(await signedContainer(pki.agency, 'T'), anchors, { online: true })).signatures;
    assert.deepEqual([s?.level, s?.revocation?.source], ['LT', 'online']);
  });

  it('a revoked certificate: OCSP says revoked before the signature → refused with that reason', async () => {
    const signer = pki.institution;
    const t = await extendSignature(
      await createXadesSignature({ signer, document, signingTime: now }),
      signer,
      settings('T'),
    );
    services.revoke(signer.certificate.serialNumber, new Date(now.getTime() - day), 'keyCompromise');
    try {
      const ocsp = await requestOcsp(services.ocspUrl, signer.certificate, pki.root.certificate, {
        timeoutMs: 5000,
      });
      const lt = addLongTermValues(t, { certificates: [services.ocspCertificate], ocspResponses: [ocsp] });
      const report = await verify(
        await buildContainer(document, [{ path: 'META-INF/signatures0.xml', xml: lt }], now),
      );
      const [s] = report.signatures;
      assert.equal(s?.valid, false);
      assert.equal(s?.level, null);
      assert.deepEqual(
        s?.problems.map((p) => p.code),
        ['certificate_revoked'],
      );
      assert.equal(s?.revocation?.status, 'revoked');
    } finally {
      services.revoke(signer.certificate.serialNumber, new Date(8.64e15));
    }
  });

  it('revoked only after the proven time: the signature stands, and the report notes the revocation', async () => {
    const signer = pki.foreign;
    const t = await extendSignature(
      await createXadesSignature({ signer, document, signingTime: now }),
      signer,
      settings('T'),
    );
    services.revoke(signer.certificate.serialNumber, new Date(Date.now() + 1000));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ocsp = await requestOcsp(services.ocspUrl, signer.certificate, pki.root.certificate, {
      timeoutMs: 5000,
    });
    const lt = addLongTermValues(t, { certificates: [services.ocspCertificate], ocspResponses: [ocsp] });
    const [s] = (
      await verify(await buildContainer(document, [{ path: 'META-INF/signatures0.xml', xml: lt }], now))
    ).signatures;
    assert.deepEqual([s?.valid, s?.level], [true, 'LT']);
    assert.deepEqual(
      s?.warnings.map((w) => w.code),
      ['certificate_revoked'],
    );
  });

  it('an OCSP response older than the signature does not speak for it → refused', async () => {
    services.setOcspProducedAt((t) => new Date(t.getTime() - day));
    try {
      const [s] = (await verify(await signedContainer(pki.agency, 'LT'))).signatures;
      assert.equal(s?.valid, false);
      assert.deepEqual(
        s?.problems.map((p) => p.code),
        ['ocsp_before_signature'],
      );
    } finally {
      services.setOcspProducedAt(null);
    }
  });

  it('a TSA the trusted list does not name is not trusted, though its token is sound', async () => {
    const lv = (withTsa: boolean) =>
      buildTrustList({
        territory: 'LV',
        sequenceNumber: 1,
        issuedAt: now,
        services: [
          {
            name: 'Test CA',
            type: 'CA/QC',
            certificate: pki.root.certificate,
            history: [{ status: 'granted', from: new Date(now.getTime() - 90 * day) }],
          },
          ...(withTsa
            ? [
                {
                  name: 'Test TSA',
                  type: 'TSA/QTST' as const,
                  certificate: services.tsaCertificate,
                  history: [{ status: 'granted' as const, from: new Date(now.getTime() - 90 * day) }],
                },
              ]
            : []),
        ],
      });
    const container = await signedContainer(pki.agency, 'LT');
    const withoutTsa = trustStoreFromLists([await parseTrustList(await lv(false))]);
    const [refused] = (await verify(container, withoutTsa)).signatures;
    assert.equal(refused?.valid, false);
    assert.deepEqual(
      refused?.problems.map((p) => p.code),
      ['timestamp_untrusted'],
    );
    const withTsa = trustStoreFromLists([await parseTrustList(await lv(true))]);
    const [accepted] = (await verify(container, withTsa)).signatures;
    assert.deepEqual([accepted?.valid, accepted?.level, accepted?.qualification], [true, 'LT', 'ades']);
    // The CA is CA/QC, but the test certificate carries no QC statements: not a qualified signature.
    assert.deepEqual(
      (await verify(container, withTsa)).trust.map((t) => [t.kind, t.territory]),
      [['trusted_list', 'LV']],
    );
  });

  it('an act whose parties both signed at LT verifies as a whole, with the proven times', async () => {
    const agency = await extendSignature(
      await createXadesSignature({ signer: pki.agency, document, signingTime: now }),
      pki.agency,
      settings('LT'),
    );
    const institution = await extendSignature(
      await createXadesSignature({ signer: pki.institution, document, signingTime: new Date() }),
      pki.institution,
      settings('LT'),
    );
    const container = await buildContainer(
      document,
      [
        { path: 'META-INF/signatures0.xml', xml: agency },
        { path: 'META-INF/signatures1.xml', xml: institution },
      ],
      now,
    );
    const report = await verifyContainer(container, {
      trust: anchors,
      now: new Date(),
      expected: {
        sha256: sha256Hex(pdf),
        issuedAt: new Date(now.getTime() - 60_000),
        parties: [agencyParty, institutionParty],
      },
    });
    assert.equal(report.valid, true);
    assert.deepEqual(
      report.signatures.map((s) => [s.party, s.level, s.provenTime !== null]),
      [
        ['agency', 'LT', true],
        ['institution', 'LT', true],
      ],
    );
  });
});
