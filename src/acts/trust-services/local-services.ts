import { X509Certificate as NodeX509Certificate, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as asn1js from 'asn1js';
import {
  exportPrivateKeyPem,
  importPrivateKeyPem,
  issueServiceCertificate,
  type KeyedCertificate,
  readPemCertificates,
  toPem,
} from '../signing/certificates.ts';
import { pkijs, plainBytes, x509 } from '../signing/crypto-engine.ts';
import { digest, hashLengths, hashNameOf, normaliseSerial, sameBytes, toHex } from './algorithms.ts';
import {
  ocspBasicResponseType,
  ocspNoCheckExtension,
  ocspNonceExtension,
  ocspSigningKeyPurpose,
  type RevocationReason,
  revocationReasons,
} from './ocsp.ts';
import {
  contentTypeAttribute,
  messageDigestAttribute,
  signedDataContentType,
  signingCertificateV2Attribute,
  timeStampingKeyPurpose,
  tstInfoContentType,
} from './timestamp.ts';

// A time-stamping authority (RFC 3161) and an OCSP responder (RFC 6960) of a local CA, for tests and
// the demo: one HTTP server on the loopback interface answering real DER, so the code that talks to
// a qualified TSA and the CA's responder is the code that is tested. Their certificates are issued by
// the CA (the demo CA's are kept next to it, made once), so the CA is the only trust anchor needed.
// The responder says `good` for every certificate of its CA not revoked through `revoke()`, and
// `unknown` for certificates of any other issuer (it does not serve them, RFC 6960 §2.2).

/** The demo TSA's policy: an OID under the arc ITU-T X.660 reserves for examples. */
export const localTsaPolicy = '2.999.1.1';

export type LocalTrustServicesOptions = {
  ca: KeyedCertificate;
  /** Where the TSA and OCSP responder certificates are kept (made once); in memory when unset. */
  dir?: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  host?: string;
  /** The time the TSA and the responder report; now by default. */
  clock?: () => Date;
  /** For tests: the producedAt (and thisUpdate) the responder writes, from the clock's time. */
  ocspProducedAt?: (now: Date) => Date;
  /** For tests: sign OCSP responses with this certificate instead of the responder's own. */
  ocspResponder?: KeyedCertificate;
};

export type LocalTrustServices = {
  tsaUrl: string;
  ocspUrl: string;
  tsaCertificate: x509.X509Certificate;
  ocspCertificate: x509.X509Certificate;
  /** From `at` on, the responder says the CA's certificate with this serial (hex) is revoked. */
  revoke(serialHex: string, at: Date, reason?: RevocationReason): void;
  setClock(clock: () => Date): void;
  setOcspProducedAt(producedAt: ((now: Date) => Date) | null): void;
  close(): Promise<void>;
};

type Revocation = { at: Date; reason: RevocationReason | undefined };

const day = 24 * 3600 * 1000;
const maxRequestBytes = 64 * 1024;

export async function startLocalTrustServices(
  options: LocalTrustServicesOptions,
): Promise<LocalTrustServices> {
  const { tsa, ocsp } = options.dir
    ? await loadOrCreateServiceCertificates(options.ca, options.dir)
    : await createServiceCertificates(options.ca);
  let clock = options.clock ?? (() => new Date());
  let producedAt = options.ocspProducedAt ?? null;
  const revoked = new Map<string, Revocation>();
  const responder = options.ocspResponder ?? ocsp;

  const server = http.createServer((request, response) => {
    void answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  async function answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let body: Uint8Array | null | undefined;
    if (request.method === 'POST') body = await readBody(request);
    else if (request.method === 'GET' && url.pathname.startsWith('/ocsp/')) {
      // RFC 6960 Appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}.
      body = Buffer.from(decodeURIComponent(url.pathname.slice('/ocsp/'.length)), 'base64');
    }
    if (body === undefined) {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (body === null || body.length > maxRequestBytes) {
      response.writeHead(413).end();
      return;
    }
    if (url.pathname === '/tsa') {
      const reply = await answerTimestampRequest(body, tsa, clock());
      response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
    } else if (url.pathname === '/ocsp' || url.pathname.startsWith('/ocsp/')) {
      const now = clock();
      const reply = await answerOcspRequest(body, {
        ca: options.ca,
        responder,
        now,
        producedAt: producedAt ? producedAt(now) : now,
        revoked,
      });
      response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(reply);
    } else {
      response.writeHead(404).end();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${host}:${address.port}`;
  return {
    tsaUrl: `${base}/tsa`,
    ocspUrl: `${base}/ocsp`,
    tsaCertificate: tsa.certificate,
    ocspCertificate: ocsp.certificate,
    revoke: (serialHex, at, reason) => {
      revoked.set(normaliseSerial(serialHex), { at, reason });
    },
    setClock: (next) => {
      clock = next;
    },
    setOcspProducedAt: (next) => {
      producedAt = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The request body, or null when it is larger than the limit (the rest is drained, not kept). */
function readBody(request: http.IncomingMessage): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxRequestBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > maxRequestBytes ? null : new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

// --- certificates ---------------------------------------------------------------------------------

const services = new Map<string, Promise<{ tsa: KeyedCertificate; ocsp: KeyedCertificate }>>();

/** The TSA and OCSP responder certificates of `ca` kept in `dir` (made on first use, once per process). */
export function loadOrCreateServiceCertificates(ca: KeyedCertificate, dir: string) {
  const key = `${path.resolve(dir)}|${toHex(digest('SHA-256', ca.certificate.rawData))}`;
  let promise = services.get(key);
  if (!promise) {
    promise = (async () => ({
      tsa: await readOrIssue(ca, dir, 'demo-tsa', issueTsaCertificate),
      ocsp: await readOrIssue(ca, dir, 'demo-ocsp', issueOcspResponderCertificate),
    }))();
    services.set(key, promise);
    promise.catch(() => services.delete(key));
  }
  return promise;
}

async function createServiceCertificates(ca: KeyedCertificate) {
  return { tsa: await issueTsaCertificate(ca), ocsp: await issueOcspResponderCertificate(ca) };
}

async function readOrIssue(
  ca: KeyedCertificate,
  dir: string,
  name: string,
  issue: (ca: KeyedCertificate) => Promise<KeyedCertificate>,
): Promise<KeyedCertificate> {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key.pem`);
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const [certificate] = readPemCertificates(certPem);
    // Kept only while it is the current CA's and still valid; a new demo CA gets new services.
    if (certificate && issuedBy(certificate, ca.certificate) && certificate.notAfter.getTime() > Date.now()) {
      return {
        certificate,
        privateKey: await importPrivateKeyPem(keyPem),
        chain: [ca.certificate, ...ca.chain],
      };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keyed = await issue(ca);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, await exportPrivateKeyPem(keyed.privateKey), { mode: 0o600 });
  await writeFile(certFile, toPem([keyed.certificate]));
  return keyed;
}

function issuedBy(certificate: x509.X509Certificate, ca: x509.X509Certificate): boolean {
  try {
    return new NodeX509Certificate(Buffer.from(certificate.rawData)).verify(
      new NodeX509Certificate(Buffer.from(ca.rawData)).publicKey,
    );
  } catch {
    return false;
  }
}

/** From the CA's own start, so that tests may date responses and tokens back; three years on. */
function serviceValidity(ca: KeyedCertificate) {
  const now = Date.now();
  return {
    notBefore: ca.certificate.notBefore,
    notAfter: new Date(Math.min(now + 3 * 365 * day, ca.certificate.notAfter.getTime())),
  };
}

/** A TSA certificate: the critical, sole id-kp-timeStamping extended key usage (RFC 3161 §2.3). */
export function issueTsaCertificate(ca: KeyedCertificate): Promise<KeyedCertificate> {
  return issueServiceCertificate(
    ca,
    { commonName: 'Pakalpe demo TSA (not for real time stamps)', organisation: 'Pakalpe demo' },
    {
      ...serviceValidity(ca),
      keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      extendedKeyUsage: { purposes: [timeStampingKeyPurpose], critical: true },
    },
  );
}

/** An OCSP responder certificate: id-kp-OCSPSigning, and id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1). */
export function issueOcspResponderCertificate(ca: KeyedCertificate): Promise<KeyedCertificate> {
  return issueServiceCertificate(
    ca,
    { commonName: 'Pakalpe demo OCSP responder (not for real use)', organisation: 'Pakalpe demo' },
    {
      ...serviceValidity(ca),
      keyUsage: x509.KeyUsageFlags.digitalSignature,
      extendedKeyUsage: { purposes: [ocspSigningKeyPurpose], critical: false },
      extensions: [new x509.Extension(ocspNoCheckExtension, false, new asn1js.Null().toBER(false))],
    },
  );
}

// --- the TSA --------------------------------------------------------------------------------------

const failureBits = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
} as const;

function rejection(failure: keyof typeof failureBits, text: string): Uint8Array {
  const bit = failureBits[failure];
  const bytes = new Uint8Array((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({
      status: pkijs.PKIStatus.rejection,
      statusStrings: [new asn1js.Utf8String({ value: text })],
      failInfo: new asn1js.BitString({ valueHex: bytes, unusedBits: 7 - (bit & 7) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/** A TimeStampResp (DER) to a TimeStampReq (DER): a token signed by `tsa`, or a rejection. */
export async function answerTimestampRequest(
  der: Uint8Array,
  tsa: KeyedCertificate,
  now: Date,
): Promise<Uint8Array> {
  let request: pkijs.TimeStampReq;
  try {
    request = pkijs.TimeStampReq.fromBER(plainBytes(der));
  } catch {
    return rejection('badDataFormat', 'not a DER TimeStampReq');
  }
  const hash = hashNameOf(request.messageImprint.hashAlgorithm.algorithmId);
  if (!hash)
    return rejection('badAlg', `hash ${request.messageImprint.hashAlgorithm.algorithmId} not accepted`);
  if (request.messageImprint.hashedMessage.valueBlock.valueHexView.byteLength !== hashLengths[hash]) {
    return rejection('badDataFormat', `the ${hash} imprint has the wrong length`);
  }
  if (request.reqPolicy && request.reqPolicy !== localTsaPolicy) {
    return rejection('unacceptedPolicy', `this TSA issues under policy ${localTsaPolicy} only`);
  }
  if (request.extensions?.length) return rejection('unacceptedExtension', 'no extensions are accepted');

  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: localTsaPolicy,
    messageImprint: request.messageImprint,
    serialNumber: new asn1js.Integer({ valueHex: positiveRandom(16) }),
    genTime: now,
    accuracy: new pkijs.Accuracy({ seconds: 1 }),
    ...(request.nonce && { nonce: request.nonce }),
  });
  const token = await signTimestampToken(tstInfo, tsa, { includeCertificate: request.certReq === true });
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
    timeStampToken: token,
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

/**
 * The TimeStampToken (a ContentInfo) of `tstInfo` signed by `signer`, with the ESS attribute naming
 * `essCertificate` (the signer's certificate unless a test wants another).
 */
export async function signTimestampToken(
  tstInfo: pkijs.TSTInfo,
  signer: KeyedCertificate,
  options: { includeCertificate: boolean; essCertificate?: x509.X509Certificate },
): Promise<pkijs.ContentInfo> {
  const eContent = new Uint8Array(tstInfo.toSchema().toBER(false));
  const signerCertificate = pkijs.Certificate.fromBER(signer.certificate.rawData);
  const named = options.essCertificate ?? signer.certificate;
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: tstInfoContentType,
      eContent: new asn1js.OctetString({ valueHex: eContent }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({
          issuer: signerCertificate.issuer,
          serialNumber: signerCertificate.serialNumber,
        }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: contentTypeAttribute,
              values: [new asn1js.ObjectIdentifier({ value: tstInfoContentType })],
            }),
            new pkijs.Attribute({
              type: messageDigestAttribute,
              values: [new asn1js.OctetString({ valueHex: digest('SHA-256', eContent) })],
            }),
            new pkijs.Attribute({
              type: signingCertificateV2Attribute,
              values: [signingCertificateV2(named)],
            }),
          ],
        }),
      }),
    ],
    ...(options.includeCertificate && { certificates: [signerCertificate] }),
  });
  await signedData.sign(signer.privateKey, 0, 'SHA-256');
  return new pkijs.ContentInfo({ contentType: signedDataContentType, content: signedData.toSchema(true) });
}

/** SigningCertificateV2 (RFC 5035) naming the TSA certificate: SHA-256 (the default) and issuerSerial. */
function signingCertificateV2(certificate: x509.X509Certificate): asn1js.Sequence {
  const parsed = pkijs.Certificate.fromBER(certificate.rawData);
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: digest('SHA-256', new Uint8Array(certificate.rawData)) }),
      new pkijs.IssuerSerial({
        issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: parsed.issuer })] }),
        serialNumber: parsed.serialNumber,
      }).toSchema(),
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function positiveRandom(size: number): Uint8Array {
  const bytes = randomBytes(size);
  bytes[0] = ((bytes[0] as number) & 0x3f) | 0x40;
  return new Uint8Array(bytes);
}

// --- the OCSP responder ---------------------------------------------------------------------------

function ocspStatus(status: 1 | 2 | 3 | 6): Uint8Array {
  return new Uint8Array(
    new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) })
      .toSchema()
      .toBER(false),
  );
}

/** OCSP times are whole seconds (RFC 6960 refers to RFC 5280's GeneralizedTime: no fractions). */
function seconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** An OCSPResponse (DER) to an OCSPRequest (DER), signed by `responder`, about `ca`'s certificates. */
export async function answerOcspRequest(
  der: Uint8Array,
  input: {
    ca: KeyedCertificate;
    responder: KeyedCertificate;
    now: Date;
    producedAt: Date;
    revoked: ReadonlyMap<string, Revocation>;
  },
): Promise<Uint8Array> {
  let request: pkijs.OCSPRequest;
  try {
    request = pkijs.OCSPRequest.fromBER(plainBytes(der));
  } catch {
    return ocspStatus(1); // malformedRequest
  }
  if (request.tbsRequest.requestList.length === 0) return ocspStatus(1);
  const ca = pkijs.Certificate.fromBER(input.ca.certificate.rawData);
  const responder = pkijs.Certificate.fromBER(input.responder.certificate.rawData);
  const producedAt = seconds(input.producedAt);
  // A response made "at" producedAt says what was known then: thisUpdate is not later.
  const thisUpdate = seconds(new Date(Math.min(input.now.getTime(), input.producedAt.getTime())));

  const basic = new pkijs.BasicOCSPResponse();
  basic.tbsResponseData.responderID = new asn1js.OctetString({
    valueHex: digest('SHA-1', responder.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
  });
  basic.tbsResponseData.producedAt = producedAt;
  for (const { reqCert } of request.tbsRequest.requestList) {
    basic.tbsResponseData.responses.push(
      new pkijs.SingleResponse({
        certID: reqCert,
        certStatus: certStatusFor(reqCert, ca, input.revoked, input.now),
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + day),
      }),
    );
  }
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === ocspNonceExtension);
  if (nonce) basic.tbsResponseData.responseExtensions = [nonce];
  if (!sameBytes(input.responder.certificate.rawData, input.ca.certificate.rawData))
    basic.certs = [responder];
  await basic.sign(input.responder.privateKey, 'SHA-256');
  const response = new pkijs.OCSPResponse({
    responseStatus: new asn1js.Enumerated({ value: 0 }),
    responseBytes: new pkijs.ResponseBytes({
      responseType: ocspBasicResponseType,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    }),
  });
  return new Uint8Array(response.toSchema().toBER(false));
}

function certStatusFor(
  id: pkijs.CertID,
  ca: pkijs.Certificate,
  revoked: ReadonlyMap<string, Revocation>,
  now: Date,
): asn1js.BaseBlock {
  const context = (tagNumber: number) => ({ tagClass: 3, tagNumber });
  const unknown = new asn1js.Primitive({ idBlock: context(2) });
  const hash = hashNameOf(id.hashAlgorithm.algorithmId);
  if (!hash) return unknown;
  const ours =
    sameBytes(id.issuerNameHash.valueBlock.valueHexView, digest(hash, ca.subject.valueBeforeDecode)) &&
    sameBytes(
      id.issuerKeyHash.valueBlock.valueHexView,
      digest(hash, ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    );
  if (!ours) return unknown;
  const revocation = revoked.get(normaliseSerial(toHex(id.serialNumber.valueBlock.valueHexView)));
  if (revocation && revocation.at.getTime() <= now.getTime()) {
    const reason = revocation.reason ? revocationReasons.indexOf(revocation.reason) : -1;
    return new asn1js.Constructed({
      idBlock: context(1),
      value: [
        new asn1js.GeneralizedTime({ valueDate: seconds(revocation.at) }),
        ...(reason >= 0
          ? [
              new asn1js.Constructed({
                idBlock: context(0),
                value: [new asn1js.Enumerated({ value: reason })],
              }),
            ]
          : []),
      ],
    });
  }
  return new asn1js.Primitive({ idBlock: context(0) });
}
