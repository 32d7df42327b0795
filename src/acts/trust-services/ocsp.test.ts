import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  createRootCa,
  issueServiceCertificate,
  issueSigningCertificate,
  toPem,
} from '../signing/certificates.ts';
import { pkijs, x509 } from '../signing/crypto-engine.ts';
import { makeTestPki, type TestPki } from '../signing/test-pki.ts';
import { unlessInstalled } from '../signing/test-tools.ts';
import type { TrustServiceError } from './http.ts';
import { type LocalTrustServices, startLocalTrustServices } from './local-services.ts';
import { ocspSigningKeyPurpose, ocspUrlOf, requestOcsp, verifyOcspResponse } from './ocsp.ts';

let pki: TestPki;
let services: LocalTrustServices;
const day = 24 * 3600 * 1000;
const codes = (v: ReturnType<typeof verifyOcspResponse>) => v.problems.map((p) => p.code);

describe('OCSP', () => {
  before(async () => {
    pki = await makeTestPki();
    services = await startLocalTrustServices({ ca: pki.root });
  });
  after(() => services.close());

  it('the local responder says good for a certificate of its CA, signed by its delegated responder', async () => {
    const from = Date.now() - 1000;
    const der = await requestOcsp(services.ocspUrl, pki.agency.certificate, pki.root.certificate);
    const v = verifyOcspResponse(der, pki.agency.certificate, pki.root.certificate);
    assert.deepEqual(codes(v), []);
    assert.equal(v.status, 'good');
    assert.deepEqual([v.signatureValid, v.responderAuthorised], [true, true]);
    assert.equal(v.responderCertificate?.subject, services.ocspCertificate.subject);
    assert.ok(v.producedAt && v.producedAt.getTime() >= from && v.producedAt.getTime() <= Date.now());
    assert.ok(v.nextUpdate && v.thisUpdate && v.nextUpdate > v.thisUpdate);
    assert.match(v.nonce ?? '', /^[0-9a-f]{64}$/, 'the nonce of the request comes back');
  });

  it('a CertID made with SHA-256 is matched with the hash the response uses', async () => {
    const der = await requestOcsp(services.ocspUrl, pki.institution.certificate, pki.root.certificate, {
      hash: 'SHA-256',
      nonce: false,
    });
    const v = verifyOcspResponse(der, pki.institution.certificate, pki.root.certificate);
    assert.deepEqual([v.status, v.nonce, codes(v)], ['good', null, []]);
  });

  it('after revoke() the certificate is revoked, with the time and the reason', async () => {
    const keyed = await issueSigningCertificate(
      pki.root,
      { commonName: 'Atsaukts' },
      { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day) },
    );
    const at = new Date('2026-01-15T10:20:30.456Z');
    services.revoke(keyed.certificate.serialNumber, at, 'keyCompromise');
    const v = verifyOcspResponse(
      await requestOcsp(services.ocspUrl, keyed.certificate, pki.root.certificate),
      keyed.certificate,
      pki.root.certificate,
    );
    assert.equal(v.status, 'revoked');
    assert.equal(v.revocationTime?.toISOString(), '2026-01-15T10:20:30.000Z');
    assert.equal(v.revocationReason, 'keyCompromise');
    assert.deepEqual(codes(v), []);
    // Another certificate of the same CA is not affected.
    const other = verifyOcspResponse(
      await requestOcsp(services.ocspUrl, pki.agency.certificate, pki.root.certificate),
      pki.agency.certificate,
      pki.root.certificate,
    );
    assert.equal(other.status, 'good');
  });

  it('a certificate of another CA is unknown to the responder', async () => {
    const issuer = pki.untrusted.chain[0] as x509.X509Certificate;
    const v = verifyOcspResponse(
      await postOcsp(services.ocspUrl, pki.untrusted.certificate, issuer),
      pki.untrusted.certificate,
      issuer,
    );
    assert.equal(v.status, 'unknown');
    // Nor did that CA delegate to this responder: requestOcsp refuses the answer.
    assert.equal(v.responderAuthorised, false);
    await assert.rejects(
      requestOcsp(services.ocspUrl, pki.untrusted.certificate, issuer),
      /responder_not_authorised/,
    );
  });

  it('a response signed by a certificate without the OCSPSigning key purpose is not authorised', async () => {
    const rogue = await startLocalTrustServices({ ca: pki.root, ocspResponder: pki.foreign });
    try {
      await assert.rejects(
        requestOcsp(rogue.ocspUrl, pki.agency.certificate, pki.root.certificate),
        (error: TrustServiceError) =>
          error.kind === 'bad_response' && /responder_not_authorised/.test(error.message),
      );
      const der = await postOcsp(rogue.ocspUrl, pki.agency.certificate, pki.root.certificate);
      const v = verifyOcspResponse(der, pki.agency.certificate, pki.root.certificate);
      assert.deepEqual([v.status, v.signatureValid, v.responderAuthorised], ['good', true, false]);
      assert.deepEqual(codes(v), ['responder_not_authorised']);
      assert.match(v.problems[0]?.detail ?? '', /lacks the OCSPSigning/);
    } finally {
      await rogue.close();
    }
  });

  it('a responder with the OCSPSigning key purpose from another CA is not authorised either', async () => {
    const validity = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + day) };
    const otherCa = await createRootCa('Cita CA', validity);
    const foreignResponder = await issueServiceCertificate(
      otherCa,
      { commonName: 'Svešs OCSP' },
      {
        ...validity,
        keyUsage: x509.KeyUsageFlags.digitalSignature,
        extendedKeyUsage: { purposes: [ocspSigningKeyPurpose], critical: false },
      },
    );
    const rogue = await startLocalTrustServices({ ca: pki.root, ocspResponder: foreignResponder });
    try {
      const der = await postOcsp(rogue.ocspUrl, pki.agency.certificate, pki.root.certificate);
      const v = verifyOcspResponse(der, pki.agency.certificate, pki.root.certificate);
      assert.deepEqual([v.signatureValid, v.responderAuthorised], [true, false]);
      assert.match(v.problems[0]?.detail ?? '', /neither the issuer nor a certificate it issued/);
    } finally {
      await rogue.close();
    }
  });

  it('producedAt can be set for tests: a response older than a signature', async () => {
    const old = await startLocalTrustServices({
      ca: pki.root,
      ocspProducedAt: (now) => new Date(now.getTime() - 3 * day),
    });
    try {
      const v = verifyOcspResponse(
        await requestOcsp(old.ocspUrl, pki.agency.certificate, pki.root.certificate),
        pki.agency.certificate,
        pki.root.certificate,
      );
      assert.equal(v.status, 'good');
      const age = Date.now() - (v.producedAt?.getTime() ?? 0);
      assert.ok(age > 3 * day - 5000 && age < 3 * day + 5000, `${age}`);
      assert.ok((v.thisUpdate?.getTime() ?? 0) <= (v.producedAt?.getTime() ?? 0));
      old.setOcspProducedAt(null);
      const fresh = verifyOcspResponse(
        await requestOcsp(old.ocspUrl, pki.agency.certificate, pki.root.certificate),
        pki.agency.certificate,
        pki.root.certificate,
      );
      assert.ok(Date.now() - (fresh.producedAt?.getTime() ?? 0) < 5000);
    } finally {
      await old.close();
    }
  });

  it('a damaged response is a problem, never an exception; a changed byte breaks the signature', async () => {
    const der = await requestOcsp(services.ocspUrl, pki.agency.certificate, pki.root.certificate);
    for (const damaged of [new Uint8Array(), new TextEncoder().encode('nav OCSP'), der.subarray(0, 50)]) {
      const v = verifyOcspResponse(damaged, pki.agency.certificate, pki.root.certificate);
      assert.deepEqual([v.status, v.producedAt, codes(v)], ['unknown', null, ['malformed']]);
    }
    // The last bytes are the responder certificate's signature; the bytes before the certs are the
    // response's own signature. Change one in the middle of the response signature.
    const flipped = Uint8Array.from(der);
    const signatureAt = Buffer.from(der).indexOf(Buffer.from([0x03, 0x82, 0x01, 0x01, 0x00]));
    assert.ok(signatureAt > 0);
    flipped[signatureAt + 20] = (flipped[signatureAt + 20] as number) ^ 0x01;
    const v = verifyOcspResponse(flipped, pki.agency.certificate, pki.root.certificate);
    assert.deepEqual([v.signatureValid, codes(v)], [false, ['signature_invalid']]);
  });

  it('a response for another certificate does not speak of this one', async () => {
    const der = await requestOcsp(services.ocspUrl, pki.agency.certificate, pki.root.certificate);
    const v = verifyOcspResponse(der, pki.institution.certificate, pki.root.certificate);
    assert.deepEqual([v.status, codes(v)], ['unknown', ['certificate_not_in_response']]);
  });

  it('a malformed request gets malformedRequest, which requestOcsp callers see as a refusal', async () => {
    const response = await fetch(services.ocspUrl, { method: 'POST', body: 'nav pieprasījums' });
    const v = verifyOcspResponse(
      new Uint8Array(await response.arrayBuffer()),
      pki.agency.certificate,
      pki.root.certificate,
    );
    assert.deepEqual(v.problems, [{ code: 'response_status', detail: 'malformedRequest' }]);
  });

  it('an unreachable responder is a typed error naming the service', async () => {
    await assert.rejects(
      requestOcsp('http://127.0.0.1:1/ocsp', pki.agency.certificate, pki.root.certificate, {
        timeoutMs: 2000,
      }),
      (error: TrustServiceError) => error.service === 'ocsp' && error.kind === 'unreachable',
    );
  });

  it('ocspUrlOf reads the responder from the Authority Information Access extension', async () => {
    const withAia = await issueSigningCertificate(
      pki.root,
      { commonName: 'Ar AIA' },
      {
        notBefore: new Date(Date.now() - day),
        notAfter: new Date(Date.now() + day),
        ocspUrl: 'http://ocsp.example.lv/',
      },
    );
    assert.equal(ocspUrlOf(withAia.certificate), 'http://ocsp.example.lv/');
    assert.equal(ocspUrlOf(pki.agency.certificate), null);
  });

  it('OpenSSL, an independent OCSP client, asks the local responder and verifies the answer', {
    skip: unlessInstalled('openssl'),
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-ocsp-'));
    writeFileSync(path.join(dir, 'ca.pem'), toPem([pki.root.certificate]));
    writeFileSync(path.join(dir, 'agency.pem'), toPem([pki.agency.certificate]));
    // Asynchronously: the responder runs in this process and must be free to answer.
    const { stdout } = await promisify(execFile)('openssl', [
      'ocsp',
      '-issuer',
      path.join(dir, 'ca.pem'),
      '-cert',
      path.join(dir, 'agency.pem'),
      '-url',
      services.ocspUrl,
      '-CAfile',
      path.join(dir, 'ca.pem'),
    ]);
    assert.match(stdout, /agency\.pem: good/);
  });
});

/** The answer of the responder at `url`, taken without requestOcsp's checks. */
async function postOcsp(
  url: string,
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(pkijs.Certificate.fromBER(certificate.rawData), {
    hashAlgorithm: 'SHA-1',
    issuerCertificate: pkijs.Certificate.fromBER(issuer.rawData),
  });
  const response = await fetch(url, {
    method: 'POST',
    body: new Uint8Array(request.toSchema(true).toBER(false)),
  });
  return new Uint8Array(await response.arrayBuffer());
}
