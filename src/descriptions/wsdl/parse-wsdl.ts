import path from 'node:path';
import {
  type Contract,
  DescriptionError,
  type DescriptionFiles,
  type Endpoint,
  type FaultRef,
  type MessageRef,
  type Operation,
  type SchemaMember,
  type SchemaRef,
  type SecurityScheme,
  type SourceLocation,
} from '../contract.ts';
import {
  childrenOf,
  defaultXmlLimits,
  firstChildOf,
  parseXml,
  resolveQName,
  textContent,
  walkElements,
  type XmlDocument,
  type XmlElement,
  type XmlLimits,
} from '../xml/safe-xml.ts';

// WSDL 1.1 (with the XSDs it imports) → Contract. Namespaces are resolved from the xmlns
// declarations in scope, never from the prefixes authors chose (ONVIF binds `soap` to SOAP 1.2).
// Only the uploaded files are read: http(s) locations are recorded in `remoteImports`, relative ones
// with no file behind them in `unresolved`; neither is ever fetched.

const ns = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  wsdl20: 'http://www.w3.org/ns/wsdl',
  soap11: 'http://schemas.xmlsoap.org/wsdl/soap/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  mime: 'http://schemas.xmlsoap.org/wsdl/mime/',
  http: 'http://schemas.xmlsoap.org/wsdl/http/',
  wsam: 'http://www.w3.org/2007/05/addressing/metadata',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
} as const;
const xsdNamespaces = [
  'http://www.w3.org/2001/XMLSchema',
  'http://www.w3.org/2000/10/XMLSchema',
  'http://www.w3.org/1999/XMLSchema',
];
const soapNamespaces = [ns.soap11, ns.soap12];
const policyNamespaces = ['http://www.w3.org/ns/ws-policy', 'http://schemas.xmlsoap.org/ws/2004/09/policy'];
const securityPolicyNamespaces = [
  'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200512',
  'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy',
];
/** Namespaces of WS-Addressing header blocks (1.0 and the 2004 submission). */
const addressingNamespaces = [
  'http://www.w3.org/2005/08/addressing',
  'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  'http://schemas.xmlsoap.org/ws/2004/03/addressing',
];
/** Where `UsingAddressing` is declared (WSDL binding 2006, the submission policy, and CXF's 2005/08 use). */
const usingAddressingNamespaces = [
  'http://www.w3.org/2006/05/addressing/wsdl',
  'http://schemas.xmlsoap.org/ws/2004/08/addressing/policy',
  ...addressingNamespaces,
];

/** Limits for a whole description (each file also gets the XML limits). */
export type WsdlLimits = XmlLimits & { maxFiles: number; maxTotalBytes: number };

export const defaultWsdlLimits: Readonly<WsdlLimits> = Object.freeze({
  ...defaultXmlLimits,
  maxFiles: 1000,
  maxTotalBytes: 50 * 1024 * 1024,
});

type QName = { name: string; namespace?: string };
const keyOf = (q: QName) => `{${q.namespace ?? ''}}${q.name}`;

type Part = { name: string; element?: QName; type?: QName };
type Message = { name: string; key: string; parts: Part[] };
type IoRef = { message?: QName; el: XmlElement };
type PortTypeOperation = {
  name: string;
  el: XmlElement;
  file: string;
  path: string;
  input?: IoRef;
  output?: IoRef;
  faults: { name: string; message?: QName; el: XmlElement; path: string }[];
};
type PortType = { name: string; key: string; file: string; operations: PortTypeOperation[] };
type HeaderRef = { message?: QName; part?: string; namespace?: string };
type BindingIo = {
  use?: string;
  headers: HeaderRef[];
  mediaTypes: Map<string, string>;
};
type BindingOperation = {
  name: string;
  soapAction?: string;
  style?: string;
  documentation?: string;
  input?: BindingIo;
  output?: BindingIo;
};
type Binding = {
  name: string;
  key: string;
  file: string;
  portType?: QName;
  soapVersion?: '1.1' | '1.2';
  style?: string;
  operations: BindingOperation[];
};
type Port = {
  name: string;
  service: string;
  binding?: QName;
  address?: string;
  addressNs?: string;
  location: SourceLocation;
};
type WsdlDocument = { file: string; root: XmlElement; targetNamespace?: string };
type SchemaDeclaration = {
  name: string;
  namespace?: string;
  kind: 'element' | 'complexType' | 'simpleType';
  el: XmlElement;
  location: SourceLocation;
};

type Context = {
  files: DescriptionFiles;
  limits: WsdlLimits;
  documents: Map<string, XmlDocument>;
  order: string[];
  unresolved: { location: string; from: SourceLocation }[];
  remote: { location: string; from: SourceLocation }[];
  imports: { target: string; resolved: boolean; location: SourceLocation }[];
  wsdlDocuments: WsdlDocument[];
  visitedWsdl: Set<string>;
  visitedSchemas: Set<string>;
  declarations: SchemaDeclaration[];
  messages: Map<string, Message>;
  portTypes: PortType[];
  bindings: Binding[];
  ports: Port[];
};

/** Reads a WSDL 1.1 description and the files it imports. Throws DescriptionError when it cannot. */
export function parseWsdl(files: DescriptionFiles, limits: WsdlLimits = defaultWsdlLimits): Contract {
  checkBundleLimits(files, limits);
  const ctx: Context = {
    files,
    limits,
    documents: new Map(),
    order: [],
    unresolved: [],
    remote: [],
    imports: [],
    wsdlDocuments: [],
    visitedWsdl: new Set(),
    visitedSchemas: new Set(),
    declarations: [],
    messages: new Map(),
    portTypes: [],
    bindings: [],
    ports: [],
  };
  const main = loadDocument(ctx, files.main);
  const root = main.root;
  if (root.namespace === ns.wsdl20 && root.name === 'description') {
    throw new DescriptionError(`${files.main}: WSDL 2.0 is not supported; upload a WSDL 1.1 description`, {
      file: files.main,
      line: root.line,
    });
  }
  if (root.namespace !== ns.wsdl || root.name !== 'definitions') {
    const found = root.namespace ? `{${root.namespace}}${root.name}` : root.name;
    throw new DescriptionError(
      `${files.main}: not a WSDL 1.1 description: the root element is <${found}>, expected <definitions> in ${ns.wsdl}`,
      { file: files.main, line: root.line },
    );
  }
  readWsdlDocument(ctx, files.main, main.root);
  return buildContract(ctx);
}

function checkBundleLimits(files: DescriptionFiles, limits: WsdlLimits): void {
  if (!files.files.has(files.main)) {
    throw new DescriptionError(`the main file ${files.main} is not among the uploaded files`);
  }
  if (files.files.size > limits.maxFiles) {
    throw new DescriptionError(
      `${files.files.size} files were uploaded; at most ${limits.maxFiles} are accepted`,
    );
  }
  let total = 0;
  for (const bytes of files.files.values()) total += bytes.length;
  if (total > limits.maxTotalBytes) {
    throw new DescriptionError(
      `the uploaded files hold ${total} bytes; at most ${limits.maxTotalBytes} bytes are accepted in all`,
    );
  }
}

function loadDocument(ctx: Context, file: string): XmlDocument {
  const cached = ctx.documents.get(file);
  if (cached) return cached;
  const bytes = ctx.files.files.get(file);
  if (!bytes) throw new DescriptionError(`${file} is not among the uploaded files`, { file });
  const doc = parseXml(bytes, file, ctx.limits);
  ctx.documents.set(file, doc);
  ctx.order.push(file);
  return doc;
}

/** Loads an imported file; an unreadable import stops the review, naming who imported it. */
function loadImported(ctx: Context, file: string, from: SourceLocation): XmlDocument {
  try {
    return loadDocument(ctx, file);
  } catch (error) {
    if (!(error instanceof DescriptionError)) throw error;
    throw new DescriptionError(
      `${error.message} (imported from ${from.file}${from.line ? `, line ${from.line}` : ''})`,
      error.location,
    );
  }
}

type Resolved = { kind: 'local'; file: string } | { kind: 'remote' } | { kind: 'unresolved' };

/** Resolves an import location against the importing file, inside the uploaded files only. */
export function resolveLocation(files: DescriptionFiles, from: string, location: string): Resolved {
  const value = location.trim();
  if (/^https?:\/\//i.test(value)) return { kind: 'remote' };
  // Other schemes (file:, urn:, C:\…) and server-relative paths never name an uploaded file.
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('\\')) {
    return { kind: 'unresolved' };
  }
  let decoded = value.replace(/#.*$/, '').replace(/\\/g, '/');
  try {
    decoded = decodeURI(decoded);
  } catch {
    // Keep the location as written.
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined))
    return { kind: 'unresolved' };
  return files.files.has(joined) ? { kind: 'local', file: joined } : { kind: 'unresolved' };
}

function locate(file: string, el: XmlElement, xpath?: string): SourceLocation {
  const location: SourceLocation = { file };
  if (el.line !== undefined) location.line = el.line;
  if (xpath) location.path = xpath;
  return location;
}

function followLocation(ctx: Context, file: string, el: XmlElement, location: string): string | undefined {
  const resolved = resolveLocation(ctx.files, file, location);
  const from = locate(file, el);
  ctx.imports.push({ target: location, resolved: resolved.kind === 'local', location: from });
  if (resolved.kind === 'remote') ctx.remote.push({ location, from });
  else if (resolved.kind === 'unresolved') ctx.unresolved.push({ location, from });
  else return resolved.file;
  return undefined;
}

function documentationOf(el: XmlElement): string | undefined {
  const doc = firstChildOf(el, [ns.wsdl], 'documentation');
  if (!doc) return undefined;
  const text = textContent(doc);
  return text.length > 0 ? text : undefined;
}

function qnameAttribute(el: XmlElement, attribute: string): QName | undefined {
  const value = el.attributes[attribute];
  return value ? resolveQName(el, value) : undefined;
}

function readWsdlDocument(ctx: Context, file: string, root: XmlElement): void {
  if (ctx.visitedWsdl.has(file)) return;
  ctx.visitedWsdl.add(file);
  const targetNamespace = root.attributes.targetNamespace || undefined;
  ctx.wsdlDocuments.push({ file, root, targetNamespace });
  const tns = (name: string): QName => ({ name, namespace: targetNamespace });

  for (const child of root.children) {
    if (child.namespace !== ns.wsdl) continue;
    if (child.name === 'import') {
      const location = child.attributes.location;
      if (!location) continue;
      const target = followLocation(ctx, file, child, location);
      if (!target) continue;
      const imported = loadImported(ctx, target, locate(file, child));
      if (imported.root.namespace === ns.wsdl && imported.root.name === 'definitions') {
        readWsdlDocument(ctx, target, imported.root);
      } else if (isSchema(imported.root)) {
        readSchema(ctx, target, imported.root, undefined);
      } else {
        ctx.unresolved.push({ location, from: locate(file, child) });
      }
    } else if (child.name === 'types') {
      for (const schema of child.children) if (isSchema(schema)) readSchema(ctx, file, schema, undefined);
    } else if (child.name === 'message') {
      const name = child.attributes.name ?? '';
      const parts = childrenOf(child, [ns.wsdl], 'part').map((part) => ({
        name: part.attributes.name ?? '',
        element: qnameAttribute(part, 'element'),
        type: qnameAttribute(part, 'type'),
      }));
      const key = keyOf(tns(name));
      ctx.messages.set(key, { name, key, parts });
    } else if (child.name === 'portType') {
      ctx.portTypes.push(readPortType(file, child, tns(child.attributes.name ?? '')));
    } else if (child.name === 'binding') {
      ctx.bindings.push(readBinding(file, child, tns(child.attributes.name ?? '')));
    } else if (child.name === 'service') {
      ctx.ports.push(...readService(file, child));
    }
  }
}

function readPortType(file: string, el: XmlElement, name: QName): PortType {
  const portTypePath = `/definitions/portType[@name='${name.name}']`;
  const operations = childrenOf(el, [ns.wsdl], 'operation').map((op): PortTypeOperation => {
    const opName = op.attributes.name ?? '';
    const opPath = `${portTypePath}/operation[@name='${opName}']`;
    const io = (which: 'input' | 'output'): IoRef | undefined => {
      const ioEl = firstChildOf(op, [ns.wsdl], which);
      return ioEl ? { message: qnameAttribute(ioEl, 'message'), el: ioEl } : undefined;
    };
    return {
      name: opName,
      el: op,
      file,
      path: opPath,
      input: io('input'),
      output: io('output'),
      faults: childrenOf(op, [ns.wsdl], 'fault').map((fault) => ({
        name: fault.attributes.name ?? '',
        message: qnameAttribute(fault, 'message'),
        el: fault,
        path: `${opPath}/fault[@name='${fault.attributes.name ?? ''}']`,
      })),
    };
  });
  return { name: name.name, key: keyOf(name), file, operations };
}

function readBinding(file: string, el: XmlElement, name: QName): Binding {
  const soapBinding = childrenOf(el, soapNamespaces, 'binding')[0];
  const soapVersion = soapBinding ? (soapBinding.namespace === ns.soap12 ? '1.2' : '1.1') : undefined;
  const operations = childrenOf(el, [ns.wsdl], 'operation').map((op): BindingOperation => {
    const soapOperation = childrenOf(op, soapNamespaces, 'operation')[0];
    const io = (which: 'input' | 'output'): BindingIo | undefined => {
      const ioEl = firstChildOf(op, [ns.wsdl], which);
      if (!ioEl) return undefined;
      const result: BindingIo = { headers: [], mediaTypes: new Map() };
      // soap:body and soap:header may sit directly inside, or inside mime:multipartRelated/mime:part.
      for (const node of walkElements(ioEl)) {
        if (node.namespace === ns.soap11 || node.namespace === ns.soap12) {
          if (node.name === 'body' && node.attributes.use) result.use ??= node.attributes.use;
          if (node.name === 'header') {
            result.headers.push({
              message: qnameAttribute(node, 'message'),
              part: node.attributes.part,
              namespace: node.attributes.namespace,
            });
            if (node.attributes.use) result.use ??= node.attributes.use;
          }
        } else if (node.namespace === ns.mime && node.name === 'content' && node.attributes.part) {
          result.mediaTypes.set(node.attributes.part, node.attributes.type ?? '');
        }
      }
      return result;
    };
    return {
      name: op.attributes.name ?? '',
      soapAction: soapOperation?.attributes.soapAction || undefined,
      style: soapOperation?.attributes.style,
      documentation: documentationOf(op),
      input: io('input'),
      output: io('output'),
    };
  });
  return {
    name: name.name,
    key: keyOf(name),
    file,
    portType: qnameAttribute(el, 'type'),
    soapVersion,
    style: soapBinding?.attributes.style,
    operations,
  };
}

function readService(file: string, el: XmlElement): Port[] {
  const service = el.attributes.name ?? '';
  return childrenOf(el, [ns.wsdl], 'port').map((port) => {
    const name = port.attributes.name ?? '';
    const address = port.children.find(
      (child) => child.name === 'address' && child.attributes.location !== undefined,
    );
    return {
      name,
      service,
      binding: qnameAttribute(port, 'binding'),
      address: address?.attributes.location,
      addressNs: address?.namespace,
      location: locate(file, port, `/definitions/service[@name='${service}']/port[@name='${name}']`),
    };
  });
}

function isSchema(el: XmlElement): boolean {
  return el.name === 'schema' && el.namespace !== undefined && xsdNamespaces.includes(el.namespace);
}

/** Reads one schema's top-level declarations and follows its imports/includes inside the upload. */
function readSchema(
  ctx: Context,
  file: string,
  schema: XmlElement,
  chameleonNamespace: string | undefined,
): void {
  const targetNamespace = schema.attributes.targetNamespace || chameleonNamespace;
  const schemaPath = `/schema[@targetNamespace='${targetNamespace ?? ''}']`;
  for (const child of schema.children) {
    if (child.namespace === undefined || !xsdNamespaces.includes(child.namespace)) continue;
    if (child.name === 'import' || child.name === 'include' || child.name === 'redefine') {
      const location = child.attributes.schemaLocation;
      if (!location) continue;
      const target = followLocation(ctx, file, child, location);
      if (!target) continue;
      // An included schema without a targetNamespace takes the includer's (a "chameleon" include).
      const inherited = child.name === 'import' ? undefined : targetNamespace;
      const visitKey = `${target}|${inherited ?? ''}`;
      if (ctx.visitedSchemas.has(visitKey)) continue;
      ctx.visitedSchemas.add(visitKey);
      const imported = loadImported(ctx, target, locate(file, child));
      if (isSchema(imported.root)) readSchema(ctx, target, imported.root, inherited);
      else if (imported.root.namespace === ns.wsdl && imported.root.name === 'definitions') {
        const types = firstChildOf(imported.root, [ns.wsdl], 'types');
        for (const inner of types?.children ?? [])
          if (isSchema(inner)) readSchema(ctx, target, inner, undefined);
      } else ctx.unresolved.push({ location, from: locate(file, child) });
    } else if (child.name === 'element' || child.name === 'complexType' || child.name === 'simpleType') {
      const name = child.attributes.name;
      if (name === undefined) continue;
      ctx.declarations.push({
        name,
        namespace: targetNamespace,
        kind: child.name,
        el: child,
        location: locate(file, child, `${schemaPath}/${child.name}[@name='${name}']`),
      });
    }
  }
}

// --- Free-form content -------------------------------------------------------------------------
// A declaration is free-form when its content (inline, plus the named type an element points to)
// has a hole for arbitrary XML: a sequence/choice/all whose only particles are wildcards (xs:any,
// or a ref to xs:schema as in .NET DataSets), or a local element typed xs:anyType or left without
// any type. An xs:any next to declared elements is an extension point, not free-form. A top-level
// element sent as a message body whose type is plain xs:string (or anySimpleType) is free-form too:
// the whole payload is then an unstructured string. Named types referenced deeper inside are not
// followed: each declaration is judged on what it declares itself.

function isXsd(q: QName | undefined, ...names: string[]): boolean {
  return q?.namespace !== undefined && xsdNamespaces.includes(q.namespace) && names.includes(q.name);
}

function isXsdElement(el: XmlElement, ...names: string[]): boolean {
  return el.namespace !== undefined && xsdNamespaces.includes(el.namespace) && names.includes(el.name);
}

function isWildcard(el: XmlElement): boolean {
  if (isXsdElement(el, 'any')) return true;
  return isXsdElement(el, 'element') && isXsd(qnameAttribute(el, 'ref'), 'schema');
}

function isUntypedLocalElement(el: XmlElement): boolean {
  if (!isXsdElement(el, 'element') || el.attributes.ref !== undefined) return false;
  const type = qnameAttribute(el, 'type');
  if (isXsd(type, 'anyType')) return true;
  const hasInlineType = el.children.some((c) => isXsdElement(c, 'complexType', 'simpleType'));
  return !type && !hasInlineType && el.attributes.substitutionGroup === undefined;
}

function hasFreeFormContent(el: XmlElement): boolean {
  for (const node of walkElements(el)) {
    if (node === el) continue;
    if (isUntypedLocalElement(node)) return true;
    if (isXsdElement(node, 'sequence', 'choice', 'all')) {
      const particles = node.children.filter((c) => !isXsdElement(c, 'annotation'));
      if (particles.length > 0 && particles.every(isWildcard)) return true;
    }
  }
  return false;
}

/** Names of the elements a declaration's own content model lists (nested elements' content not included). */
function fieldsOf(el: XmlElement): string[] {
  const fields: string[] = [];
  const visit = (node: XmlElement): void => {
    for (const child of node.children) {
      if (isXsdElement(child, 'element')) {
        const name = child.attributes.name ?? qnameAttribute(child, 'ref')?.name;
        if (name) fields.push(name);
      } else if (!isXsdElement(child, 'annotation', 'attribute', 'attributeGroup', 'simpleType')) {
        visit(child);
      }
    }
  };
  visit(el);
  return fields;
}

/**
 * The child elements a declaration's content model lists, with type and occurrence: what a new schema
 * version may change compatibly or not. Inline anonymous types nest (bounded depth); named ones are
 * referred to by `type`.
 */
function membersOf(el: XmlElement, depth = 0): SchemaMember[] {
  const members: SchemaMember[] = [];
  const visit = (node: XmlElement, optional: boolean): void => {
    for (const child of node.children) {
      if (isXsdElement(child, 'element')) {
        const ref = qnameAttribute(child, 'ref');
        const name = child.attributes.name ?? ref?.name;
        if (!name) continue;
        const member: SchemaMember = {
          name,
          required: !optional && child.attributes.minOccurs !== '0',
          repeated: (child.attributes.maxOccurs ?? '1') !== '1',
        };
        const type = qnameAttribute(child, 'type');
        if (type) member.type = type.name;
        else if (ref) member.type = `element:${ref.name}`;
        const inlineSimple = child.children.find((c) => isXsdElement(c, 'simpleType'));
        if (inlineSimple) Object.assign(member, simpleTypeFacts(inlineSimple));
        const inlineComplex = child.children.find((c) => isXsdElement(c, 'complexType'));
        if (inlineComplex && depth < 8) member.children = membersOf(inlineComplex, depth + 1);
        members.push(member);
      } else if (isXsdElement(child, 'choice')) {
        visit(child, true);
      } else if (!isXsdElement(child, 'annotation', 'attribute', 'attributeGroup', 'simpleType')) {
        visit(child, optional || child.attributes.minOccurs === '0');
      }
    }
  };
  visit(el, false);
  return members;
}

/** A simple type's base and enumeration (restriction only; lists and unions stay opaque). */
function simpleTypeFacts(el: XmlElement): { type?: string; enum?: string[] } {
  const restriction = el.children.find((c) => isXsdElement(c, 'restriction'));
  if (!restriction) return {};
  const facts: { type?: string; enum?: string[] } = {};
  const base = qnameAttribute(restriction, 'base');
  if (base) facts.type = base.name;
  const values = restriction.children
    .filter((c) => isXsdElement(c, 'enumeration'))
    .map((c) => c.attributes.value ?? '');
  if (values.length > 0) facts.enum = values;
  return facts;
}

function computeFreeForm(
  declarations: SchemaDeclaration[],
  bodyElements: Set<string>,
): Map<SchemaDeclaration, boolean> {
  const types = new Map<string, SchemaDeclaration>();
  for (const d of declarations) if (d.kind === 'complexType') types.set(keyOf(d), d);
  const result = new Map<SchemaDeclaration, boolean>();
  for (const d of declarations) {
    if (d.kind === 'simpleType') {
      result.set(d, false);
      continue;
    }
    let free = hasFreeFormContent(d.el);
    if (d.kind === 'element') {
      const type = qnameAttribute(d.el, 'type');
      const hasInlineType = d.el.children.some((c) => c.name === 'complexType' || c.name === 'simpleType');
      if (isXsd(type, 'anyType')) free = true;
      else if (!type && !hasInlineType && d.el.attributes.substitutionGroup === undefined) free = true;
      else if (type && bodyElements.has(keyOf(d)) && isXsd(type, 'string', 'anySimpleType')) free = true;
      else if (type && !free) {
        const named = types.get(keyOf(type));
        if (named) free = hasFreeFormContent(named.el);
      }
    }
    result.set(d, free);
  }
  return result;
}

// --- The Contract ------------------------------------------------------------------------------

function buildContract(ctx: Context): Contract {
  const mainFile = ctx.files.main;
  const mainDoc = ctx.wsdlDocuments[0] as WsdlDocument;

  // What the main file describes: its own bindings (or, for an abstract-only file, all of them),
  // and the portTypes it declares or binds.
  const mainBindings = ctx.bindings.filter((b) => b.file === mainFile);
  const bindings = mainBindings.length > 0 ? mainBindings : ctx.bindings;
  const boundPortTypes = new Set(bindings.map((b) => (b.portType ? keyOf(b.portType) : '')));
  let portTypes = ctx.portTypes.filter((p) => p.file === mainFile || boundPortTypes.has(p.key));
  if (portTypes.length === 0) portTypes = ctx.portTypes;
  const mainPorts = ctx.ports.filter((p) => p.location.file === mainFile);
  const ports = mainPorts.length > 0 ? mainPorts : ctx.ports;

  const headerParts = new Set<string>();
  for (const binding of ctx.bindings) {
    for (const op of binding.operations) {
      for (const header of [...(op.input?.headers ?? []), ...(op.output?.headers ?? [])]) {
        if (header.message) headerParts.add(`${keyOf(header.message)}#${header.part ?? ''}`);
      }
    }
  }

  const bodyElements = new Set<string>();
  const operations: Operation[] = [];
  const ids = new Set<string>();
  for (const portType of portTypes) {
    const portTypeBindings = bindings.filter((b) => b.portType && keyOf(b.portType) === portType.key);
    for (const op of portType.operations) {
      const bound = portTypeBindings.flatMap((b) =>
        b.operations.filter((o) => o.name === op.name).map((o) => ({ binding: b, op: o })),
      );
      const first = bound[0];
      const styles = bound.map(({ binding, op: o }) => o.style ?? binding.style ?? 'document');
      const uses = bound.map(({ op: o }) => o.input?.use ?? o.output?.use ?? 'literal');
      let id = `${portType.name}/${op.name}`;
      for (let n = 2; ids.has(id); n++) id = `${portType.name}/${op.name}#${n}`;
      ids.add(id);
      const messageRef = (
        io: IoRef | undefined,
        bindingIo: BindingIo | undefined,
      ): MessageRef | undefined => {
        if (!io) return undefined;
        const ref = toMessageRef(ctx, io.message, bindingIo, headerParts, bodyElements);
        return ref;
      };
      const operation: Operation = {
        id,
        name: op.name,
        faults: op.faults.map(
          (fault): FaultRef => ({
            name: fault.name,
            message: toMessageRef(ctx, fault.message, undefined, headerParts, new Set()),
            location: locate(op.file, fault.el, fault.path),
          }),
        ),
        location: locate(op.file, op.el, op.path),
      };
      if (first) {
        // The first binding gives the details; rpc and encoded win if any binding says so,
        // because that is what the guidelines ask about.
        if (first.op.soapAction) operation.soapAction = first.op.soapAction;
        operation.style = styles.includes('rpc') ? 'rpc' : 'document';
        operation.use = uses.includes('encoded') ? 'encoded' : 'literal';
      }
      const documentation = documentationOf(op.el) ?? first?.op.documentation;
      if (documentation) operation.documentation = documentation;
      const input = messageRef(op.input, first?.op.input);
      if (input) operation.input = input;
      const output = messageRef(op.output, first?.op.output);
      if (output) operation.output = output;
      operations.push(operation);
    }
  }

  const endpoints: Endpoint[] = ports.map((port) => {
    const binding = port.binding
      ? ctx.bindings.find((b) => b.key === keyOf(port.binding as QName))
      : undefined;
    const soapVersion =
      port.addressNs === ns.soap12 ? '1.2' : port.addressNs === ns.soap11 ? '1.1' : binding?.soapVersion;
    const endpoint: Endpoint = { name: port.name, url: port.address ?? '', location: port.location };
    if (port.binding) endpoint.binding = port.binding.name;
    if (soapVersion) endpoint.soapVersion = soapVersion;
    return endpoint;
  });

  const versions = [...new Set(bindings.map((b) => b.soapVersion).filter((v) => v !== undefined))].sort();
  const freeForm = computeFreeForm(ctx.declarations, bodyElements);
  const headerNamespaces = operations.flatMap((o) =>
    [...(o.input?.headers ?? []), ...(o.output?.headers ?? [])].map((h) => h.namespace),
  );

  const contract: Contract = {
    format: 'wsdl-1.1',
    protocol: 'soap',
    operations,
    endpoints,
    securitySchemes: findSecuritySchemes(ctx, headerNamespaces),
    soap: {
      versions,
      wsAddressing:
        hasUsingAddressing(ctx) ||
        headerNamespaces.some((n) => n !== undefined && addressingNamespaces.includes(n)),
      wsSecurityPolicy: ctx.wsdlDocuments.some((d) =>
        [...walkElements(d.root)].some(
          (el) => el.namespace !== undefined && securityPolicyNamespaces.includes(el.namespace),
        ),
      ),
      encodings: ctx.order.map((file) => {
        const doc = ctx.documents.get(file) as XmlDocument;
        return { file, encoding: doc.declaredEncoding ?? doc.encoding };
      }),
      types: ctx.declarations.map((d) => {
        const type: NonNullable<Contract['soap']>['types'][number] = {
          name: d.name,
          kind: d.kind,
          location: d.location,
        };
        if (d.namespace) type.namespace = d.namespace;
        if (freeForm.get(d)) type.freeForm = true;
        const fields = fieldsOf(d.el);
        if (fields.length > 0) type.fields = fields;
        if (d.kind === 'simpleType') {
          const { type: base, enum: values } = simpleTypeFacts(d.el);
          if (base) type.base = base;
          if (values) type.enum = values;
        } else {
          const members = membersOf(d.el);
          if (members.length > 0) type.members = members;
          const typeName = d.kind === 'element' ? qnameAttribute(d.el, 'type')?.name : undefined;
          if (typeName) type.typeName = typeName;
        }
        return type;
      }),
    },
    files: [...ctx.order],
  };
  if (mainDoc.targetNamespace && contract.soap) contract.soap.targetNamespace = mainDoc.targetNamespace;
  const title = mainDoc.root.attributes.name ?? ports[0]?.service;
  if (title) contract.title = title;
  const documentation = documentationOf(mainDoc.root);
  if (documentation) contract.documentation = documentation;
  const identifier = findIdentifier([mainDoc.targetNamespace ?? '', documentation ?? '']);
  if (identifier) contract.identifier = identifier;
  if (ctx.unresolved.length > 0) contract.unresolved = ctx.unresolved;
  if (ctx.remote.length > 0) contract.remoteImports = ctx.remote;
  if (ctx.imports.length > 0) contract.imports = ctx.imports;
  return contract;
}

function toMessageRef(
  ctx: Context,
  messageName: QName | undefined,
  bindingIo: BindingIo | undefined,
  headerParts: Set<string>,
  bodyElements: Set<string>,
): MessageRef {
  const message = messageName ? ctx.messages.get(keyOf(messageName)) : undefined;
  const ref: MessageRef = {
    name: messageName?.name ?? '',
    parts: (message?.parts ?? []).map((part) => {
      const result: MessageRef['parts'][number] = { name: part.name };
      const schema = schemaRefOf(part);
      if (schema) result.schema = schema;
      const mediaType = bindingIo?.mediaTypes.get(part.name);
      if (mediaType) result.mediaType = mediaType;
      if (part.element && message && !headerParts.has(`${message.key}#${part.name}`)) {
        bodyElements.add(keyOf(part.element));
      }
      return result;
    }),
  };
  if (bindingIo && bindingIo.headers.length > 0) {
    ref.headers = bindingIo.headers.map((header) => {
      const headerMessage = header.message ? ctx.messages.get(keyOf(header.message)) : undefined;
      const part = headerMessage?.parts.find((p) => p.name === header.part);
      if (part?.element) {
        const block: { name: string; namespace?: string } = { name: part.element.name };
        if (part.element.namespace) block.namespace = part.element.namespace;
        return block;
      }
      const block: { name: string; namespace?: string } = { name: header.part ?? '' };
      if (header.namespace) block.namespace = header.namespace;
      return block;
    });
  }
  return ref;
}

function schemaRefOf(part: Part): SchemaRef | undefined {
  const q = part.element ?? part.type;
  if (!q) return undefined;
  const ref: SchemaRef = { kind: part.element ? 'xml-element' : 'xml-type', name: q.name };
  if (q.namespace) ref.namespace = q.namespace;
  return ref;
}

function hasUsingAddressing(ctx: Context): boolean {
  return ctx.wsdlDocuments.some((doc) =>
    [...walkElements(doc.root)].some(
      (el) =>
        (el.name === 'UsingAddressing' &&
          el.namespace !== undefined &&
          usingAddressingNamespaces.includes(el.namespace)) ||
        (el.name === 'Addressing' && el.namespace === ns.wsam),
    ),
  );
}

function findSecuritySchemes(ctx: Context, headerNamespaces: (string | undefined)[]): SecurityScheme[] {
  const schemes: SecurityScheme[] = [];
  const isPolicy = (el: XmlElement) =>
    el.name === 'Policy' && el.namespace !== undefined && policyNamespaces.includes(el.namespace);
  // Outermost policies only: nested wsp:Policy elements are parts of the assertion around them.
  const visit = (file: string, el: XmlElement): void => {
    if (!isPolicy(el)) {
      for (const child of el.children) visit(file, child);
      return;
    }
    const assertions = new Set<string>();
    for (const inner of walkElements(el)) {
      if (inner.namespace !== undefined && securityPolicyNamespaces.includes(inner.namespace)) {
        assertions.add(inner.name);
      }
    }
    if (assertions.size === 0) return;
    const id = Object.entries(el.attributes).find(([key]) => key === 'Id' || key.endsWith(':Id'))?.[1];
    schemes.push({
      name: id ?? el.attributes.Name ?? `policy at ${file}:${el.line ?? '?'}`,
      type: 'ws-security',
      detail: `WS-SecurityPolicy: ${[...assertions].join(', ')}`,
      location: locate(file, el),
    });
  };
  for (const doc of ctx.wsdlDocuments) visit(doc.file, doc.root);
  if (headerNamespaces.includes(ns.wsse)) {
    schemes.push({
      name: 'wsse:Security',
      type: 'ws-security',
      detail: 'WS-Security header block declared in a binding',
    });
  }
  return schemes;
}

function findIdentifier(texts: string[]): string | undefined {
  for (const text of texts) {
    const match = /URN:IVIS:[A-Za-z0-9:._-]+/i.exec(text);
    if (match) return match[0];
  }
  return undefined;
}
