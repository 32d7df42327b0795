import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as asn1js from 'asn1js';
import { type KeyedCertificate, toPem } from '../signing/certificates.ts';
import { pkijs, plainBytes } from '../signing/crypto-engine.ts';
import { makeTestPki, type TestPki } from '../signing/test-pki.ts';
import { unlessInstalled } from '../signing/test-tools.ts';
import { digest, type HashName, hashOidOf } from './algorithms.ts';
import { TrustServiceError } from './http.ts';
import {
  answerTimestampRequest,
  issueTsaCertificate,
  type LocalTrustServices,
  localTsaPolicy,
  signTimestampToken,
  startLocalTrustServices,
} from './local-services.ts';
import { requestTimestamp, verifyTimestampToken } from './timestamp.ts';

const data = new TextEncoder().encode('<ds:SignatureValue>ZGF0aQ==</ds:SignatureValue>');
let pki: TestPki;
let services: LocalTrustServices;
/** A TSA certificate of the same CA, for tokens the tests shape themselves. */
let tsa: KeyedCertificate;

function tstInfo(hashOid: string, imprint: Uint8Array, genTime = new Date()) {
  return new pkijs.TSTInfo({
    version: 1,
    policy: localTsaPolicy,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashOid }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    serialNumber: new asn1js.Integer({ value: 7 }),
    genTime,
  });
}

async function tokenSignedBy(
  signer: KeyedCertificate,
  options: Partial<Parameters<typeof signTimestampToken>[2]> = {},
  info = tstInfo(hashOidOf('SHA-256'), digest('SHA-256', data)),
): Promise<Uint8Array> {
  const contentInfo = await signTimestampToken(info, signer, { includeCertificate: true, ...options });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

const codes = (v: ReturnType<typeof verifyTimestampToken>) => v.problems.map((p) => p.code);

/** A server on a free loopback port that answers every request with `reply`. */
async function fakeServer(
  reply: (res: http.ServerResponse) => void,
): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => reply(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('RFC 3161 time stamps', () => {
  before(async () => {
    pki = await makeTestPki();
    services = await startLocalTrustServices({ ca: pki.root });
    tsa = await issueTsaCertificate(pki.root);
  });
  after(() => services.close());

  it('the local TSA answers over HTTP with a token whose time, imprint and signature check out', async () => {
    const from = Date.now();
    const token = await requestTimestamp(services.tsaUrl, data);
    const to = Date.now();
    const v = verifyTimestampToken(token, data);
    assert.deepEqual(v.problems, []);
    assert.ok(
      v.genTime && v.genTime.getTime() >= from && v.genTime.getTime() <= to,
      `${v.genTime?.toISOString()}`,
    );
    assert.equal(v.imprintMatches, true);
    assert.equal(v.signatureValid, true);
    assert.equal(v.hashAlgorithm, 'SHA-256');
    assert.equal(v.policy, localTsaPolicy);
    assert.match(v.serialNumber ?? '', /^[0-9a-f]{32}$/);
    assert.equal(v.accuracyMs, 1000);
    assert.equal(v.signerCertificate?.subject, services.tsaCertificate.subject);
    assert.deepEqual(
      v.certificates.map((c) => c.subject),
      [services.tsaCertificate.subject],
    );
  });

  for (const hash of ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as HashName[]) {
    it(`a ${hash} imprint is requested and checked (node:crypto, SHA-224 included)`, async () => {
      const v = verifyTimestampToken(await requestTimestamp(services.tsaUrl, data, { hash }), data);
      assert.deepEqual(
        [v.hashAlgorithm, v.imprintMatches, v.signatureValid, codes(v)],
        [hash, true, true, []],
      );
    });
  }

  it('a token over other data: the imprint does not match, the signature still holds', async () => {
    const token = await requestTimestamp(services.tsaUrl, data);
    const v = verifyTimestampToken(token, new TextEncoder().encode('citi dati'));
    assert.equal(v.imprintMatches, false);
    assert.equal(v.signatureValid, true);
    assert.deepEqual(codes(v), ['imprint_mismatch']);
  });

  it('a damaged token is a problem, never an exception', async () => {
    const token = await requestTimestamp(services.tsaUrl, data);
    for (const damaged of [
      new Uint8Array(),
      new TextEncoder().encode('not DER at all'),
      token.subarray(0, token.length - 40),
      Uint8Array.from([...token, 0]),
    ]) {
      const v = verifyTimestampToken(damaged, data);
      assert.deepEqual(codes(v), ['malformed']);
      assert.equal(v.genTime, null);
      assert.equal(v.signatureValid, false);
    }
  });

  it('a changed byte of the signature or of the TSTInfo breaks the signature', async () => {
    const token = await requestTimestamp(services.tsaUrl, data);
    const flipped = Uint8Array.from(token);
    flipped[flipped.length - 10] = (flipped[flipped.length - 10] as number) ^ 0x01;
    const v = verifyTimestampToken(flipped, data);
    assert.deepEqual([v.signatureValid, codes(v)], [false, ['signature_invalid']]);

    // The imprint inside the TSTInfo, changed: it no longer matches, nor does the message digest.
    const imprint = Buffer.from(digest('SHA-256', data));
    const at = Buffer.from(token).indexOf(imprint);
    assert.ok(at > 0);
    const changed = Uint8Array.from(token);
    changed[at] = (changed[at] as number) ^ 0x01;
    const w = verifyTimestampToken(changed, data);
    assert.equal(w.signatureValid, false);
    assert.deepEqual(codes(w), ['imprint_mismatch', 'message_digest_mismatch']);
  });

  it('an imprint or signature algorithm it cannot check is unsupported_algorithm, not invalid', async () => {
    const sha3 = '2.16.840.1.101.3.4.2.8';
    const v = verifyTimestampToken(await tokenSignedBy(tsa, {}, tstInfo(sha3, new Uint8Array(32))), data);
    assert.deepEqual(codes(v), ['unsupported_algorithm']);
    assert.equal(v.hashAlgorithm, sha3);
    assert.equal(v.signatureValid, true);

    const token = pkijs.ContentInfo.fromBER(plainBytes(await requestTimestamp(services.tsaUrl, data)));
    const signedData = new pkijs.SignedData({ schema: token.content });
    (signedData.signerInfos[0] as pkijs.SignerInfo).signatureAlgorithm = new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.99',
    });
    const changed = new pkijs.ContentInfo({
      contentType: token.contentType,
      content: signedData.toSchema(true),
    });
    const w = verifyTimestampToken(new Uint8Array(changed.toSchema().toBER(false)), data);
    assert.deepEqual(
      [w.imprintMatches, w.signatureValid, codes(w)],
      [true, false, ['unsupported_algorithm']],
    );
  });

  it('a token signed by a certificate without the timeStamping key purpose is not a TSA token', async () => {
    const v = verifyTimestampToken(await tokenSignedBy(pki.agency), data);
    assert.equal(v.signatureValid, true);
    assert.deepEqual(codes(v), ['not_a_tsa_certificate']);
    assert.match(v.problems[0]?.detail ?? '', /no extended key usage/);
  });

  it('the ESS signing-certificate attribute must name the certificate that signed', async () => {
    const v = verifyTimestampToken(
      await tokenSignedBy(tsa, { essCertificate: pki.agency.certificate }),
      data,
    );
    assert.deepEqual([v.signatureValid, codes(v)], [false, ['signing_certificate_mismatch']]);
  });

  it('a token without the signer certificate says so (certReq was false)', async () => {
    const v = verifyTimestampToken(await tokenSignedBy(tsa, { includeCertificate: false }), data);
    assert.deepEqual([v.signerCertificate, codes(v)], [null, ['signer_certificate_missing']]);
  });

  it('requestTimestamp says what went wrong: unreachable, HTTP status, refused, a replayed answer, garbage, no answer', async () => {
    const kind = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return 'no error';
      } catch (error) {
        assert.ok(error instanceof TrustServiceError, String(error));
        assert.equal(error.service, 'tsa');
        return `${error.kind}: ${error.message}`;
      }
    };
    const closed = await fakeServer(() => {});
    closed.close();
    assert.match(await kind(requestTimestamp(closed.url, data, { timeoutMs: 2000 })), /^unreachable: /);
    assert.match(
      await kind(requestTimestamp(services.tsaUrl.replace('/tsa', '/nav'), data)),
      /^http_status: .*404/,
    );
    assert.match(
      await kind(requestTimestamp(services.tsaUrl, data, { policy: '1.2.3.4' })),
      /^rejected: .*rejection: unacceptedPolicy/,
    );

    // An earlier, genuine answer sent again: its nonce is not this request's.
    const earlier = await answerTimestampRequest(
      new Uint8Array(
        new pkijs.TimeStampReq({
          version: 1,
          messageImprint: await pkijs.MessageImprint.create('SHA-256', plainBytes(data)),
          nonce: new asn1js.Integer({ value: 12345 }),
          certReq: true,
        })
          .toSchema()
          .toBER(false),
      ),
      tsa,
      new Date(),
    );
    const replay = await fakeServer((res) => res.end(Buffer.from(earlier)));
    const garbage = await fakeServer((res) => res.end('<html>proxy error</html>'));
    const silent = await fakeServer(() => {});
    try {
      assert.match(await kind(requestTimestamp(replay.url, data)), /^bad_response: .*nonce/);
      assert.match(await kind(requestTimestamp(garbage.url, data)), /^bad_response: /);
      assert.match(
        await kind(requestTimestamp(silent.url, data, { timeoutMs: 300 })),
        /^unreachable: .*300 ms/,
      );
    } finally {
      replay.close();
      garbage.close();
      silent.close();
    }
  });

  it('credentials in the TSA URL are sent as HTTP Basic authentication and never shown', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer(async (req, res) => {
      seen.push(req.headers.authorization);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (req.headers.authorization !== `Basic ${Buffer.from('aģentūra:slep ens').toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      res.end(
        Buffer.from(await answerTimestampRequest(new Uint8Array(Buffer.concat(chunks)), tsa, new Date())),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const token = await requestTimestamp(
        `http://a%C4%A3ent%C5%ABra:slep%20ens@127.0.0.1:${port}/tsa`,
        data,
      );
      assert.equal(verifyTimestampToken(token, data).imprintMatches, true);
      await assert.rejects(
        requestTimestamp(`http://cits:nepareizs@127.0.0.1:${port}/tsa`, data),
        (error: TrustServiceError) => {
          assert.equal(error.kind, 'http_status');
          assert.equal(error.url, `http://127.0.0.1:${port}/tsa`);
          assert.doesNotMatch(error.message, /nepareizs/);
          return true;
        },
      );
      assert.equal(seen.length, 2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('OpenSSL, an independent implementation, verifies the token against the CA', {
    skip: unlessInstalled('openssl'),
  }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pakalpe-tsa-'));
    const token = await requestTimestamp(services.tsaUrl, data);
    writeFileSync(path.join(dir, 'token.der'), token);
    writeFileSync(path.join(dir, 'data.bin'), data);
    writeFileSync(path.join(dir, 'other.bin'), 'other');
    writeFileSync(path.join(dir, 'ca.pem'), toPem([pki.root.certificate]));
    const verify = (file: string) =>
      execFileSync(
        'openssl',
        [
          'ts',
          '-verify',
          '-in',
          path.join(dir, 'token.der'),
          '-token_in',
          '-data',
          path.join(dir, file),
          '-CAfile',
          path.join(dir, 'ca.pem'),
        ],
        { stdio: 'pipe' },
      ).toString();
    assert.match(verify('data.bin'), /Verification: OK/);
    assert.throws(() => verify('other.bin'));
  });
});
