import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalTrustServices, startLocalTrustServices } from '../trust-services/local-services.ts';
import { createActSigning, describeTrustServices } from './act-signing.ts';
import { exportPrivateKeyPem, issueSigningCertificate, toPem } from './certificates.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';
import { createXadesSignature } from './xades.ts';
import { readUnsignedProperties } from './xades-levels.ts';

const document = {
  name: 'akts.pdf',
  mimeType: 'application/pdf',
  bytes: new TextEncoder().encode('%PDF-1.7'),
};
const day = 24 * 3600 * 1000;
const pemSettings = { kind: 'pem', keyFile: '', certFile: '', trustAnchorsFile: '' } as const;
const timeouts = { tsaTimeoutMs: 5000, ocspTimeoutMs: 5000 };

describe('the level of the agency signature', () => {
  let pki: TestPki;
  let services: LocalTrustServices;
  before(async () => {
    pki = await makeTestPki();
    services = await startLocalTrustServices({ ca: pki.root });
  });
  after(() => services.close());

  it('B without a TSA: augment changes nothing', async () => {
    const signing = createActSigning(pemSettings);
    assert.equal(signing.levelFor(pki.agency), 'B');
    const xml = await createXadesSignature({ signer: pki.agency, document, signingTime: new Date() });
    assert.equal(await signing.augment(xml, pki.agency), xml);
  });

  it("T with a TSA; LT when an OCSP responder is configured or the certificate's AIA names one", async () => {
    const tOnly = createActSigning(pemSettings, { tsaUrl: services.tsaUrl, ocspUrl: undefined, ...timeouts });
    assert.equal(tOnly.levelFor(pki.agency), 'T');
    const withAia = await issueSigningCertificate(
      pki.root,
      { commonName: 'VRAA e-zīmogs', registrationNumber: '90001295469' },
      {
        notBefore: new Date(Date.now() - day),
        notAfter: new Date(Date.now() + day),
        ocspUrl: services.ocspUrl,
      },
    );
    assert.equal(tOnly.levelFor(withAia), 'LT');
    const xml = await createXadesSignature({ signer: withAia, document, signingTime: new Date() });
    const values = readUnsignedProperties(await tOnly.augment(xml, withAia));
    assert.deepEqual([values.signatureTimestamps.length, values.ocspValues.length], [1, 1]);

    const lt = createActSigning(pemSettings, {
      tsaUrl: services.tsaUrl,
      ocspUrl: services.ocspUrl,
      ...timeouts,
    });
    assert.equal(lt.levelFor(pki.agency), 'LT');
  });

  it('LT with a key whose certificate file lacks the issuer is refused when the key is loaded, saying why', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-act-signing-'));
    writeFileSync(path.join(dir, 'key.pem'), await exportPrivateKeyPem(pki.agency.privateKey));
    writeFileSync(path.join(dir, 'cert.pem'), toPem([pki.agency.certificate]));
    const signing = createActSigning(
      {
        kind: 'pem',
        keyFile: path.join(dir, 'key.pem'),
        certFile: path.join(dir, 'cert.pem'),
        trustAnchorsFile: '',
      },
      { tsaUrl: services.tsaUrl, ocspUrl: services.ocspUrl, ...timeouts },
    );
    await assert.rejects(
      signing.agencySigner({ name: '', registrationNumber: '', person: '' }),
      /issuer's certificate/,
    );
  });

  it('the startup log names the level and the services, without credentials', () => {
    assert.match(describeTrustServices({ tsaUrl: undefined, ocspUrl: undefined, ...timeouts }), /baseline B/);
    const line = describeTrustServices({
      tsaUrl: 'https://lietotajs:parole@tsa.example.lv/tsa?x=1',
      ocspUrl: 'http://ocsp.example.lv/',
      ...timeouts,
    });
    assert.equal(
      line,
      'XAdES baseline LT, time stamps from https://tsa.example.lv/tsa, OCSP from http://ocsp.example.lv/',
    );
  });
});
