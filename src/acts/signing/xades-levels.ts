import { DOMParser } from '@xmldom/xmldom';
import { parseXml } from '../../descriptions/xml/safe-xml.ts';
import { x509 } from './crypto-engine.ts';
import { c14n10, canonicalize, excC14n, isCanonicalizationAlgorithm } from './xml-c14n.ts';

// XAdES baseline T and LT (ETSI EN 319 132-1): the unsigned properties that carry a signature's time
// stamp and its validation data, added to one `<asic:XAdESSignatures>` file, and read back.
//
// Adding is a splice into the original text: the new xades:UnsignedProperties go right after
// xades:SignedProperties (or at the end of the UnsignedSignatureProperties already there), and no
// other byte of the file changes, so what is signed stays byte for byte what it was. The result is
// parsed again and the signed parts compared before it is returned.
//
// - T: xades:SignatureTimeStamp with ds:CanonicalizationMethod (exclusive c14n) and
//   xades:EncapsulatedTimeStamp, the RFC 3161 token over the canonical ds:SignatureValue element
//   (EN 319 132-1 §5.3).
// - LT: xades:CertificateValues (certificates needed for validation that ds:KeyInfo does not already
//   hold: duplicates are avoided, as EN 319 132-1 asks) and xades:RevocationValues/OCSPValues.

export const xadesNamespace = 'http://uri.etsi.org/01903/v1.3.2#';
const dsNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const asicNamespace = 'http://uri.etsi.org/02918/v1.2.1#';

/** The canonicalization the signature time stamp is made with. */
export const signatureTimestampCanonicalization = excC14n;

const limits = { maxBytes: 8 * 1024 * 1024, maxDepth: 64, maxElements: 10_000 };

type Located = {
  text: string;
  signature: Element;
  signatureValue: Element;
  qualifyingProperties: Element;
  signedProperties: Element;
  unsignedProperties: Element | undefined;
  unsignedSignatureProperties: Element | undefined;
};

function childrenNamed(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
    }
  }
  return found;
}

function only(parent: Element, namespace: string, localName: string, what: string): Element {
  const found = childrenNamed(parent, namespace, localName);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0] as Element;
}

function parseDocument(text: string): Document {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`not well-formed XML: ${message}`);
    },
  }).parseFromString(text, 'application/xml');
  return doc as unknown as Document;
}

/** Finds the one signature of the file and its qualifying properties. Throws saying what is missing. */
function locate(xml: Uint8Array): Located {
  // The safe XML layer first: no DOCTYPE (so no entities), bounded depth and size.
  parseXml(xml, 'signature', limits);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  const doc = parseDocument(text);
  const root = doc.documentElement;
  if (!root) throw new Error('an empty document');
  const signature =
    root.namespaceURI === dsNamespace && root.localName === 'Signature'
      ? root
      : root.namespaceURI === asicNamespace && root.localName === 'XAdESSignatures'
        ? only(root, dsNamespace, 'Signature', 'ds:Signature')
        : undefined;
  if (!signature) throw new Error('neither <asic:XAdESSignatures> nor <ds:Signature>');
  const signatureValue = only(signature, dsNamespace, 'SignatureValue', 'ds:SignatureValue');
  const qualifying = childrenNamed(signature, dsNamespace, 'Object').flatMap((o) =>
    childrenNamed(o, xadesNamespace, 'QualifyingProperties'),
  );
  if (qualifying.length !== 1)
    throw new Error(`expected one xades:QualifyingProperties, found ${qualifying.length}`);
  const qualifyingProperties = qualifying[0] as Element;
  const signedProperties = only(
    qualifyingProperties,
    xadesNamespace,
    'SignedProperties',
    'xades:SignedProperties',
  );
  const unsigned = childrenNamed(qualifyingProperties, xadesNamespace, 'UnsignedProperties');
  if (unsigned.length > 1) throw new Error('more than one xades:UnsignedProperties');
  const unsignedProperties = unsigned[0];
  const usp = unsignedProperties
    ? childrenNamed(unsignedProperties, xadesNamespace, 'UnsignedSignatureProperties')
    : [];
  if (usp.length > 1) throw new Error('more than one xades:UnsignedSignatureProperties');
  return {
    text,
    signature,
    signatureValue,
    qualifyingProperties,
    signedProperties,
    unsignedProperties,
    unsignedSignatureProperties: usp[0],
  };
}

/**
 * The bytes a signature time stamp's imprint is computed over: the ds:SignatureValue element,
 * canonicalized in its document with `canonicalization`. Throws when the file is not one signature.
 */
export function signatureTimestampInput(
  signatureXml: Uint8Array,
  canonicalization: string = signatureTimestampCanonicalization,
): Uint8Array {
  const { signatureValue } = locate(signatureXml);
  return new TextEncoder().encode(canonicalize(signatureValue, canonicalization));
}

const base64 = (bytes: Uint8Array | ArrayBuffer) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Adds xades:SignatureTimeStamp holding `token` (level T). */
export function addSignatureTimestamp(signatureXml: Uint8Array, token: Uint8Array): Uint8Array {
  return addUnsignedSignatureProperties(signatureXml, (names, located) => {
    const id = uniqueId(located.text, `${located.signature.getAttribute('Id') ?? 'signature'}-timestamp`);
    return (
      `<${names.xades}SignatureTimeStamp Id="${escapeAttribute(id)}">` +
      `<${names.ds}CanonicalizationMethod${names.dsDeclaration} Algorithm="${signatureTimestampCanonicalization}"/>` +
      `<${names.xades}EncapsulatedTimeStamp>${base64(token)}</${names.xades}EncapsulatedTimeStamp>` +
      `</${names.xades}SignatureTimeStamp>`
    );
  });
}

/**
 * Adds the validation data of level LT: xades:CertificateValues with those of `certificates` that
 * ds:KeyInfo does not hold already (left out when none is left), and xades:RevocationValues with
 * the OCSP responses (OCSPResponse DER).
 */
export function addLongTermValues(
  signatureXml: Uint8Array,
  values: { certificates: readonly x509.X509Certificate[]; ocspResponses: readonly Uint8Array[] },
): Uint8Array {
  const present = keyInfoCertificates(signatureXml).map((c) => base64(c.rawData));
  const certificates = [...new Set(values.certificates.map((c) => base64(c.rawData)))].filter(
    (c) => !present.includes(c),
  );
  return addUnsignedSignatureProperties(signatureXml, ({ xades }) => {
    const certificateValues =
      certificates.length === 0
        ? ''
        : `<${xades}CertificateValues>${certificates
            .map((c) => `<${xades}EncapsulatedX509Certificate>${c}</${xades}EncapsulatedX509Certificate>`)
            .join('')}</${xades}CertificateValues>`;
    const revocationValues =
      values.ocspResponses.length === 0
        ? ''
        : `<${xades}RevocationValues><${xades}OCSPValues>${values.ocspResponses
            .map((r) => `<${xades}EncapsulatedOCSPValue>${base64(r)}</${xades}EncapsulatedOCSPValue>`)
            .join('')}</${xades}OCSPValues></${xades}RevocationValues>`;
    return certificateValues + revocationValues;
  });
}

type Names = { xades: string; ds: string; dsDeclaration: string };

function addUnsignedSignatureProperties(
  signatureXml: Uint8Array,
  build: (names: Names, located: Located) => string,
): Uint8Array {
  const located = locate(signatureXml);
  const { text, qualifyingProperties: qp } = located;
  const xades = qp.prefix ? `${qp.prefix}:` : '';
  const dsBound = qp.lookupNamespaceURI('ds') === dsNamespace;
  const names: Names = {
    xades,
    ds: 'ds:',
    dsDeclaration: dsBound ? '' : ` xmlns:ds="${dsNamespace}"`,
  };
  const fragment = build(names, located);
  if (fragment === '') return signatureXml;

  let at: number;
  let insert: string;
  if (located.unsignedSignatureProperties) {
    at = onlyOccurrence(text, `</${located.unsignedSignatureProperties.tagName}>`);
    insert = fragment;
  } else if (located.unsignedProperties) {
    // Not something this code writes: UnsignedProperties with only data-object properties.
    throw new Error('xades:UnsignedProperties without xades:UnsignedSignatureProperties is not extended');
  } else {
    const closing = `</${located.signedProperties.tagName}>`;
    at = onlyOccurrence(text, closing) + closing.length;
    insert = `<${xades}UnsignedProperties><${xades}UnsignedSignatureProperties>${fragment}</${xades}UnsignedSignatureProperties></${xades}UnsignedProperties>`;
  }
  const extended = text.slice(0, at) + insert + text.slice(at);
  assertSignedPartsUnchanged(located, locate(new TextEncoder().encode(extended)));
  return new TextEncoder().encode(extended);
}

function onlyOccurrence(text: string, needle: string): number {
  const first = text.indexOf(needle);
  if (first < 0 || text.indexOf(needle, first + 1) >= 0) {
    throw new Error(`expected ${needle} once in the signature file`);
  }
  return first;
}

function uniqueId(text: string, wanted: string): string {
  let id = wanted;
  for (let n = 2; text.includes(`"${id}"`); n++) id = `${wanted}-${n}`;
  return id;
}

/** A guard on the splice: everything signed, and the signature value, canonicalize as before. */
function assertSignedPartsUnchanged(before: Located, after: Located): void {
  const parts = (l: Located) => [
    l.signatureValue,
    l.signedProperties,
    only(l.signature, dsNamespace, 'SignedInfo', 'ds:SignedInfo'),
  ];
  const a = parts(before).map((e) => canonicalize(e, excC14n));
  const b = parts(after).map((e) => canonicalize(e, excC14n));
  if (a.some((value, i) => value !== b[i]) || !after.unsignedSignatureProperties) {
    throw new Error('adding unsigned properties would change the signed parts; nothing was added');
  }
}

/** The certificates of ds:KeyInfo/ds:X509Data. Throws when the file is not one signature. */
export function keyInfoCertificates(signatureXml: Uint8Array): x509.X509Certificate[] {
  const { signature } = locate(signatureXml);
  return childrenNamed(signature, dsNamespace, 'KeyInfo')
    .flatMap((k) => childrenNamed(k, dsNamespace, 'X509Data'))
    .flatMap((d) => childrenNamed(d, dsNamespace, 'X509Certificate'))
    .map((c) => new x509.X509Certificate(decodeBase64(c.textContent ?? '')));
}

// --- reading, for the verifier ------------------------------------------------------------------

export type UnsignedPropertiesProblem = {
  code: 'unreadable' | 'unsupported_canonicalization' | 'malformed_value';
  detail: string;
};

export type SignatureTimestampValue = {
  id: string | null;
  canonicalization: string;
  /** The RFC 3161 token (DER), null when it cannot be decoded (see problems). */
  token: Uint8Array | null;
  /** What the token's imprint must be over: the canonical ds:SignatureValue; null when it cannot be made. */
  timestampedData: Uint8Array | null;
};

export type UnsignedProperties = {
  signatureTimestamps: SignatureTimestampValue[];
  /** xades:CertificateValues, in order. */
  certificateValues: x509.X509Certificate[];
  /** xades:RevocationValues/OCSPValues: OCSPResponse DER, in order. */
  ocspValues: Uint8Array[];
  /** xades:RevocationValues/CRLValues: CRL DER, in order (this code writes none). */
  crlValues: Uint8Array[];
  problems: UnsignedPropertiesProblem[];
};

/**
 * What the unsigned signature properties of one signature file carry, for the verifier to check
 * with verifyTimestampToken and verifyOcspResponse. Pure; never throws: a file it cannot read, or a
 * value it cannot decode, is a problem entry. A signature without unsigned properties gives empty lists.
 */
export function readUnsignedProperties(signatureXml: Uint8Array): UnsignedProperties {
  const result: UnsignedProperties = {
    signatureTimestamps: [],
    certificateValues: [],
    ocspValues: [],
    crlValues: [],
    problems: [],
  };
  let located: Located;
  try {
    located = locate(signatureXml);
  } catch (error) {
    result.problems.push({ code: 'unreadable', detail: (error as Error).message });
    return result;
  }
  const usp = located.unsignedSignatureProperties;
  if (!usp) return result;
  const decode = (element: Element, what: string): Uint8Array<ArrayBuffer> | null => {
    try {
      return decodeBase64(element.textContent ?? '');
    } catch (error) {
      result.problems.push({ code: 'malformed_value', detail: `${what}: ${(error as Error).message}` });
      return null;
    }
  };

  for (const stamp of childrenNamed(usp, xadesNamespace, 'SignatureTimeStamp')) {
    const method = childrenNamed(stamp, dsNamespace, 'CanonicalizationMethod')[0];
    // Without ds:CanonicalizationMethod, XAdES says canonical XML 1.0.
    const canonicalization = method?.getAttribute('Algorithm') ?? c14n10;
    const encapsulated = childrenNamed(stamp, xadesNamespace, 'EncapsulatedTimeStamp');
    const id = stamp.getAttribute('Id');
    if (encapsulated.length !== 1) {
      result.problems.push({
        code: 'malformed_value',
        detail: `SignatureTimeStamp ${id ?? ''} holds ${encapsulated.length} EncapsulatedTimeStamp elements; one is read`,
      });
    }
    let timestampedData: Uint8Array | null = null;
    if (isCanonicalizationAlgorithm(canonicalization)) {
      timestampedData = new TextEncoder().encode(canonicalize(located.signatureValue, canonicalization));
    } else {
      result.problems.push({ code: 'unsupported_canonicalization', detail: canonicalization });
    }
    result.signatureTimestamps.push({
      id,
      canonicalization,
      token: encapsulated[0] ? decode(encapsulated[0], 'EncapsulatedTimeStamp') : null,
      timestampedData,
    });
  }
  for (const values of childrenNamed(usp, xadesNamespace, 'CertificateValues')) {
    for (const element of childrenNamed(values, xadesNamespace, 'EncapsulatedX509Certificate')) {
      const der = decode(element, 'EncapsulatedX509Certificate');
      if (!der) continue;
      try {
        result.certificateValues.push(new x509.X509Certificate(der));
      } catch (error) {
        result.problems.push({
          code: 'malformed_value',
          detail: `EncapsulatedX509Certificate: ${(error as Error).message}`,
        });
      }
    }
  }
  for (const values of childrenNamed(usp, xadesNamespace, 'RevocationValues')) {
    for (const ocsp of childrenNamed(values, xadesNamespace, 'OCSPValues')) {
      for (const element of childrenNamed(ocsp, xadesNamespace, 'EncapsulatedOCSPValue')) {
        const der = decode(element, 'EncapsulatedOCSPValue');
        if (der) result.ocspValues.push(der);
      }
    }
    for (const crl of childrenNamed(values, xadesNamespace, 'CRLValues')) {
      for (const element of childrenNamed(crl, xadesNamespace, 'EncapsulatedCRLValue')) {
        const der = decode(element, 'EncapsulatedCRLValue');
        if (der) result.crlValues.push(der);
      }
    }
  }
  return result;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw new Error('not base64');
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}
