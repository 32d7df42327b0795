import { X509Certificate as NodeX509Certificate, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs, plainBytes, x509 } from '../signing/crypto-engine.ts';
import {
  digest,
  type HashName,
  hashNameOf,
  normaliseSerial,
  sameBytes,
  toHex,
  verifySignature,
} from './algorithms.ts';
import { postDer, TrustServiceError } from './http.ts';

// OCSP (RFC 6960): asking a responder about one certificate, and reading an answer on its own: the
// status of that certificate (its CertID computed with the hash the response uses), the times, who
// signed it and whether that responder may speak for the issuer (the issuer itself, or a certificate
// the issuer gave id-kp-OCSPSigning, RFC 6960 §4.2.2.2). Whether the issuer is trusted is the
// caller's decision. Reading never throws on a damaged response; problems say what is wrong.

export const ocspBasicResponseType = '1.3.6.1.5.5.7.48.1.1';
export const ocspNonceExtension = '1.3.6.1.5.5.7.48.1.2';
export const ocspNoCheckExtension = '1.3.6.1.5.5.7.48.1.5';
export const ocspSigningKeyPurpose = '1.3.6.1.5.5.7.3.9';

export const responseStatusNames = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  '(4)',
  'sigRequired',
  'unauthorized',
] as const;

export const revocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  '(7)',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export type RevocationReason = Exclude<(typeof revocationReasons)[number], '(7)'>;

export type OcspProblemCode =
  | 'malformed'
  /** responseStatus other than successful; `detail` names it. */
  | 'response_status'
  /** A hash or signature algorithm this code cannot check: not checked, which is not "invalid". */
  | 'unsupported_algorithm'
  | 'certificate_not_in_response'
  | 'responder_certificate_missing'
  | 'signature_invalid'
  | 'responder_not_authorised'
  /** producedAt lies outside the responder certificate's validity period. */
  | 'responder_certificate_not_valid';

export type OcspProblem = { code: OcspProblemCode; detail: string };

export type OcspVerification = {
  /** 'unknown' also when the response cannot be read or does not speak of the certificate (see problems). */
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  revocationReason?: RevocationReason | string;
  /** null only when the response cannot be read. */
  producedAt: Date | null;
  thisUpdate: Date | null;
  nextUpdate?: Date;
  responderCertificate: x509.X509Certificate | null;
  /** Every certificate the response carries. */
  certificates: x509.X509Certificate[];
  /** The response's signature verifies with the responder certificate. */
  signatureValid: boolean;
  /** The responder is the issuer, or a certificate the issuer issued with id-kp-OCSPSigning. */
  responderAuthorised: boolean;
  /** The nonce extension's value, hex, when the response has one. */
  nonce: string | null;
  problems: OcspProblem[];
};

export type OcspRequestOptions = {
  timeoutMs?: number;
  /** Send a nonce (RFC 8954) and require it back when the responder answers with one. */
  nonce?: boolean;
  /** The hash of the CertID. SHA-1 is what every responder understands (RFC 5019). */
  hash?: HashName;
};

const defaultTimeoutMs = 10_000;

/** The responder URL of a certificate's Authority Information Access extension, if it names one. */
export function ocspUrlOf(certificate: x509.X509Certificate): string | null {
  const aia = certificate.getExtension(x509.AuthorityInfoAccessExtension);
  const uri = aia?.ocsp.find((name) => name.type === 'url' && /^https?:\/\//i.test(name.value));
  return uri?.value ?? null;
}

function toPkijs(certificate: x509.X509Certificate): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(certificate.rawData));
}

function toX509(certificate: pkijs.Certificate): x509.X509Certificate {
  return new x509.X509Certificate(certificate.toSchema(false).toBER(false));
}

/**
 * Asks the responder at `url` about `certificate` and returns the OCSPResponse DER. Throws a
 * TrustServiceError when the responder cannot be reached, refuses, or answers something that does
 * not hold (another nonce, another certificate, a bad signature, an unauthorised responder).
 * A revoked or unknown status is returned, not thrown: that is the caller's decision.
 */
export async function requestOcsp(
  url: string,
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: OcspRequestOptions = {},
): Promise<Uint8Array> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(toPkijs(certificate), {
    hashAlgorithm: options.hash ?? 'SHA-1',
    issuerCertificate: toPkijs(issuer),
  });
  const nonce = options.nonce === false ? undefined : randomBytes(32);
  if (nonce) {
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: ocspNonceExtension,
        extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false),
      }),
    ];
  }
  const der = await postDer(
    'ocsp',
    url,
    new Uint8Array(request.toSchema(true).toBER(false)),
    { request: 'application/ocsp-request', response: 'application/ocsp-response' },
    options.timeoutMs ?? defaultTimeoutMs,
  );
  const checked = verifyOcspResponse(der, certificate, issuer);
  const bad = (message: string) => new TrustServiceError('ocsp', 'bad_response', url, message);
  const statusProblem = checked.problems.find((p) => p.code === 'response_status');
  if (statusProblem) {
    throw new TrustServiceError(
      'ocsp',
      'rejected',
      url,
      `the OCSP responder refused: ${statusProblem.detail}`,
      {
        status: statusProblem.detail,
      },
    );
  }
  if (checked.producedAt === null) {
    throw bad(`the OCSP response cannot be read: ${describe(checked.problems)}`);
  }
  // Many responders answer from pre-produced responses without a nonce (RFC 5019); one that does
  // send a nonce must send ours.
  if (nonce && checked.nonce !== null && checked.nonce !== toHex(nonce)) {
    throw bad('the OCSP response carries another nonce than the request');
  }
  if (checked.problems.length > 0) {
    throw bad(`the OCSP response does not hold: ${describe(checked.problems)}`);
  }
  return der;
}

function describe(problems: readonly OcspProblem[]): string {
  return problems.map((p) => `${p.code} (${p.detail})`).join('; ');
}

/**
 * Reads and checks an OCSPResponse about `certificate`, issued by `issuer`. Pure; never throws.
 * `otherCertificates` are where else the responder's certificate may be: a XAdES-LT signature keeps
 * it in CertificateValues, and DigiDoc's responses do not carry it.
 */
export function verifyOcspResponse(
  der: Uint8Array,
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  otherCertificates: readonly x509.X509Certificate[] = [],
): OcspVerification {
  const result: OcspVerification = {
    status: 'unknown',
    producedAt: null,
    thisUpdate: null,
    responderCertificate: null,
    certificates: [],
    signatureValid: false,
    responderAuthorised: false,
    nonce: null,
    problems: [],
  };
  const problem = (code: OcspProblemCode, detail: string) => {
    result.problems.push({ code, detail });
    return result;
  };

  let basic: pkijs.BasicOCSPResponse;
  let subject: pkijs.Certificate;
  let issuerCert: pkijs.Certificate;
  try {
    subject = toPkijs(certificate);
    issuerCert = toPkijs(issuer);
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) return problem('malformed', `not DER: ${asn.result.error}`);
    const response = new pkijs.OCSPResponse({ schema: asn.result });
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) {
      return problem('response_status', responseStatusNames[status] ?? `responseStatus ${status}`);
    }
    if (!response.responseBytes) return problem('malformed', 'a successful response without responseBytes');
    if (response.responseBytes.responseType !== ocspBasicResponseType) {
      return problem('malformed', `response type ${response.responseBytes.responseType}, not basic`);
    }
    basic = pkijs.BasicOCSPResponse.fromBER(
      plainBytes(response.responseBytes.response.valueBlock.valueHexView),
    );
  } catch (error) {
    return problem('malformed', (error as Error).message);
  }

  const data = basic.tbsResponseData;
  result.producedAt = data.producedAt;
  const nonceExtension = data.responseExtensions?.find((e) => e.extnID === ocspNonceExtension);
  if (nonceExtension) result.nonce = readNonce(nonceExtension);

  // The response about this certificate, its CertID made with the hash the response uses.
  let unsupported: string | undefined;
  const single = data.responses.find((r) => {
    const hash = hashNameOf(r.certID.hashAlgorithm.algorithmId);
    if (!hash) {
      unsupported = r.certID.hashAlgorithm.algorithmId;
      return false;
    }
    return certIdMatches(r.certID, hash, subject, issuerCert);
  });
  if (single) {
    result.thisUpdate = single.thisUpdate;
    if (single.nextUpdate) result.nextUpdate = single.nextUpdate;
    Object.assign(result, readCertStatus(single.certStatus));
  } else if (unsupported) {
    problem('unsupported_algorithm', `CertID hash ${unsupported}`);
  } else {
    problem(
      'certificate_not_in_response',
      `the response does not speak of serial ${certificate.serialNumber}`,
    );
  }

  // Who signed it.
  const carried = basic.certs ?? [];
  result.certificates = carried.map(toX509);
  const candidates: { pkijs: pkijs.Certificate; x509: x509.X509Certificate }[] = [
    ...carried.map((c, i) => ({ pkijs: c, x509: result.certificates[i] as x509.X509Certificate })),
    { pkijs: issuerCert, x509: issuer },
  ];
  // The signature's other certificates are parsed only when the response's own do not name it.
  const responder =
    candidates.find((c) => isResponder(data.responderID, c.pkijs)) ??
    otherCertificates
      .map((c) => ({ pkijs: pkijs.Certificate.fromBER(new Uint8Array(c.rawData)), x509: c }))
      .find((c) => isResponder(data.responderID, c.pkijs));
  if (!responder) {
    return problem('responder_certificate_missing', 'neither the response nor the issuer is its responder');
  }
  result.responderCertificate = responder.x509;
  const check = verifySignature({
    algorithm: basic.signatureAlgorithm,
    publicKeyInfo: responder.pkijs.subjectPublicKeyInfo,
    signature: new Uint8Array(basic.signature.valueBlock.valueHexView),
    data: new Uint8Array(data.tbsView),
  });
  result.signatureValid = check.result === 'valid';
  if (check.result === 'unsupported') problem('unsupported_algorithm', check.detail);
  if (check.result === 'invalid')
    problem('signature_invalid', 'the signature does not verify with the responder certificate');

  const authorisation = responderAuthorisation(responder.x509, issuer);
  result.responderAuthorised = authorisation === undefined;
  if (authorisation) problem('responder_not_authorised', authorisation);
  const at = data.producedAt.getTime();
  if (at < responder.x509.notBefore.getTime() || at > responder.x509.notAfter.getTime()) {
    problem(
      'responder_certificate_not_valid',
      `producedAt ${data.producedAt.toISOString()} is outside the responder certificate's validity`,
    );
  }
  return result;
}

function certIdMatches(
  id: pkijs.CertID,
  hash: HashName,
  subject: pkijs.Certificate,
  issuer: pkijs.Certificate,
): boolean {
  // RFC 6960 §4.1.1: the hash of the DER of the issuer name as the certificate writes it, and of the
  // issuer's public key BIT STRING value (without its unused-bits octet).
  const nameHash = digest(hash, subject.issuer.valueBeforeDecode);
  const keyHash = digest(hash, issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  return (
    sameBytes(id.issuerNameHash.valueBlock.valueHexView, nameHash) &&
    sameBytes(id.issuerKeyHash.valueBlock.valueHexView, keyHash) &&
    normaliseSerial(toHex(id.serialNumber.valueBlock.valueHexView)) ===
      normaliseSerial(toHex(subject.serialNumber.valueBlock.valueHexView))
  );
}

function readCertStatus(certStatus: asn1js.BaseBlock): Partial<OcspVerification> {
  const { tagClass, tagNumber } = certStatus.idBlock;
  if (tagClass !== 3) return { status: 'unknown' };
  if (tagNumber === 0) return { status: 'good' };
  if (tagNumber !== 1) return { status: 'unknown' };
  const parts = (certStatus as asn1js.Constructed).valueBlock.value ?? [];
  const time = parts[0];
  const revoked: Partial<OcspVerification> = { status: 'revoked' };
  if (time instanceof asn1js.GeneralizedTime) revoked.revocationTime = time.toDate();
  const reason = (parts[1] as asn1js.Constructed | undefined)?.valueBlock.value?.[0];
  if (reason instanceof asn1js.Enumerated) {
    const code = reason.valueBlock.valueDec;
    revoked.revocationReason = revocationReasons[code] ?? `reason ${code}`;
  }
  return revoked;
}

function readNonce(extension: pkijs.Extension): string {
  const inner = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView).result;
  return inner instanceof asn1js.OctetString
    ? toHex(inner.valueBlock.valueHexView)
    : toHex(extension.extnValue.valueBlock.valueHexView);
}

function isResponder(responderId: unknown, candidate: pkijs.Certificate): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) return responderId.isEqual(candidate.subject);
  if (responderId instanceof asn1js.OctetString) {
    const keyHash = digest('SHA-1', candidate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
    return sameBytes(responderId.valueBlock.valueHexView, keyHash);
  }
  return false;
}

function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return sameBytes(a.rawData, b.rawData);
}

/** Why `responder` may not answer for `issuer`'s certificates, or undefined when it may. */
function responderAuthorisation(
  responder: x509.X509Certificate,
  issuer: x509.X509Certificate,
): string | undefined {
  if (sameCertificate(responder, issuer)) return undefined;
  if (responder.issuer !== issuer.subject) {
    return `the responder ${responder.subject} is neither the issuer nor a certificate it issued`;
  }
  try {
    const child = new NodeX509Certificate(Buffer.from(responder.rawData));
    if (!child.verify(new NodeX509Certificate(Buffer.from(issuer.rawData)).publicKey)) {
      return `the responder certificate ${responder.subject} is not signed by the issuer`;
    }
  } catch {
    return `the responder certificate ${responder.subject} cannot be checked against the issuer`;
  }
  const eku = responder.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku?.usages.includes(ocspSigningKeyPurpose)) {
    return `the responder certificate ${responder.subject} lacks the OCSPSigning extended key usage`;
  }
  return undefined;
}
