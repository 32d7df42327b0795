import type { x509 } from './crypto-engine.ts';
import { digestBy, UnsupportedAlgorithmError, verifySignatureValue } from './xml-algorithms.ts';
import { c14n10, canonicalize, excC14n, isCanonicalizationAlgorithm } from './xml-c14n.ts';

// The core of XML-DSig validation (W3C XML Signature 1.1 §3.2), on a DOM we parsed ourselves:
// every Reference is dereferenced and digested, then the canonical SignedInfo is checked against the
// SignatureValue. Canonicalization and algorithms come from xmldsigjs (xml-c14n.ts,
// xml-algorithms.ts); what is here is the reference processing, which must see the element where
// it stands in its document: an XAdES SignedProperties, a counter-signed SignatureValue or a whole
// trusted list (enveloped signature).
//
// Hostile documents: same-document references resolve by Id only, and an Id that appears twice is
// refused (the signature-wrapping attack relies on the verifier and the reader seeing different
// elements); transforms other than canonicalization and enveloped-signature (XPath, XSLT) are not
// run at all and are reported as unsupported.

export const dsNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const envelopedSignature = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const base64Transform = 'http://www.w3.org/2000/09/xmldsig#base64';

export type ReferenceCheck = {
  id: string | null;
  uri: string;
  type: string | null;
  digestAlgorithm: string;
  /** null when the digest could not be computed (see `problem`). */
  digestMatches: boolean | null;
  /** The element a same-document reference points at. */
  element?: Element;
  /** Why the reference could not be digested: its target is missing, ambiguous, or unsupported. */
  problem?: { code: 'not_found' | 'duplicate_id' | 'unsupported_algorithm' | 'unreadable'; detail: string };
};

export function childElements(parent: Element | Document, namespace?: string, localName?: string): Element[] {
  const found: Element[] = [];
  const nodes = parent.childNodes;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes.item(i);
    if (node?.nodeType !== 1) continue;
    const element = node as Element;
    if (namespace !== undefined && element.namespaceURI !== namespace) continue;
    if (localName !== undefined && element.localName !== localName) continue;
    found.push(element);
  }
  return found;
}

export function firstChild(parent: Element, namespace: string, localName: string): Element | undefined {
  return childElements(parent, namespace, localName)[0];
}

export function textOf(element: Element | undefined): string {
  return element?.textContent?.trim() ?? '';
}

export function base64Of(element: Element | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(textOf(element).replace(/\s+/g, ''), 'base64'));
}

/** Every element of the document whose Id (or ID, id) attribute is `id`. */
export function elementsById(document: Document, id: string): Element[] {
  const found: Element[] = [];
  const visit = (element: Element) => {
    for (const name of ['Id', 'ID', 'id']) {
      if (element.getAttribute(name) === id) {
        found.push(element);
        break;
      }
    }
    for (const child of childElements(element)) visit(child);
  };
  if (document.documentElement) visit(document.documentElement);
  return found;
}

/** The Id-less form of a same-document URI (`#S0-SignedProperties`, `#xpointer(id('x'))`). */
function fragmentId(uri: string): string | null {
  if (!uri.startsWith('#')) return null;
  const xpointer = /^#xpointer\(id\(['"]([^'"]+)['"]\)\)$/.exec(uri);
  return xpointer ? (xpointer[1] as string) : uri.slice(1);
}

type Transform = { algorithm: string; inclusivePrefixes: string[] };

function transformsOf(reference: Element): Transform[] {
  const transforms = firstChild(reference, dsNamespace, 'Transforms');
  if (!transforms) return [];
  return childElements(transforms, dsNamespace, 'Transform').map((t) => {
    const inclusive = childElements(t).find((c) => c.localName === 'InclusiveNamespaces');
    const prefixes = (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean);
    return {
      algorithm: t.getAttribute('Algorithm') ?? '',
      inclusivePrefixes: prefixes.map((p) => (p === '#default' ? '' : p)),
    };
  });
}

/**
 * Digests each Reference of `signature`'s SignedInfo. External URIs (data objects in a container)
 * come from `resolveExternal`, by the URI as written; a URI it does not know is `not_found`.
 */
export async function checkReferences(
  signature: Element,
  resolveExternal: (uri: string) => Uint8Array | undefined,
): Promise<ReferenceCheck[]> {
  const signedInfo = firstChild(signature, dsNamespace, 'SignedInfo');
  if (!signedInfo) return [];
  const checks: ReferenceCheck[] = [];
  for (const reference of childElements(signedInfo, dsNamespace, 'Reference')) {
    checks.push(await checkReference(signature, reference, resolveExternal));
  }
  return checks;
}

async function checkReference(
  signature: Element,
  reference: Element,
  resolveExternal: (uri: string) => Uint8Array | undefined,
): Promise<ReferenceCheck> {
  const uri = reference.getAttribute('URI') ?? '';
  const digestAlgorithm = firstChild(reference, dsNamespace, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
  const expected = Buffer.from(base64Of(firstChild(reference, dsNamespace, 'DigestValue')));
  const check: ReferenceCheck = {
    id: reference.getAttribute('Id') || null,
    uri,
    type: reference.getAttribute('Type') || null,
    digestAlgorithm,
    digestMatches: null,
  };
  const transforms = transformsOf(reference);
  const unsupported = transforms.find(
    (t) =>
      !isCanonicalizationAlgorithm(t.algorithm) &&
      t.algorithm !== envelopedSignature &&
      t.algorithm !== base64Transform,
  );
  if (unsupported) {
    return { ...check, problem: { code: 'unsupported_algorithm', detail: unsupported.algorithm } };
  }
  let octets: Uint8Array | string;
  try {
    const id = fragmentId(uri);
    // XML-DSig §4.4.3.3: '' and a bare-name '#id' select the node set *without* comments, whatever
    // the canonicalization says; only an XPointer ('#xpointer(id(...))') keeps them.
    const keepsComments = uri.startsWith('#xpointer(');
    if (uri === '') {
      const root = signature.ownerDocument?.documentElement;
      if (!root) return { ...check, problem: { code: 'not_found', detail: 'the document' } };
      check.element = root;
      octets = canonicalNodeSet(root, signature, transforms, keepsComments);
    } else if (id !== null) {
      const document = signature.ownerDocument;
      const targets = document ? elementsById(document, id) : [];
      if (targets.length === 0) return { ...check, problem: { code: 'not_found', detail: uri } };
      if (targets.length > 1) return { ...check, problem: { code: 'duplicate_id', detail: id } };
      check.element = targets[0] as Element;
      octets = canonicalNodeSet(check.element, signature, transforms, keepsComments);
    } else {
      const bytes = resolveExternal(uri);
      if (!bytes) return { ...check, problem: { code: 'not_found', detail: uri } };
      octets = transforms.some((t) => t.algorithm === base64Transform)
        ? Buffer.from(Buffer.from(bytes).toString('latin1').replace(/\s+/g, ''), 'base64')
        : bytes;
      if (transforms.some((t) => isCanonicalizationAlgorithm(t.algorithm))) {
        // A c14n transform over an external file means the file is XML: not something an act
        // container holds, and parsing a foreign XML file here is not worth its risk.
        return {
          ...check,
          problem: { code: 'unsupported_algorithm', detail: 'canonicalization of an external file' },
        };
      }
    }
  } catch (error) {
    return { ...check, problem: { code: 'unreadable', detail: (error as Error).message } };
  }
  try {
    const actual = Buffer.from(await digestBy(digestAlgorithm, octets));
    return { ...check, digestMatches: actual.equals(expected) };
  } catch (error) {
    if (error instanceof UnsupportedAlgorithmError) {
      return { ...check, problem: { code: 'unsupported_algorithm', detail: digestAlgorithm } };
    }
    throw error;
  }
}

/**
 * A same-document node set after its transforms: enveloped-signature leaves the signature out, and
 * the last canonicalization turns it into octets (inclusive c14n 1.0 when none is named, as
 * XML-DSig's default for a node set).
 */
function canonicalNodeSet(
  element: Element,
  signature: Element,
  transforms: readonly Transform[],
  keepsComments: boolean,
): string {
  const c14n = [...transforms].reverse().find((t) => isCanonicalizationAlgorithm(t.algorithm));
  const named = c14n?.algorithm ?? c14n10;
  const algorithm = keepsComments ? named : withoutComments(named);
  const run = () => canonicalize(element, algorithm, c14n?.inclusivePrefixes ?? []);
  if (!transforms.some((t) => t.algorithm === envelopedSignature)) return run();
  // The signature is inside the signed element: take it out for the digest, put it back after.
  const parent = signature.parentNode;
  const next = signature.nextSibling;
  if (!parent) return run();
  parent.removeChild(signature);
  try {
    return run();
  } finally {
    parent.insertBefore(signature, next);
  }
}

/** The same canonicalization without comments: `…#WithComments` → `…`, exclusive `…#WithComments` → `…#`. */
function withoutComments(algorithm: string): string {
  if (algorithm === `${excC14n}WithComments`) return excC14n;
  return algorithm.endsWith('#WithComments') ? algorithm.slice(0, -'#WithComments'.length) : algorithm;
}

export type SignatureValueCheck =
  | { result: 'valid' | 'invalid' }
  | { result: 'unsupported_algorithm'; algorithm: string };

/** Checks the SignatureValue over the canonical SignedInfo with `certificate`'s key. */
export async function checkSignatureValue(
  signature: Element,
  certificate: x509.X509Certificate,
): Promise<SignatureValueCheck> {
  const signedInfo = firstChild(signature, dsNamespace, 'SignedInfo');
  const method = signedInfo && firstChild(signedInfo, dsNamespace, 'SignatureMethod');
  const c14nMethod = signedInfo && firstChild(signedInfo, dsNamespace, 'CanonicalizationMethod');
  if (!signedInfo || !method || !c14nMethod) return { result: 'invalid' };
  const c14n = c14nMethod.getAttribute('Algorithm') ?? '';
  if (!isCanonicalizationAlgorithm(c14n)) return { result: 'unsupported_algorithm', algorithm: c14n };
  const inclusive = childElements(c14nMethod).find((c) => c.localName === 'InclusiveNamespaces');
  const prefixes = (inclusive?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean);
  const canonical = canonicalize(signedInfo, c14n, c14n.startsWith(excC14n) ? prefixes : []);
  const value = base64Of(firstChild(signature, dsNamespace, 'SignatureValue'));
  try {
    return {
      result: (await verifySignatureValue(method, canonical, value, certificate)) ? 'valid' : 'invalid',
    };
  } catch (error) {
    if (error instanceof UnsupportedAlgorithmError)
      return { result: 'unsupported_algorithm', algorithm: error.algorithm };
    throw error;
  }
}
