import { DOMParser } from '@xmldom/xmldom';
import { checkedXmlText } from '../../descriptions/xml/safe-xml.ts';
import { pkijs, plainBytes, x509 } from './crypto-engine.ts';
import { digestBy, isSupportedDigest } from './xml-algorithms.ts';
import { c14n10, canonicalize, isCanonicalizationAlgorithm } from './xml-c14n.ts';
import {
  base64Of,
  checkReferences,
  checkSignatureValue,
  childElements,
  dsNamespace,
  firstChild,
  type ReferenceCheck,
  textOf,
} from './xmldsig-core.ts';

// Reads XAdES signatures (ETSI EN 319 132-1) as real signing tools write them — DigiDoc4, eParaksts,
// the EU's DSS, libdigidocpp — and says what each one holds and whether its mathematics hold,
// before any trust decision. The XAdES properties are read from the DOM directly (xadesjs's object
// model refuses valid files it does not model, e.g. a SigPolicyQualifier with an SPURI or
// OCSPValues); canonicalization and algorithms are xmldsigjs's (xml-c14n.ts, xml-algorithms.ts).
//
// One signature file may hold several signatures. A file that cannot be read as XML gives
// `unreadable`; a signature that cannot be checked says exactly why, and an algorithm we do not
// implement is `unsupported_algorithm`, never "damaged".

export const asicNamespace = 'http://uri.etsi.org/02918/v1.2.1#';
/**
 * Early Latvian eDoc software wrote the ASiC namespace without the zero ("2918"); DigiDoc and DSS
 * read such files, so we do too, and say so.
 */
export const legacyAsicNamespace = 'http://uri.etsi.org/2918/v1.2.1#';
export const xadesNamespace = 'http://uri.etsi.org/01903/v1.3.2#';
const xades141Namespace = 'http://uri.etsi.org/01903/v1.4.1#';
const xades111Namespace = 'http://uri.etsi.org/01903/v1.1.1#';
const signedPropertiesType = 'http://uri.etsi.org/01903#SignedProperties';
const counterSignedType = 'http://uri.etsi.org/01903#CountersignedSignature';
const weakDigests = ['http://www.w3.org/2000/09/xmldsig#sha1', 'http://www.w3.org/2001/04/xmldsig-more#md5'];

export type PolicyInfo =
  | { kind: 'implied' }
  | { kind: 'explicit'; identifier: string; spuri: string | null; hashAlgorithm: string; hash: string };

export type EmbeddedTimestamp = {
  kind: 'signature' | 'archive' | 'sig_and_refs' | 'refs_only';
  token: Uint8Array;
  /** For a signature time stamp: the octets its imprint must cover (the canonical SignatureValue). */
  covered?: Uint8Array;
};

export type CertificateReference = {
  digestAlgorithm: string;
  digest: string;
  issuerSerial: { issuer: string | null; serial: string | null; v2: Uint8Array | null } | null;
};

export type XadesInspection = {
  /** The signature's Id attribute, or `#n` (its position in the file) when it has none. */
  id: string;
  /** Why the signature cannot be read at all; the other fields then say what could be read. */
  unreadable?: string;
  signatureValue: 'valid' | 'invalid' | 'not_checked';
  /** The decoded SignatureValue (a BDOC time-mark's OCSP nonce is its digest). */
  signatureValueBytes: Uint8Array;
  /** The algorithm we do not implement that stopped a check. */
  unsupportedAlgorithm?: string;
  canonicalization: string;
  signatureMethod: string;
  /** Data objects the signature covers (by container file name) and whether each digest matches. */
  documents: { name: string; digestMatches: boolean | null; mimeType: string | null }[];
  /** References to files the container does not hold. */
  unknownReferences: string[];
  /** What is wrong with the SignedProperties binding, if anything. */
  signedPropertiesProblem?: string;
  weakAlgorithms: string[];
  signerCertificate?: x509.X509Certificate;
  /** Every certificate the signature carries: KeyInfo first (signer first), then CertificateValues. */
  certificates: x509.X509Certificate[];
  signingCertificate: {
    version: 1 | 2 | null;
    references: CertificateReference[];
    issuerSerialMatches: boolean | null;
  };
  signingTime?: Date;
  policy: PolicyInfo | null;
  claimedRoles: string[];
  timestamps: EmbeddedTimestamp[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
  /** Unsigned properties we recognise but do not check (XAdES-C/X references, archive data). */
  notChecked: string[];
  counterSignatures: XadesInspection[];
};

export type SignatureFileInspection = {
  unreadable?: string;
  /** The file uses the misspelt ASiC namespace of early Latvian eDoc software. */
  legacyNamespace?: boolean;
  signatures: XadesInspection[];
};

const signatureFileLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64, maxElements: 20_000 };

/** Reads one META-INF/*signatures*.xml file; `documents` are the container's data objects by name. */
export async function inspectSignatureFile(
  xml: Uint8Array,
  path: string,
  documents: ReadonlyMap<string, Uint8Array>,
): Promise<SignatureFileInspection> {
  let document: Document;
  try {
    // The safe XML layer first: no DOCTYPE (so no entity is ever expanded), bounded size and depth.
    const text = checkedXmlText(xml, path, signatureFileLimits);
    document = parseDom(text);
  } catch (error) {
    return { unreadable: (error as Error).message, signatures: [] };
  }
  const root = document.documentElement;
  const namespace = root?.namespaceURI;
  if (root?.localName !== 'XAdESSignatures' || !isAsicNamespace(namespace)) {
    return { unreadable: `${path} is not an <asic:XAdESSignatures> document`, signatures: [] };
  }
  const elements = childElements(root, dsNamespace, 'Signature');
  if (elements.length === 0) return { unreadable: `${path} holds no ds:Signature`, signatures: [] };
  const signatures: XadesInspection[] = [];
  for (const [index, element] of elements.entries()) {
    signatures.push(await inspectSignature(element, index, (uri) => resolveDataObject(uri, documents)));
  }
  return { signatures, ...(namespace === legacyAsicNamespace && { legacyNamespace: true }) };
}

function isAsicNamespace(namespace: string | null | undefined): boolean {
  return namespace === asicNamespace || namespace === legacyAsicNamespace;
}

function parseDom(text: string): Document {
  const problems: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(message);
    },
  }).parseFromString(text.replace(/^\uFEFF/, ''), 'application/xml');
  if (problems.length > 0) throw new Error(`the XML is not well-formed: ${problems[0]}`);
  return document as unknown as Document;
}

/** A reference URI names a container entry, percent-encoded (`Test%20document.pdf`). */
function resolveDataObject(uri: string, documents: ReadonlyMap<string, Uint8Array>): Uint8Array | undefined {
  const name = decodeUri(uri);
  return name === undefined ? undefined : documents.get(name);
}

function decodeUri(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri);
  } catch {
    return undefined;
  }
}

function emptyInspection(id: string): XadesInspection {
  return {
    id,
    signatureValue: 'not_checked',
    signatureValueBytes: new Uint8Array(),
    canonicalization: '',
    signatureMethod: '',
    documents: [],
    unknownReferences: [],
    weakAlgorithms: [],
    certificates: [],
    signingCertificate: { version: null, references: [], issuerSerialMatches: null },
    policy: null,
    claimedRoles: [],
    timestamps: [],
    ocspResponses: [],
    crls: [],
    notChecked: [],
    counterSignatures: [],
  };
}

async function inspectSignature(
  signature: Element,
  index: number,
  resolveExternal: (uri: string) => Uint8Array | undefined,
): Promise<XadesInspection> {
  const id = signature.getAttribute('Id') || `#${index + 1}`;
  const result = emptyInspection(id);
  const signedInfo = firstChild(signature, dsNamespace, 'SignedInfo');
  if (!signedInfo) return { ...result, unreadable: 'the signature has no SignedInfo' };
  result.canonicalization =
    firstChild(signedInfo, dsNamespace, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? '';
  result.signatureMethod =
    firstChild(signedInfo, dsNamespace, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';

  const qualifying = findQualifyingProperties(signature);
  if (!qualifying) return { ...result, unreadable: 'the signature has no XAdES QualifyingProperties' };
  const signedProperties = firstChild(qualifying.element, qualifying.namespace, 'SignedProperties');
  const mimeTypes = dataObjectMimeTypes(signedProperties, qualifying.namespace);

  // References: the data objects, exactly one SignedProperties, and (for a counter-signature) the
  // SignatureValue it counter-signs.
  const references = await checkReferences(signature, resolveExternal);
  let signedPropertiesReferences = 0;
  for (const reference of references) {
    if (weakDigests.includes(reference.digestAlgorithm))
      result.weakAlgorithms.push(reference.digestAlgorithm);
    if (reference.problem?.code === 'unsupported_algorithm')
      result.unsupportedAlgorithm ??= reference.problem.detail;
    const pointsAtSignedProperties =
      reference.type === signedPropertiesType ||
      (reference.element !== undefined && reference.element === signedProperties);
    if (pointsAtSignedProperties) {
      signedPropertiesReferences += 1;
      result.signedPropertiesProblem ??= signedPropertiesBindingProblem(reference, signedProperties);
      continue;
    }
    if (reference.uri.startsWith('#') || reference.uri === '') {
      if (reference.type === counterSignedType || reference.element) {
        if (reference.problem)
          result.signedPropertiesProblem ??= `the reference ${reference.uri} cannot be resolved`;
        else if (reference.digestMatches === false)
          result.signedPropertiesProblem ??= `the digest of ${reference.uri} does not match`;
        continue;
      }
    }
    const name = decodeUri(reference.uri) ?? reference.uri;
    if (reference.problem?.code === 'not_found') {
      result.unknownReferences.push(reference.uri);
      continue;
    }
    result.documents.push({
      name,
      digestMatches: reference.digestMatches,
      mimeType: (reference.id ? mimeTypes.get(`#${reference.id}`) : undefined) ?? null,
    });
  }
  if (!signedProperties) result.signedPropertiesProblem ??= 'the signature has no SignedProperties';
  else if (signedPropertiesReferences === 0)
    result.signedPropertiesProblem ??= 'SignedInfo does not sign the SignedProperties';
  else if (signedPropertiesReferences > 1)
    result.signedPropertiesProblem ??= 'SignedInfo signs the SignedProperties more than once';
  if (weakDigests.some((w) => result.signatureMethod.endsWith(w.slice(w.indexOf('#') + 1)))) {
    result.weakAlgorithms.push(result.signatureMethod);
  }
  if (/(rsa|ecdsa|dsa)-(sha1|md5)$/i.test(result.signatureMethod))
    result.weakAlgorithms.push(result.signatureMethod);

  try {
    result.certificates = keyInfoCertificates(signature);
  } catch (error) {
    return { ...result, unreadable: `a certificate in KeyInfo cannot be read: ${(error as Error).message}` };
  }
  const signedSignatureProperties = signedProperties
    ? firstChild(signedProperties, qualifying.namespace, 'SignedSignatureProperties')
    : undefined;
  if (signedSignatureProperties)
    readSignedSignatureProperties(signedSignatureProperties, qualifying.namespace, result);
  readUnsignedProperties(qualifying.element, qualifying.namespace, signature, result);
  try {
    result.certificates.push(...certificateValues(qualifying.element, qualifying.namespace));
  } catch (error) {
    result.notChecked.push(`CertificateValues (a certificate cannot be read: ${(error as Error).message})`);
  }
  await chooseSigner(result, signedSignatureProperties);

  if (result.signerCertificate) {
    const value = await checkSignatureValue(signature, result.signerCertificate);
    if (value.result === 'unsupported_algorithm') {
      result.unsupportedAlgorithm ??= value.algorithm;
      result.signatureValue = 'not_checked';
    } else {
      result.signatureValue = value.result;
    }
  }
  for (const counter of counterSignatureElements(qualifying.element, qualifying.namespace)) {
    result.counterSignatures.push(
      await inspectSignature(counter, result.counterSignatures.length, resolveExternal),
    );
  }
  return result;
}

function findQualifyingProperties(signature: Element): { element: Element; namespace: string } | undefined {
  for (const object of childElements(signature, dsNamespace, 'Object')) {
    for (const namespace of [xadesNamespace, xades111Namespace]) {
      const found = firstChild(object, namespace, 'QualifyingProperties');
      if (found) return { element: found, namespace };
    }
  }
  return undefined;
}

/** The SignedProperties reference must point at this signature's own SignedProperties, intact. */
function signedPropertiesBindingProblem(
  reference: ReferenceCheck,
  own: Element | undefined,
): string | undefined {
  if (reference.problem?.code === 'duplicate_id')
    return `the Id ${reference.problem.detail} appears more than once`;
  if (reference.problem) return `the SignedProperties reference ${reference.uri} cannot be resolved`;
  if (reference.element !== own) return 'the SignedProperties reference points outside this signature';
  if (reference.digestMatches === false) return 'the SignedProperties were changed after signing';
  return undefined;
}

function dataObjectMimeTypes(signedProperties: Element | undefined, namespace: string): Map<string, string> {
  const types = new Map<string, string>();
  const dataProperties =
    signedProperties && firstChild(signedProperties, namespace, 'SignedDataObjectProperties');
  if (!dataProperties) return types;
  for (const format of childElements(dataProperties, namespace, 'DataObjectFormat')) {
    const reference = format.getAttribute('ObjectReference');
    const mimeType = textOf(firstChild(format, namespace, 'MimeType'));
    if (reference && mimeType) types.set(reference, mimeType);
  }
  return types;
}

function keyInfoCertificates(signature: Element): x509.X509Certificate[] {
  const keyInfo = firstChild(signature, dsNamespace, 'KeyInfo');
  if (!keyInfo) return [];
  return childElements(keyInfo, dsNamespace, 'X509Data')
    .flatMap((data) => childElements(data, dsNamespace, 'X509Certificate'))
    .map((c) => new x509.X509Certificate(plainBytes(base64Of(c))));
}

function readSignedSignatureProperties(properties: Element, ns: string, result: XadesInspection): void {
  const time = textOf(firstChild(properties, ns, 'SigningTime'));
  if (time) {
    const parsed = new Date(time);
    if (!Number.isNaN(parsed.getTime())) result.signingTime = parsed;
  }
  const v2 = firstChild(properties, ns, 'SigningCertificateV2');
  const v1 = firstChild(properties, ns, 'SigningCertificate');
  const chosen = v2 ?? v1;
  if (chosen) {
    result.signingCertificate.version = v2 ? 2 : 1;
    result.signingCertificate.references = childElements(chosen, ns, 'Cert').map((cert) => {
      const digest = firstChild(cert, ns, 'CertDigest');
      const issuerSerial = firstChild(cert, ns, 'IssuerSerial');
      const issuerSerialV2 = firstChild(cert, ns, 'IssuerSerialV2');
      return {
        digestAlgorithm:
          (digest && firstChild(digest, dsNamespace, 'DigestMethod')?.getAttribute('Algorithm')) ?? '',
        digest: textOf(digest && firstChild(digest, dsNamespace, 'DigestValue')).replace(/\s+/g, ''),
        issuerSerial: issuerSerial
          ? {
              issuer: textOf(firstChild(issuerSerial, dsNamespace, 'X509IssuerName')) || null,
              serial: textOf(firstChild(issuerSerial, dsNamespace, 'X509SerialNumber')) || null,
              v2: null,
            }
          : issuerSerialV2
            ? { issuer: null, serial: null, v2: base64Of(issuerSerialV2) }
            : null,
      };
    });
  }
  const policy = firstChild(properties, ns, 'SignaturePolicyIdentifier');
  if (policy) result.policy = readPolicy(policy, ns);
  const role = firstChild(properties, ns, 'SignerRole') ?? firstChild(properties, ns, 'SignerRoleV2');
  const claimed = role && firstChild(role, ns, 'ClaimedRoles');
  if (claimed)
    result.claimedRoles = childElements(claimed, ns, 'ClaimedRole')
      .map((r) => textOf(r))
      .filter(Boolean);
}

function readPolicy(policy: Element, ns: string): PolicyInfo {
  const id = firstChild(policy, ns, 'SignaturePolicyId');
  if (!id) return { kind: 'implied' };
  const identifier = textOf(firstChild(firstChild(id, ns, 'SigPolicyId') ?? id, ns, 'Identifier'));
  const hash = firstChild(id, ns, 'SigPolicyHash');
  const qualifiers = firstChild(id, ns, 'SigPolicyQualifiers');
  const spuri = qualifiers
    ? childElements(qualifiers, ns, 'SigPolicyQualifier')
        .map((q) => textOf(firstChild(q, ns, 'SPURI')))
        .find(Boolean)
    : undefined;
  return {
    kind: 'explicit',
    identifier,
    spuri: spuri ?? null,
    hashAlgorithm: (hash && firstChild(hash, dsNamespace, 'DigestMethod')?.getAttribute('Algorithm')) ?? '',
    hash: textOf(hash && firstChild(hash, dsNamespace, 'DigestValue')).replace(/\s+/g, ''),
  };
}

function unsignedSignatureProperties(qualifying: Element, ns: string): Element | undefined {
  const unsigned = firstChild(qualifying, ns, 'UnsignedProperties');
  return unsigned && firstChild(unsigned, ns, 'UnsignedSignatureProperties');
}

function readUnsignedProperties(
  qualifying: Element,
  ns: string,
  signature: Element,
  result: XadesInspection,
): void {
  const properties = unsignedSignatureProperties(qualifying, ns);
  if (!properties) return;
  const signatureValue = firstChild(signature, dsNamespace, 'SignatureValue');
  for (const property of childElements(properties)) {
    const name = property.localName;
    if (name === 'SignatureTimeStamp') {
      const c14n =
        firstChild(property, dsNamespace, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? c14n10;
      const token = firstChild(property, ns, 'EncapsulatedTimeStamp');
      if (!token) continue;
      const covered =
        signatureValue && isCanonicalizationAlgorithm(c14n)
          ? new TextEncoder().encode(canonicalize(signatureValue, c14n))
          : undefined;
      if (!covered) result.notChecked.push(`SignatureTimeStamp (canonicalization ${c14n} is not supported)`);
      result.timestamps.push({ kind: 'signature', token: base64Of(token), ...(covered && { covered }) });
    } else if (name === 'RevocationValues') {
      const ocsp = firstChild(property, ns, 'OCSPValues');
      if (ocsp) result.ocspResponses.push(...childElements(ocsp, ns, 'EncapsulatedOCSPValue').map(base64Of));
      const crl = firstChild(property, ns, 'CRLValues');
      if (crl) result.crls.push(...childElements(crl, ns, 'EncapsulatedCRLValue').map(base64Of));
    } else if (name === 'ArchiveTimeStamp') {
      const token =
        firstChild(property, ns, 'EncapsulatedTimeStamp') ??
        firstChild(property, xades141Namespace, 'EncapsulatedTimeStamp');
      if (token) result.timestamps.push({ kind: 'archive', token: base64Of(token) });
      result.notChecked.push('ArchiveTimeStamp');
    } else if (name === 'SigAndRefsTimeStamp' || name === 'RefsOnlyTimeStamp') {
      const token = firstChild(property, ns, 'EncapsulatedTimeStamp');
      if (token)
        result.timestamps.push({
          kind: name === 'SigAndRefsTimeStamp' ? 'sig_and_refs' : 'refs_only',
          token: base64Of(token),
        });
      result.notChecked.push(name);
    } else if (
      name === 'CompleteCertificateRefs' ||
      name === 'CompleteRevocationRefs' ||
      name === 'AttributeCertificateRefs' ||
      name === 'AttributeRevocationRefs'
    ) {
      result.notChecked.push(name);
    } else if (name === 'TimeStampValidationData' || property.namespaceURI === xades141Namespace) {
      result.notChecked.push(name ?? 'XAdES 1.4.1 property');
    }
  }
}

function certificateValues(qualifying: Element, ns: string): x509.X509Certificate[] {
  const properties = unsignedSignatureProperties(qualifying, ns);
  const values = properties && firstChild(properties, ns, 'CertificateValues');
  if (!values) return [];
  return childElements(values, ns, 'EncapsulatedX509Certificate').map(
    (c) => new x509.X509Certificate(plainBytes(base64Of(c))),
  );
}

function counterSignatureElements(qualifying: Element, ns: string): Element[] {
  const properties = unsignedSignatureProperties(qualifying, ns);
  if (!properties) return [];
  return childElements(properties, ns, 'CounterSignature').flatMap((c) =>
    childElements(c, dsNamespace, 'Signature'),
  );
}

/**
 * The signer is the carried certificate that SigningCertificate(V2) names by digest (KeyInfo first):
 * the property is signed, KeyInfo usually is not, so the signed digest decides which key to use.
 */
async function chooseSigner(
  result: XadesInspection,
  signedSignatureProperties: Element | undefined,
): Promise<void> {
  const references = result.signingCertificate.references;
  if (!signedSignatureProperties || references.length === 0) return;
  for (const certificate of result.certificates) {
    const der = new Uint8Array(certificate.rawData);
    for (const reference of references) {
      if (!isSupportedDigest(reference.digestAlgorithm)) {
        result.unsupportedAlgorithm ??= reference.digestAlgorithm;
        continue;
      }
      const digest = Buffer.from(await digestBy(reference.digestAlgorithm, der)).toString('base64');
      if (digest !== reference.digest) continue;
      result.signerCertificate = certificate;
      result.signingCertificate.issuerSerialMatches = issuerSerialMatches(reference, certificate);
      result.certificates = [certificate, ...result.certificates.filter((c) => c !== certificate)];
      return;
    }
  }
}

/** IssuerSerial (v1: name and decimal serial) or IssuerSerialV2 (DER) against the certificate. */
function issuerSerialMatches(
  reference: CertificateReference,
  certificate: x509.X509Certificate,
): boolean | null {
  const given = reference.issuerSerial;
  if (!given) return null;
  const serial = BigInt(`0x${certificate.serialNumber}`);
  if (given.v2) {
    try {
      const parsed = pkijs.IssuerSerial.fromBER(plainBytes(given.v2));
      const givenSerial = BigInt(
        `0x${Buffer.from(parsed.serialNumber.valueBlock.valueHexView).toString('hex') || '0'}`,
      );
      // IssuerSerialV2 wraps the issuer's Name in GeneralNames: the Name's DER must be inside it.
      const issuerDer = Buffer.from(parsed.issuer.toSchema().toBER(false)).toString('hex');
      const nameDer = Buffer.from(certificate.issuerName.toArrayBuffer()).toString('hex');
      return givenSerial === serial && issuerDer.includes(nameDer);
    } catch {
      return false;
    }
  }
  if (given.serial === null || !/^\d+$/.test(given.serial)) return false;
  if (BigInt(given.serial) !== serial) return false;
  // X509IssuerName is a string DN whose order and escaping differ between tools: every value of the
  // certificate's issuer must appear in it.
  const written = unescapeDn(given.issuer ?? '').toLowerCase();
  return certificate.issuerName
    .toJSON()
    .every((rdn) =>
      Object.values(rdn).every((values) => values.every((v) => written.includes(v.toLowerCase()))),
    );
}

function unescapeDn(dn: string): string {
  return dn
    .replace(/=#([0-9a-fA-F]+)/g, (_, hex: string) => `=${derStringValue(Buffer.from(hex, 'hex'))}`)
    .replace(/(?:\\[0-9a-fA-F]{2})+/g, (hex) => Buffer.from(hex.replace(/\\/g, ''), 'hex').toString('utf8'))
    .replace(/\\(.)/g, '$1');
}

/** A DER string value written as `#hex` in a DN (RFC 4514 §2.4): its text, for the string types. */
function derStringValue(der: Buffer): string {
  const tag = der[0];
  let length = der[1] ?? 0;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = der.subarray(2, 2 + count).reduce((n, b) => n * 256 + b, 0);
    offset = 2 + count;
  }
  const value = der.subarray(offset, offset + length);
  if (tag === 0x1e) return Buffer.from(value).swap16().toString('utf16le');
  return value.toString(tag === 0x0c ? 'utf8' : 'latin1');
}
