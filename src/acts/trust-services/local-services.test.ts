import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRootCa } from '../signing/certificates.ts';
import { loadOrCreateDemoCa } from '../signing/demo-ca.ts';
import { startLocalTrustServices } from './local-services.ts';
import { tsaUsageProblem } from './timestamp.ts';

describe('the local TSA and OCSP responder', () => {
  it('their certificates are issued by the demo CA, kept next to it, made once and reused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-local-services-'));
    const ca = await loadOrCreateDemoCa(dir);
    const first = await startLocalTrustServices({ ca, dir });
    await first.close();
    assert.deepEqual(readdirSync(dir).sort(), [
      'demo-ocsp.key.pem',
      'demo-ocsp.pem',
      'demo-root-ca.key.pem',
      'demo-root-ca.pem',
      'demo-tsa.key.pem',
      'demo-tsa.pem',
    ]);
    assert.equal(first.tsaCertificate.issuer, ca.certificate.subject);
    assert.equal(first.ocspCertificate.issuer, ca.certificate.subject);
    assert.equal(tsaUsageProblem(first.tsaCertificate), undefined);
    assert.match(first.tsaUrl, /^http:\/\/127\.0\.0\.1:\d+\/tsa$/);

    const again = await startLocalTrustServices({ ca, dir });
    await again.close();
    assert.equal(again.tsaCertificate.serialNumber, first.tsaCertificate.serialNumber);
    assert.equal(again.ocspCertificate.serialNumber, first.ocspCertificate.serialNumber);
  });

  it('another CA in the same folder gets certificates of its own', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-local-services-'));
    const validity = { notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 86_400_000) };
    const first = await startLocalTrustServices({ ca: await createRootCa('Viena CA', validity), dir });
    await first.close();
    const other = await createRootCa('Otra CA', validity);
    const second = await startLocalTrustServices({ ca: other, dir });
    await second.close();
    assert.notEqual(second.tsaCertificate.serialNumber, first.tsaCertificate.serialNumber);
    assert.equal(second.tsaCertificate.issuer, other.certificate.subject);
  });

  it('anything but the two services is refused', async () => {
    const validity = { notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 86_400_000) };
    const services = await startLocalTrustServices({ ca: await createRootCa('CA', validity) });
    try {
      assert.equal((await fetch(services.tsaUrl)).status, 405);
      assert.equal((await fetch(services.tsaUrl.replace('/tsa', '/cits'), { method: 'POST' })).status, 404);
      const big = new Uint8Array(128 * 1024);
      assert.equal((await fetch(services.tsaUrl, { method: 'POST', body: big })).status, 413);
    } finally {
      await services.close();
    }
  });
});
