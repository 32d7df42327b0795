import * as xmldsigjs from 'xmldsigjs';

// Canonical XML of one element *where it stands in its document*, by xmldsigjs's canonicalizer. A
// signature file nests the signed elements (SignedInfo, SignedProperties, SignatureValue) inside
// <asic:XAdESSignatures>, so their canonical form depends on what the ancestors declare:
// - inclusive c14n (1.0 and 1.1) renders every namespace in scope at the element, and inherits the
//   ancestors' xml:* attributes (1.1 leaves out xml:id, which is not inheritable);
// - exclusive c14n renders only the namespaces the subtree visibly uses (plus an InclusiveNamespaces
//   prefix list), which is why we sign with it: it verifies the same inside or outside a container.
// The element is copied with what it inherits made explicit, then canonicalized on its own.

export const c14n10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const c14n10WithComments = `${c14n10}#WithComments`;
export const c14n11 = 'http://www.w3.org/2006/12/xml-c14n11';
export const c14n11WithComments = `${c14n11}#WithComments`;
export const excC14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const excC14nWithComments = `${excC14n}WithComments`;

export const canonicalizationAlgorithms = [
  c14n10,
  c14n10WithComments,
  c14n11,
  c14n11WithComments,
  excC14n,
  excC14nWithComments,
] as const;

// C14N 1.1 (W3C 2008) differs from 1.0 only in how a document subset inherits xml:id and xml:base
// from outside it; for the subtree itself the output is the same, so xmldsigjs's 1.0 canonicalizer
// does the work once the inherited attributes are settled (see `inheritedXmlAttributes`).
class XmlDsigC14N11Transform extends xmldsigjs.XmlDsigC14NTransform {
  override Algorithm = c14n11;
}
class XmlDsigC14N11WithCommentsTransform extends xmldsigjs.XmlDsigC14NWithCommentsTransform {
  override Algorithm = c14n11WithComments;
}
xmldsigjs.CryptoConfig.RegisterTransform(c14n11, XmlDsigC14N11Transform as never);
xmldsigjs.CryptoConfig.RegisterTransform(c14n11WithComments, XmlDsigC14N11WithCommentsTransform as never);

const xmlNamespace = 'http://www.w3.org/XML/1998/namespace';
const xmlnsNamespace = 'http://www.w3.org/2000/xmlns/';

export function isCanonicalizationAlgorithm(uri: string): boolean {
  return (canonicalizationAlgorithms as readonly string[]).includes(uri);
}

/**
 * The canonical form of `element` in its document. `inclusivePrefixes` is exclusive c14n's
 * InclusiveNamespaces PrefixList. Throws for an algorithm that is not a canonicalization.
 */
export function canonicalize(element: Element, algorithm: string, inclusivePrefixes: string[] = []): string {
  if (!isCanonicalizationAlgorithm(algorithm)) {
    throw new Error(`not a canonicalization algorithm: ${algorithm}`);
  }
  const transform = xmldsigjs.CryptoConfig.CreateFromName(algorithm) as xmldsigjs.Transform & {
    InclusiveNamespacesPrefixList?: string;
  };
  if (inclusivePrefixes.length > 0 && 'InclusiveNamespacesPrefixList' in transform) {
    transform.InclusiveNamespacesPrefixList = inclusivePrefixes.join(' ');
  }
  const copy = element.cloneNode(true) as Element;
  for (const [prefix, uri] of inScopeNamespaces(element)) {
    const name = prefix ? `xmlns:${prefix}` : 'xmlns';
    if (!copy.hasAttribute(name)) copy.setAttributeNS(xmlnsNamespace, name, uri);
  }
  if (!algorithm.startsWith(excC14n)) {
    for (const [name, value] of inheritedXmlAttributes(element, algorithm.startsWith(c14n11))) {
      if (!copy.hasAttributeNS(xmlNamespace, name)) copy.setAttributeNS(xmlNamespace, `xml:${name}`, value);
    }
  }
  transform.LoadInnerXml(copy);
  return transform.GetOutput() as string;
}

/** Every namespace declared on the element or an ancestor, nearest declaration winning. */
function inScopeNamespaces(element: Element): Map<string, string> {
  const found = new Map<string, string>();
  for (let node: Node | null = element; node && node.nodeType === 1; node = node.parentNode) {
    const attributes = (node as Element).attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes.item(i);
      if (!attribute) continue;
      const prefix =
        attribute.name === 'xmlns'
          ? ''
          : attribute.name.startsWith('xmlns:')
            ? attribute.name.slice(6)
            : null;
      if (prefix !== null && !found.has(prefix)) found.set(prefix, attribute.value);
    }
  }
  // An empty default namespace is the absence of one: nothing to declare.
  if (found.get('') === '') found.delete('');
  return found;
}

/**
 * The xml:* attributes an inclusive canonicalization carries down from outside the subtree: the
 * nearest ancestor's value of each. C14N 1.1 does not inherit xml:id, and joins xml:base values.
 */
function inheritedXmlAttributes(element: Element, version11: boolean): Map<string, string> {
  const inherited = new Map<string, string>();
  const bases: string[] = [];
  for (let node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    const attributes = (node as Element).attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes.item(i);
      if (attribute?.namespaceURI !== xmlNamespace) continue;
      const name = attribute.localName ?? '';
      if (version11 && name === 'id') continue;
      if (version11 && name === 'base') bases.push(attribute.value);
      else if (!inherited.has(name)) inherited.set(name, attribute.value);
    }
  }
  if (bases.length > 0) inherited.set('base', joinBases(bases));
  return inherited;
}

/** xml:base values from nearest to farthest, resolved against each other (C14N 1.1 §2.4). */
function joinBases(nearestFirst: string[]): string {
  let base = nearestFirst[nearestFirst.length - 1] as string;
  for (let i = nearestFirst.length - 2; i >= 0; i--) {
    try {
      base = new URL(nearestFirst[i] as string, base).href;
    } catch {
      base = nearestFirst[i] as string;
    }
  }
  return base;
}
