import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs, plainBytes, x509 } from '../signing/crypto-engine.ts';
import {
  digest,
  type HashName,
  hashLengths,
  hashNameOf,
  hashOidOf,
  normaliseSerial,
  sameBytes,
  toHex,
  verifySignature,
} from './algorithms.ts';
import { postDer, TrustServiceError } from './http.ts';

// RFC 3161 time stamps: asking a TSA for one (with a nonce and its certificate), and checking a
// token on its own: what it says (time, imprint, policy, serial), whether its imprint is over the
// given data, whether its CMS signature holds for the certificate it carries and names
// (ESSCertID/ESSCertIDv2, RFC 5035), and whether that certificate is a TSA certificate (critical,
// sole id-kp-timeStamping EKU, RFC 3161 §2.3). Whom to trust is the caller's decision: the
// certificates come back for it. Nothing here throws on a damaged token; problems say what is wrong.

export const tstInfoContentType = '1.2.840.113549.1.9.16.1.4';
export const signedDataContentType = '1.2.840.113549.1.7.2';
export const contentTypeAttribute = '1.2.840.113549.1.9.3';
export const messageDigestAttribute = '1.2.840.113549.1.9.4';
export const signingCertificateAttribute = '1.2.840.113549.1.9.16.2.12';
export const signingCertificateV2Attribute = '1.2.840.113549.1.9.16.2.47';
export const timeStampingKeyPurpose = '1.3.6.1.5.5.7.3.8';

export type TimestampProblemCode =
  /** Not a DER ContentInfo holding SignedData with a TSTInfo. */
  | 'malformed'
  /** A hash or signature algorithm this code cannot check: not checked, which is not "invalid". */
  | 'unsupported_algorithm'
  | 'imprint_mismatch'
  | 'signer_certificate_missing'
  /** No ESS signing-certificate attribute, or one that names another certificate. */
  | 'signing_certificate_attribute_missing'
  | 'signing_certificate_mismatch'
  | 'content_type_mismatch'
  | 'message_digest_mismatch'
  | 'signature_invalid'
  /** The signer certificate lacks the critical, sole id-kp-timeStamping extended key usage. */
  | 'not_a_tsa_certificate'
  /** genTime lies outside the signer certificate's validity period. */
  | 'tsa_certificate_not_valid_at_gen_time';

export type TimestampProblem = { code: TimestampProblemCode; detail: string };

export type TimestampVerification = {
  /** null only when the token cannot be read. */
  genTime: Date | null;
  imprintMatches: boolean;
  /**
   * The CMS signature verifies with `signerCertificate`, over a message digest that matches the
   * TSTInfo, and the ESS attribute names that certificate. False otherwise; when a problem says
   * `unsupported_algorithm`, it was not checked rather than found wrong.
   */
  signatureValid: boolean;
  signerCertificate: x509.X509Certificate | null;
  /** Every certificate the token carries (signer first when found). */
  certificates: x509.X509Certificate[];
  /** The imprint's hash: a name when known, else the OID. */
  hashAlgorithm: HashName | string | null;
  policy: string | null;
  /** The token's serial number, hex. */
  serialNumber: string | null;
  /** The nonce, hex, when the token has one. */
  nonce: string | null;
  /** Accuracy in milliseconds, when the token states one. */
  accuracyMs: number | null;
  problems: TimestampProblem[];
};

export type TimestampRequestOptions = {
  hash?: HashName;
  timeoutMs?: number;
  /** The TSA policy to ask for; the TSA's default when unset. */
  policy?: string;
};

const defaultTimeoutMs = 10_000;

/**
 * Asks the TSA at `url` for a time stamp over `data`, with a nonce and certReq=true, and returns the
 * TimeStampToken (the DER ContentInfo, as the TSA encoded it). Checks the status, the nonce, the
 * imprint and the token's signature; throws a TrustServiceError saying what went wrong.
 */
export async function requestTimestamp(
  url: string,
  data: Uint8Array,
  options: TimestampRequestOptions = {},
): Promise<Uint8Array> {
  const hash = options.hash ?? 'SHA-256';
  const nonce = randomBytes(16);
  nonce[0] = ((nonce[0] as number) & 0x3f) | 0x40; // positive, and DER has no leading zero byte to drop
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: hashOidOf(hash),
        algorithmParams: new asn1js.Null(),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest(hash, data) }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
    ...(options.policy && { reqPolicy: options.policy }),
  });
  const der = await postDer(
    'tsa',
    url,
    new Uint8Array(request.toSchema().toBER(false)),
    { request: 'application/timestamp-query', response: 'application/timestamp-reply' },
    options.timeoutMs ?? defaultTimeoutMs,
  );
  const bad = (
    message: string,
    details: { status?: string } = {},
    kind: 'bad_response' | 'rejected' = 'bad_response',
  ) => new TrustServiceError('tsa', kind, url, message, details);

  const asn = asn1js.fromBER(der);
  if (asn.offset === -1 || !(asn.result instanceof asn1js.Sequence)) {
    throw bad('the TSA answer is not a DER TimeStampResp');
  }
  let response: pkijs.TimeStampResp;
  try {
    response = new pkijs.TimeStampResp({ schema: asn.result });
  } catch (error) {
    throw bad(`the TSA answer is not a TimeStampResp: ${(error as Error).message}`);
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = describePkiStatus(response.status);
    throw bad(`the TSA refused the request: ${text}`, { status: text }, 'rejected');
  }
  // The token exactly as the TSA wrote it (re-encoding could change bytes its signature covers).
  const tokenBlock = asn.result.valueBlock.value[1];
  if (!tokenBlock) throw bad('the TSA granted the request but sent no time-stamp token');
  const token = new Uint8Array(tokenBlock.valueBeforeDecodeView);

  const checked = verifyTimestampToken(token, data);
  if (checked.genTime === null) {
    throw bad(`the time-stamp token cannot be read: ${describeProblems(checked.problems)}`);
  }
  if (checked.nonce === null || normaliseSerial(checked.nonce) !== normaliseSerial(toHex(nonce))) {
    throw bad('the time-stamp token does not carry the nonce of the request');
  }
  if (checked.hashAlgorithm !== hash || !checked.imprintMatches) {
    throw bad('the time-stamp token is over other data than was sent');
  }
  if (!checked.signatureValid) {
    throw bad(`the time-stamp token's signature does not hold: ${describeProblems(checked.problems)}`);
  }
  if (checked.problems.length > 0) {
    throw bad(`the time-stamp token is not usable: ${describeProblems(checked.problems)}`);
  }
  return token;
}

function describeProblems(problems: readonly TimestampProblem[]): string {
  return problems.map((p) => `${p.code} (${p.detail})`).join('; ');
}

const failureInfoNames = [
  'badAlg',
  '',
  'badRequest',
  '',
  '',
  'badDataFormat',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'timeNotAvailable',
  'unacceptedPolicy',
  'unacceptedExtension',
  'addInfoNotAvailable',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'systemFailure',
];

/** "rejection: badAlg (the TSA's text)", from a PKIStatusInfo. */
export function describePkiStatus(info: pkijs.PKIStatusInfo): string {
  const name = pkijs.PKIStatus[info.status] ?? `status ${info.status}`;
  const failures: string[] = [];
  if (info.failInfo) {
    const bytes = info.failInfo.valueBlock.valueHexView;
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      if (((bytes[bit >> 3] as number) & (0x80 >> (bit & 7))) !== 0) {
        failures.push(failureInfoNames[bit] || `failure bit ${bit}`);
      }
    }
  }
  const texts = (info.statusStrings ?? []).map((s) => s.valueBlock.value);
  return [name, failures.join(', '), texts.join(' ')].filter(Boolean).join(': ');
}

/** Reads and checks a TimeStampToken against `data`. Pure; never throws on bad input. */
export function verifyTimestampToken(token: Uint8Array, data: Uint8Array): TimestampVerification {
  const result: TimestampVerification = {
    genTime: null,
    imprintMatches: false,
    signatureValid: false,
    signerCertificate: null,
    certificates: [],
    hashAlgorithm: null,
    policy: null,
    serialNumber: null,
    nonce: null,
    accuracyMs: null,
    problems: [],
  };
  const problem = (code: TimestampProblemCode, detail: string) => {
    result.problems.push({ code, detail });
    return result;
  };

  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  let eContent: Uint8Array;
  try {
    const asn = asn1js.fromBER(token);
    if (asn.offset === -1) return problem('malformed', `not DER: ${asn.result.error}`);
    if (asn.offset !== token.byteLength) return problem('malformed', 'bytes after the token');
    const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
    if (contentInfo.contentType !== signedDataContentType) {
      return problem('malformed', `content type ${contentInfo.contentType}, not SignedData`);
    }
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== tstInfoContentType) {
      return problem(
        'malformed',
        `encapsulated content ${signedData.encapContentInfo.eContentType}, not TSTInfo`,
      );
    }
    const content = signedData.encapContentInfo.eContent;
    if (!content) return problem('malformed', 'the TSTInfo is missing');
    eContent = new Uint8Array(content.getValue());
    tstInfo = pkijs.TSTInfo.fromBER(plainBytes(eContent));
  } catch (error) {
    return problem('malformed', (error as Error).message);
  }

  result.genTime = tstInfo.genTime;
  result.policy = tstInfo.policy;
  result.serialNumber = toHex(tstInfo.serialNumber.valueBlock.valueHexView);
  result.nonce = tstInfo.nonce ? toHex(tstInfo.nonce.valueBlock.valueHexView) : null;
  if (tstInfo.accuracy) {
    const a = tstInfo.accuracy;
    result.accuracyMs = (a.seconds ?? 0) * 1000 + (a.millis ?? 0) + (a.micros ?? 0) / 1000;
  }

  // The imprint over the data.
  const imprintOid = tstInfo.messageImprint.hashAlgorithm.algorithmId;
  const imprintHash = hashNameOf(imprintOid);
  result.hashAlgorithm = imprintHash ?? imprintOid;
  const hashed = tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView;
  if (!imprintHash) {
    problem('unsupported_algorithm', `message imprint hash ${imprintOid}`);
  } else if (hashed.byteLength !== hashLengths[imprintHash]) {
    problem('malformed', `a ${imprintHash} imprint of ${hashed.byteLength} bytes`);
  } else {
    result.imprintMatches = sameBytes(digest(imprintHash, data), hashed);
    if (!result.imprintMatches) problem('imprint_mismatch', `the ${imprintHash} imprint is over other data`);
  }

  // The certificates, and the signer's among them.
  const carried = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const asX509 = carried.map((c) => new x509.X509Certificate(c.toSchema(false).toBER(false)));
  if (signedData.signerInfos.length !== 1) {
    return problem('malformed', `${signedData.signerInfos.length} signers; a time stamp has one`);
  }
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const signerIndex = carried.findIndex((c) => isSigner(c, signerInfo));
  const signer = carried[signerIndex];
  const signerX509 = asX509[signerIndex];
  result.certificates = signerX509 ? [signerX509, ...asX509.filter((c) => c !== signerX509)] : asX509;
  if (!signer || !signerX509) {
    return problem(
      'signer_certificate_missing',
      'the token does not carry the certificate it was signed with',
    );
  }
  result.signerCertificate = signerX509;

  const signatureChecks = checkSignerInfo(signerInfo, signer, signerX509, eContent);
  result.problems.push(...signatureChecks.problems);
  result.signatureValid = signatureChecks.valid;

  const eku = tsaUsageProblem(signerX509);
  if (eku) problem('not_a_tsa_certificate', eku);
  const at = tstInfo.genTime.getTime();
  if (at < signerX509.notBefore.getTime() || at > signerX509.notAfter.getTime()) {
    problem(
      'tsa_certificate_not_valid_at_gen_time',
      `genTime ${tstInfo.genTime.toISOString()} is outside ${signerX509.notBefore.toISOString()} – ${signerX509.notAfter.toISOString()}`,
    );
  }
  return result;
}

function isSigner(certificate: pkijs.Certificate, signerInfo: pkijs.SignerInfo): boolean {
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber);
  }
  // subjectKeyIdentifier [0]: RFC 5652 leaves its derivation to the issuer; match the extension.
  const block = sid as asn1js.BaseBlock & {
    valueBlock: { valueHexView?: Uint8Array; value?: asn1js.BaseBlock[] };
  };
  const keyId =
    block.valueBlock.value?.[0] instanceof asn1js.OctetString
      ? block.valueBlock.value[0].valueBlock.valueHexView
      : block.valueBlock.valueHexView;
  if (!keyId) return false;
  const ski = certificate.extensions?.find((e) => e.extnID === '2.5.29.14');
  const value = ski?.parsedValue as asn1js.OctetString | undefined;
  return value instanceof asn1js.OctetString && sameBytes(value.valueBlock.valueHexView, keyId);
}

/** The CMS signature, the message digest, the content type and the ESS certificate binding. */
function checkSignerInfo(
  signerInfo: pkijs.SignerInfo,
  signer: pkijs.Certificate,
  signerX509: x509.X509Certificate,
  eContent: Uint8Array,
): { valid: boolean; problems: TimestampProblem[] } {
  const problems: TimestampProblem[] = [];
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  if (!signerInfo.signedAttrs || attributes.length === 0) {
    // RFC 3161 requires the ESS signing-certificate attribute, so signed attributes must be there.
    problems.push({
      code: 'signing_certificate_attribute_missing',
      detail: 'the signer has no signed attributes',
    });
    return { valid: false, problems };
  }
  const digestOid = signerInfo.digestAlgorithm.algorithmId;
  const digestHash = hashNameOf(digestOid);
  if (!digestHash) {
    problems.push({ code: 'unsupported_algorithm', detail: `signer digest algorithm ${digestOid}` });
    return { valid: false, problems };
  }
  const single = (type: string) => attributes.filter((a) => a.type === type);
  const contentTypes = single(contentTypeAttribute);
  const contentType = contentTypes[0]?.values[0];
  if (
    contentTypes.length !== 1 ||
    !(contentType instanceof asn1js.ObjectIdentifier) ||
    contentType.valueBlock.toString() !== tstInfoContentType
  ) {
    problems.push({
      code: 'content_type_mismatch',
      detail: 'the content-type attribute does not say TSTInfo',
    });
  }
  const digests = single(messageDigestAttribute);
  const messageDigest = digests[0]?.values[0];
  const digestMatches =
    digests.length === 1 &&
    messageDigest instanceof asn1js.OctetString &&
    sameBytes(messageDigest.valueBlock.valueHexView, digest(digestHash, eContent));
  if (!digestMatches) {
    problems.push({
      code: 'message_digest_mismatch',
      detail: 'the message-digest attribute is not that of the TSTInfo',
    });
  }

  const binding = checkEssBinding(attributes, signer, signerX509);
  if (binding) problems.push(binding);

  // The signature is over the DER of the signed attributes as a SET (RFC 5652 §5.4).
  const signed = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  const check = verifySignature({
    algorithm: signerInfo.signatureAlgorithm,
    digestAlgorithm: signerInfo.digestAlgorithm,
    publicKeyInfo: signer.subjectPublicKeyInfo,
    signature: new Uint8Array(signerInfo.signature.valueBlock.valueHexView),
    data: signed,
  });
  if (check.result === 'unsupported') problems.push({ code: 'unsupported_algorithm', detail: check.detail });
  if (check.result === 'invalid') {
    problems.push({
      code: 'signature_invalid',
      detail: 'the signature does not verify with the signer certificate',
    });
  }
  return { valid: check.result === 'valid' && problems.length === 0, problems };
}

/** RFC 5035: the first ESSCertID(v2) is the signer's certificate. Undefined when it is. */
function checkEssBinding(
  attributes: readonly pkijs.Attribute[],
  signer: pkijs.Certificate,
  signerX509: x509.X509Certificate,
): TimestampProblem | undefined {
  const v2 = attributes.find((a) => a.type === signingCertificateV2Attribute);
  const v1 = attributes.find((a) => a.type === signingCertificateAttribute);
  const attribute = v2 ?? v1;
  if (!attribute) {
    return { code: 'signing_certificate_attribute_missing', detail: 'no ESS signing-certificate attribute' };
  }
  const malformed = {
    code: 'malformed',
    detail: 'the ESS signing-certificate attribute cannot be read',
  } as const;
  const value = attribute.values[0];
  const certs = value instanceof asn1js.Sequence ? value.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return malformed;
  const parts = [...first.valueBlock.value];
  let hash: HashName | undefined = v2 ? 'SHA-256' : 'SHA-1'; // ESSCertIDv2's DEFAULT id-sha256
  if (v2 && parts[0] instanceof asn1js.Sequence) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: parts.shift() });
    hash = hashNameOf(algorithm.algorithmId);
    if (!hash) return { code: 'unsupported_algorithm', detail: `ESSCertIDv2 hash ${algorithm.algorithmId}` };
  }
  const certHash = parts[0];
  if (!(certHash instanceof asn1js.OctetString) || !hash) return malformed;
  if (!sameBytes(certHash.valueBlock.valueHexView, digest(hash, new Uint8Array(signerX509.rawData)))) {
    return { code: 'signing_certificate_mismatch', detail: 'the ESS attribute names another certificate' };
  }
  const issuerSerial = parts[1];
  if (issuerSerial instanceof asn1js.Sequence) {
    try {
      const named = new pkijs.IssuerSerial({ schema: issuerSerial });
      const issuerMatches = named.issuer.names.some(
        (n) => n.type === 4 && signer.issuer.isEqual(n.value as pkijs.RelativeDistinguishedNames),
      );
      if (!issuerMatches || !named.serialNumber.isEqual(signer.serialNumber)) {
        return {
          code: 'signing_certificate_mismatch',
          detail: 'the ESS issuerSerial names another certificate',
        };
      }
    } catch {
      return malformed;
    }
  }
  return undefined;
}

/** Why a certificate may not sign time stamps (RFC 3161 §2.3), or undefined when it may. */
export function tsaUsageProblem(certificate: x509.X509Certificate): string | undefined {
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku) return 'the certificate has no extended key usage';
  if (!eku.usages.includes(timeStampingKeyPurpose))
    return 'the extended key usage does not include timeStamping';
  if (eku.usages.length !== 1) return 'the extended key usage has purposes besides timeStamping';
  if (!eku.critical) return 'the extended key usage is not critical';
  return undefined;
}
