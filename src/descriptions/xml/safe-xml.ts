import { TextDecoder } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { DescriptionError } from '../contract.ts';

// Uploaded XML is hostile until proven otherwise. Before fast-xml-parser sees a byte, one linear scan
// of the decoded text refuses any DOCTYPE (so no entity expansion and no external entities: billion
// laughs and XXE are refused, never expanded), checks that tags nest, enforces the depth and element
// limits, and records the line of every start tag. fast-xml-parser then reads the attributes; the
// k-th element of its ordered tree is the k-th start tag of the scan, which is how elements get their
// lines. Nothing here touches the network or the file system.

export type XmlLimits = {
  /** Largest file accepted, in bytes, before decoding. */
  maxBytes: number;
  /** Deepest element nesting accepted (the root is depth 1). */
  maxDepth: number;
  /** Most elements accepted in one file. */
  maxElements: number;
};

export const defaultXmlLimits: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 250_000,
});

export type XmlElement = {
  /** Local name, without the prefix. */
  name: string;
  prefix?: string;
  /** The namespace the prefix (or the default namespace) resolves to in scope. */
  namespace?: string;
  /** Attributes by their name as written (`name`, `wsam:Action`), entity references decoded. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element (CDATA included), entity references decoded, not trimmed. */
  text: string;
  /** 1-based line of the start tag. */
  line?: number;
  /** In-scope namespace declarations: prefix → URI, `''` for the default namespace. */
  namespaces: Readonly<Record<string, string>>;
};

export type XmlDocument = {
  file: string;
  /** The encoding the bytes were decoded with (`UTF-8`, `UTF-16LE`, …). */
  encoding: string;
  /** The encoding named in `<?xml … encoding="…"?>`, when there is one. */
  declaredEncoding?: string;
  root: XmlElement;
};

export const xmlNamespaceUri = 'http://www.w3.org/XML/1998/namespace';

/** Decodes, checks and parses one XML file. Throws DescriptionError saying why a file is refused. */
export function parseXml(bytes: Uint8Array, file: string, limits: XmlLimits = defaultXmlLimits): XmlDocument {
  const decoded = decodeXml(bytes, file, limits);
  const scan = scanXml(decoded.text, file, limits);
  const tree = parseWithFastXmlParser(decoded.text, file);
  const rootNode = tree.find((node) => elementNameOf(node) !== undefined);
  if (!rootNode) throw new DescriptionError(`${file}: the file has no root element`, { file });
  const counter = { elements: 0 };
  const root = toElement(rootNode, {}, scan.lines, counter);
  if (counter.elements !== scan.lines.length) dropLines(root);
  return { file, encoding: decoded.encoding, declaredEncoding: decoded.declaredEncoding, root };
}

/**
 * The decoded text of an XML file that passed the same checks as `parseXml` (no DOCTYPE, tags nest,
 * within the limits), for callers that need a DOM of their own (XML signatures need one, to
 * canonicalize elements where they stand).
 */
export function checkedXmlText(
  bytes: Uint8Array,
  file: string,
  limits: XmlLimits = defaultXmlLimits,
): string {
  const decoded = decodeXml(bytes, file, limits);
  scanXml(decoded.text, file, limits);
  return decoded.text;
}

export type DecodedXml = { text: string; encoding: string; declaredEncoding?: string };

/**
 * Finds the encoding (byte order mark, then `<?xml … encoding="…"?>`, then UTF-8) and decodes
 * strictly: bytes that do not decode are refused, not replaced.
 */
export function decodeXml(bytes: Uint8Array, file: string, limits: XmlLimits = defaultXmlLimits): DecodedXml {
  if (bytes.length > limits.maxBytes) {
    throw new DescriptionError(
      `${file}: the file is ${bytes.length} bytes, more than the ${limits.maxBytes} bytes allowed for one file`,
      { file },
    );
  }
  const family = detectByteFamily(bytes);
  if (family === 'unsupported') {
    throw new DescriptionError(
      `${file}: the byte order mark shows UTF-32 or another encoding that is not supported; use UTF-8`,
      { file },
    );
  }
  let declaredEncoding: string | undefined;
  let text: string;
  let encoding: string;
  if (family === 'utf-16le' || family === 'utf-16be') {
    text = strictDecode(bytes, family, file);
    encoding = family.toUpperCase();
    declaredEncoding = readDeclaredEncoding(text.slice(0, 300));
  } else {
    // The declaration itself is ASCII in every 8-bit encoding XML allows.
    declaredEncoding = readDeclaredEncoding(new TextDecoder('latin1').decode(bytes.subarray(0, 300)));
    const label = (declaredEncoding ?? 'utf-8').trim().toLowerCase();
    if (label === 'utf-16' || label === 'utf-16le' || label === 'utf-16be') {
      throw new DescriptionError(
        `${file}: the XML declaration says ${declaredEncoding}, but the bytes are not UTF-16 (no byte order mark)`,
        { file },
      );
    }
    encoding = normaliseEncodingName(label);
    text = strictDecode(bytes, label, file);
  }
  if (text.includes('\u0000')) {
    throw new DescriptionError(`${file}: the text contains a NUL character, which XML does not allow`, {
      file,
    });
  }
  return { text, encoding, declaredEncoding };
}

function detectByteFamily(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'unsupported' {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) {
    return 'unsupported';
  }
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return 'utf-16le';
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return 'utf-16be';
  if (a === 0x4c && b === 0x6f && c === 0xa7 && d === 0x94) return 'unsupported'; // EBCDIC "<?xm"
  return 'utf-8';
}

function readDeclaredEncoding(head: string): string | undefined {
  const declaration = /^\s*<\?xml\s[^?]*\?>/.exec(head.replace(/^\uFEFF/, ''));
  if (!declaration) return undefined;
  return /\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(declaration[0])?.[1];
}

function normaliseEncodingName(label: string): string {
  if (label === 'utf-8' || label === 'utf8') return 'UTF-8';
  return label.toUpperCase();
}

function strictDecode(bytes: Uint8Array, label: string, file: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new DescriptionError(
      `${file}: the declared encoding "${label}" is not supported; save the file as UTF-8`,
      { file },
    );
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new DescriptionError(
      `${file}: the bytes are not valid ${normaliseEncodingName(label)} (the encoding the file declares or defaults to); save the file as UTF-8`,
      { file },
    );
  }
}

type Scan = { lines: number[] };

/** One pass over the text: refuses DTDs, checks nesting and limits, records start-tag lines. */
function scanXml(text: string, file: string, limits: XmlLimits): Scan {
  const lines: number[] = [];
  const stack: { name: string; line: number }[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    for (let k = counted; k < offset; k++) {
      const ch = text.charCodeAt(k);
      if (ch === 10 || (ch === 13 && text.charCodeAt(k + 1) !== 10)) line++;
    }
    counted = Math.max(counted, offset);
    return line;
  };
  const refuse = (message: string, offset: number): never => {
    const at = lineAt(offset);
    throw new DescriptionError(`${file}, line ${at}: ${message}`, { file, line: at });
  };
  let rootSeen = false;
  let i = 0;
  for (;;) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    if (text.startsWith('<!--', open)) {
      const close = text.indexOf('-->', open + 4);
      if (close < 0) refuse('a comment is not closed', open);
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', open)) {
      const close = text.indexOf(']]>', open + 9);
      if (close < 0) refuse('a CDATA section is not closed', open);
      i = close + 3;
    } else if (text.startsWith('<?', open)) {
      const close = text.indexOf('?>', open + 2);
      if (close < 0) refuse('a processing instruction is not closed', open);
      i = close + 2;
    } else if (text.startsWith('<!', open)) {
      if (/^<!DOCTYPE/i.test(text.slice(open, open + 9))) {
        refuse(
          'the file has a DOCTYPE (DTD), which is not accepted: DTDs allow entity expansion ("billion laughs") and external entities (XXE); remove the DOCTYPE',
          open,
        );
      }
      refuse('markup declarations (<!ENTITY, <!ELEMENT …) are not accepted outside a DTD', open);
    } else if (text.charCodeAt(open + 1) === 47 /* / */) {
      const close = text.indexOf('>', open);
      if (close < 0) refuse('an end tag is not closed', open);
      const name = text.slice(open + 2, close).trim();
      const top = stack.pop();
      if (!top) refuse(`the end tag </${name}> has no matching start tag`, open);
      else if (top.name !== name) {
        refuse(`the end tag </${name}> does not match <${top.name}> opened on line ${top.line}`, open);
      }
      i = close + 1;
    } else {
      const close = findTagEnd(text, open + 1);
      if (close < 0) refuse('a start tag is not closed', open);
      const name = /^[^\s/>]+/.exec(text.slice(open + 1, Math.min(close, open + 1 + 1000)))?.[0];
      if (!name) refuse('a "<" starts no element name', open);
      if (stack.length === 0 && rootSeen) refuse(`a second root element <${name}> follows the first`, open);
      rootSeen = true;
      const at = lineAt(open);
      lines.push(at);
      if (lines.length > limits.maxElements) {
        refuse(`the file has more than ${limits.maxElements} elements, the most accepted`, open);
      }
      if (text.charCodeAt(close - 1) !== 47 /* / */) {
        stack.push({ name: name as string, line: at });
        if (stack.length > limits.maxDepth) {
          refuse(`elements are nested more than ${limits.maxDepth} deep, the most accepted`, open);
        }
      }
      i = close + 1;
    }
  }
  const unclosed = stack.pop();
  if (unclosed)
    refuse(`the element <${unclosed.name}> opened on line ${unclosed.line} is not closed`, text.length);
  if (!rootSeen) refuse('the file has no root element', text.length);
  return { lines };
}

/** The `>` that ends a start tag, skipping quoted attribute values (which may hold `>`). */
function findTagEnd(text: string, from: number): number {
  let quote = 0;
  for (let k = from; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) return k;
    else if (ch === 60) return -1;
  }
  return -1;
}

type FxpNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below, by us, and only the five XML ones and character references:
  // with DTDs refused there are no others.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: false,
});

function parseWithFastXmlParser(text: string, file: string): FxpNode[] {
  try {
    return parser.parse(text) as FxpNode[];
  } catch (error) {
    throw new DescriptionError(`${file}: the XML is not well-formed: ${(error as Error).message}`, { file });
  }
}

function elementNameOf(node: FxpNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && key !== '#text') return key;
  }
  return undefined;
}

function toElement(
  node: FxpNode,
  inherited: Readonly<Record<string, string>>,
  lines: readonly number[],
  counter: { elements: number },
): XmlElement {
  const qname = elementNameOf(node) as string;
  // Pre-order here is document order in the scan, so the n-th element has the n-th start tag's line.
  const line = lines[counter.elements];
  counter.elements++;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string> = Object.create(null);
  let namespaces = inherited;
  for (const [key, value] of Object.entries(rawAttributes)) {
    const decoded = decodeEntities(String(value));
    attributes[key] = decoded;
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (namespaces === inherited) namespaces = { ...inherited };
      (namespaces as Record<string, string>)[key === 'xmlns' ? '' : key.slice(6)] = decoded;
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : undefined;
  const name = colon >= 0 ? qname.slice(colon + 1) : qname;
  const namespace = prefix === 'xml' ? xmlNamespaceUri : namespaces[prefix ?? ''] || undefined;
  const element: XmlElement = {
    name,
    prefix,
    namespace,
    attributes,
    children: [],
    text: '',
    line,
    namespaces,
  };
  const content = node[qname];
  if (Array.isArray(content)) {
    for (const child of content as FxpNode[]) {
      if (typeof child['#text'] === 'string' || typeof child['#text'] === 'number') {
        element.text += decodeEntities(String(child['#text']));
      } else if (elementNameOf(child) !== undefined) {
        element.children.push(toElement(child, namespaces, lines, counter));
      }
    }
  }
  return element;
}

function dropLines(element: XmlElement): void {
  element.line = undefined;
  for (const child of element.children) dropLines(child);
}

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five XML entities and character references; anything else is left as written. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[ref] ?? whole;
  });
}

/** A QName written in an attribute (`tns:Foo`) resolved against the element's namespaces. */
export function resolveQName(element: XmlElement, qname: string): { name: string; namespace?: string } {
  const value = qname.trim();
  const colon = value.indexOf(':');
  if (colon < 0) return { name: value, namespace: element.namespaces[''] || undefined };
  const prefix = value.slice(0, colon);
  const namespace = prefix === 'xml' ? xmlNamespaceUri : element.namespaces[prefix];
  return { name: value.slice(colon + 1), namespace };
}

/** Direct children in a namespace (any of `namespaces`) with a local name. */
export function childrenOf(element: XmlElement, namespaces: readonly string[], name?: string): XmlElement[] {
  return element.children.filter(
    (child) =>
      child.namespace !== undefined &&
      namespaces.includes(child.namespace) &&
      (name === undefined || child.name === name),
  );
}

export function firstChildOf(
  element: XmlElement,
  namespaces: readonly string[],
  name: string,
): XmlElement | undefined {
  return element.children.find(
    (child) => child.namespace !== undefined && namespaces.includes(child.namespace) && child.name === name,
  );
}

/** Every element below (and including) `element`, depth first, in document order. */
export function* walkElements(element: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [element];
  while (stack.length > 0) {
    const next = stack.pop() as XmlElement;
    yield next;
    for (let k = next.children.length - 1; k >= 0; k--) stack.push(next.children[k] as XmlElement);
  }
}

/** All text inside an element, its descendants included, whitespace collapsed. */
export function textContent(element: XmlElement): string {
  const parts: string[] = [];
  const visit = (el: XmlElement) => {
    parts.push(el.text);
    for (const child of el.children) visit(child);
  };
  visit(element);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
