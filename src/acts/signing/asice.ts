import JSZip from 'jszip';
import { parseXml, type XmlElement } from '../../descriptions/xml/safe-xml.ts';
import {
  centralDirectoryNames,
  declaredEntryCount,
  declaredSizes,
  inflateWithinLimits,
  unsafePathReason,
} from '../../platform/zip/zip-safety.ts';

// ASiC-E (ETSI EN 319 162-1), the container eParaksts calls .edoc and DigiDoc .asice/.bdoc: a zip
// whose first entry is `mimetype` (stored, not compressed), then the signed data objects,
// META-INF/manifest.xml and the signature files, which may be named anything matching
// META-INF/*signatures*.xml (`signatures0.xml`, `signatures-1.xml`, `edoc-signatures-S1.xml`).
//
// An uploaded container is hostile until proven otherwise: sizes and the entry count are checked
// from the headers before anything is inflated, inflated bytes are counted as they come (a zip whose
// headers lie is stopped at the limit), and unsafe or duplicate paths stop the reading. Beyond that,
// the reader reads what real tools write and *reports* how a container departs from the standard,
// as findings: an error where it changes what is signed (a data object no manifest lists, a listed
// one that is missing), a warning where it does not (a compressed or missing `mimetype`). Whether a
// finding refuses the container is the verifier's decision (an acceptance act is held to more).

export const asicMimeType = 'application/vnd.etsi.asic-e+zip';
export const manifestPath = 'META-INF/manifest.xml';
/** EN 319 162-1 §4.4.3: XAdES signatures of an ASiC-E container live in META-INF/*signatures*.xml. */
const signaturePath = /^META-INF\/[^/]*signatures[^/]*\.xml$/i;

export type ContainerLimits = {
  maxContainerBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of an entry: higher is a zip bomb, whatever its size. */
  maxCompressionRatio: number;
};

export const defaultContainerLimits: Readonly<ContainerLimits> = Object.freeze({
  maxContainerBytes: 20 * 1024 * 1024,
  maxEntries: 32,
  maxEntryBytes: 15 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
  maxCompressionRatio: 200,
});

/** Why a container cannot be read at all (ContainerError). */
export type ContainerErrorCode =
  | 'container_too_large'
  | 'not_a_zip'
  | 'too_many_entries'
  | 'zip_bomb'
  | 'unsafe_path'
  | 'duplicate_entry'
  | 'unsupported_container'
  | 'no_signatures';

/** How a readable container departs from ASiC-E (ContainerFinding). */
export type ContainerFindingCode =
  | 'mimetype_missing'
  | 'mimetype_not_first'
  | 'mimetype_bom'
  | 'wrong_mimetype'
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'manifest_file_missing'
  | 'not_in_manifest'
  | 'unexpected_file'
  | 'legacy_asic_namespace'
  | 'no_document'
  | 'several_documents';

export type ContainerProblemCode = ContainerErrorCode | ContainerFindingCode;

export type ContainerFinding = {
  code: ContainerFindingCode;
  severity: 'error' | 'warning';
  params: Record<string, string>;
};

/** A container that cannot be read as ASiC-E; `code` is stable, `detail` says what was found. */
export class ContainerError extends Error {
  constructor(
    readonly code: ContainerErrorCode,
    detail: string,
    readonly params: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ContainerError';
  }
}

export type ContainerDocument = { name: string; mimeType: string; bytes: Uint8Array };

export type ContainerContents = {
  /** The data objects: every entry outside META-INF but `mimetype`, in name order. */
  dataObjects: ContainerDocument[];
  /** The manifest's list of data objects (full path → media type); null when there is none. */
  manifest: Map<string, string> | null;
  /** Signature files by path, in name order. */
  signatures: { path: string; xml: Uint8Array }[];
  /** Every entry by name, for resolving references (a signature may point into META-INF). */
  entries: ReadonlyMap<string, Uint8Array>;
  findings: ContainerFinding[];
};

/** The manifest listing the data object, as ASiC-E tools write it. */
export function manifestXml(document: Pick<ContainerDocument, 'name' | 'mimeType'>): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">',
    `  <manifest:file-entry manifest:full-path="/" manifest:media-type="${asicMimeType}"/>`,
    `  <manifest:file-entry manifest:full-path="${escapeAttribute(document.name)}" manifest:media-type="${escapeAttribute(document.mimeType)}"/>`,
    '</manifest:manifest>',
    '',
  ].join('\n');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Writes a container: `mimetype` first and stored, then the document, the manifest and the
 * signature files. `date` stamps every entry, so the same inputs give the same bytes.
 */
export async function buildContainer(
  document: ContainerDocument,
  signatures: readonly { path: string; xml: Uint8Array }[],
  date: Date,
): Promise<Uint8Array> {
  const zip = new JSZip();
  const stored = { compression: 'STORE' as const, date, createFolders: false };
  const deflated = { compression: 'DEFLATE' as const, date, createFolders: false };
  zip.file('mimetype', asicMimeType, stored);
  zip.file(document.name, document.bytes, deflated);
  zip.file(manifestPath, manifestXml(document), deflated);
  for (const s of signatures) zip.file(s.path, s.xml, deflated);
  return zip.generateAsync({ type: 'uint8array', platform: 'UNIX' });
}

/** The next free signatures file name: signatures0.xml, signatures1.xml, … */
export function nextSignaturePath(existing: readonly { path: string }[]): string {
  const taken = new Set(existing.map((s) => s.path));
  for (let i = 0; ; i++) {
    const path = `META-INF/signatures${i}.xml`;
    if (!taken.has(path)) return path;
  }
}

/**
 * Reads a container and lists how it departs from ASiC-E; throws ContainerError only when it cannot
 * be read (or is not an XAdES ASiC-E container at all).
 */
export async function readContainer(
  bytes: Uint8Array,
  limits: ContainerLimits = defaultContainerLimits,
): Promise<ContainerContents> {
  if (bytes.length > limits.maxContainerBytes) {
    throw new ContainerError(
      'container_too_large',
      `the container is ${bytes.length} bytes; at most ${limits.maxContainerBytes} are accepted`,
      { size: String(bytes.length), limit: String(limits.maxContainerBytes) },
    );
  }
  if (bytes.length < 30 || Buffer.from(bytes.subarray(0, 4)).readUInt32LE(0) !== 0x04034b50) {
    throw notAZip(bytes);
  }
  const declared = declaredEntryCount(bytes);
  if (declared !== undefined && declared > limits.maxEntries) {
    throw tooManyEntries(declared, limits);
  }
  let zip: JSZip;
  try {
    // checkCRC32 would inflate every entry inside loadAsync, before any limit could apply.
    zip = await JSZip.loadAsync(bytes, { createFolders: false, checkCRC32: false });
  } catch (error) {
    throw new ContainerError('not_a_zip', `the file is not a readable zip: ${(error as Error).message}`);
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > limits.maxEntries) throw tooManyEntries(entries.length, limits);
  // Two entries of one name: which bytes a signature covers would depend on the reader.
  const seen = new Set<string>();
  for (const name of centralDirectoryNames(bytes) ?? []) {
    if (seen.has(name)) {
      throw new ContainerError('duplicate_entry', `the container holds ${name} twice`, { file: name });
    }
    seen.add(name);
  }

  let declaredTotal = 0;
  for (const entry of entries) {
    const original = entry.unsafeOriginalName ?? entry.name;
    if (unsafePathReason(original) || original === '' || original.split('/').some((part) => part === '.')) {
      throw new ContainerError('unsafe_path', `the entry "${original}" has an unsafe path`, {
        file: original,
      });
    }
    const { uncompressed, compressed } = declaredSizes(entry);
    declaredTotal += uncompressed;
    const ratio = compressed > 0 ? uncompressed / compressed : uncompressed > 0 ? Infinity : 0;
    if (uncompressed > limits.maxEntryBytes || ratio > limits.maxCompressionRatio) {
      throw zipBomb(entry.name, uncompressed, limits);
    }
  }
  if (declaredTotal > limits.maxTotalBytes) throw zipBomb('*', declaredTotal, limits);

  const files = new Map<string, Uint8Array>();
  const budget = { remaining: limits.maxTotalBytes };
  for (const entry of entries) {
    if (files.has(entry.name)) {
      throw new ContainerError('duplicate_entry', `the container holds ${entry.name} twice`, {
        file: entry.name,
      });
    }
    files.set(
      entry.name,
      await inflateWithinLimits(entry, limits.maxEntryBytes, budget, {
        exceeded: (size) => zipBomb(entry.name, size, limits),
        unreadable: (error) =>
          new ContainerError('not_a_zip', `the entry ${entry.name} cannot be unpacked: ${error.message}`),
      }),
    );
  }
  rejectOtherFormats(files);

  const findings: ContainerFinding[] = [];
  const finding = (
    code: ContainerFindingCode,
    severity: 'error' | 'warning',
    params: Record<string, string> = {},
  ) => findings.push({ code, severity, params });
  checkMimetype(bytes, files.get('mimetype'), finding);

  let manifest: Map<string, string> | null = null;
  const manifestBytes = files.get(manifestPath);
  if (!manifestBytes) finding('manifest_missing', 'error');
  else {
    try {
      manifest = parseManifest(manifestBytes);
    } catch (error) {
      finding('manifest_invalid', 'error', { detail: (error as Error).message });
    }
  }

  const signatures: ContainerContents['signatures'] = [];
  const dataObjects: ContainerDocument[] = [];
  for (const [name, content] of files) {
    if (name === 'mimetype' || name === manifestPath) continue;
    if (signaturePath.test(name)) signatures.push({ path: name, xml: content });
    else if (name.startsWith('META-INF/')) finding('unexpected_file', 'warning', { file: name });
    else dataObjects.push({ name, mimeType: manifest?.get(name) ?? '', bytes: content });
  }
  if (manifest) {
    for (const listed of manifest.keys()) {
      if (!files.has(listed)) finding('manifest_file_missing', 'error', { file: listed });
    }
    for (const d of dataObjects)
      if (!manifest.has(d.name)) finding('not_in_manifest', 'error', { file: d.name });
  }
  if (signatures.length === 0) throw new ContainerError('no_signatures', 'the container holds no signature');
  if (dataObjects.length === 0) finding('no_document', 'error');
  const byName = (a: { name?: string; path?: string }, b: { name?: string; path?: string }) =>
    (a.path ?? a.name ?? '').localeCompare(b.path ?? b.name ?? '', 'en', { numeric: true });
  signatures.sort(byName);
  dataObjects.sort(byName);
  return { dataObjects, manifest, signatures, entries: files, findings };
}

function notAZip(bytes: Uint8Array): ContainerError {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8');
  if (bytes.length === 0) return new ContainerError('not_a_zip', 'the file is empty');
  if (/<SignedDoc\b/.test(head)) {
    return new ContainerError(
      'unsupported_container',
      'the file is a DigiDoc DDOC (an XML container of the 2000s); only ASiC-E containers are read',
      { format: 'DDOC' },
    );
  }
  return new ContainerError('not_a_zip', 'the file does not start like a zip archive');
}

/** Containers of other kinds are named, not mistaken for broken ASiC-E ones. */
function rejectOtherFormats(files: ReadonlyMap<string, Uint8Array>): void {
  const names = [...files.keys()];
  const hasXades = names.some((n) => signaturePath.test(n));
  if (!hasXades && names.some((n) => /^META-INF\/.*\.p7s$/i.test(n) || /^META-INF\/ASiCManifest/i.test(n))) {
    throw new ContainerError(
      'unsupported_container',
      'the container holds CAdES signatures (META-INF/*.p7s); only XAdES signatures are read',
      { format: 'ASiC-E CAdES' },
    );
  }
  if (names.includes('[Content_Types].xml') || names.some((n) => n.startsWith('_rels/'))) {
    throw new ContainerError(
      'unsupported_container',
      'the file is an OPC package, such as the LVRTC eDoc 1.01 format of 2010; only ASiC-E (.edoc since 2013) is read',
      { format: 'LVRTC eDoc 1.01' },
    );
  }
  const mimetype = files.get('mimetype');
  if (mimetype && new TextDecoder().decode(mimetype).trim() === 'application/vnd.etsi.asic-s+zip') {
    throw new ContainerError('unsupported_container', 'the container is ASiC-S; only ASiC-E is read', {
      format: 'ASiC-S',
    });
  }
}

/** ASiC wants `mimetype` first and stored, so tools can sniff the type; nothing in it is signed. */
function checkMimetype(
  bytes: Uint8Array,
  content: Uint8Array | undefined,
  finding: (
    code: ContainerFindingCode,
    severity: 'error' | 'warning',
    params?: Record<string, string>,
  ) => void,
): void {
  if (!content) {
    finding('mimetype_missing', 'warning');
    return;
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const method = view.readUInt16LE(8);
  const nameLength = view.readUInt16LE(26);
  const first = view.subarray(30, 30 + nameLength).toString('latin1');
  if (first !== 'mimetype' || method !== 0) {
    finding('mimetype_not_first', 'warning', {
      found: `${first.slice(0, 80)}${method !== 0 && first === 'mimetype' ? ' (compressed)' : ''}`,
    });
  }
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
  if (text.startsWith('\uFEFF')) {
    finding('mimetype_bom', 'warning');
    text = text.slice(1);
  }
  if (text !== asicMimeType) {
    finding('wrong_mimetype', 'error', { found: text.slice(0, 80) });
  }
}

const manifestNamespace = 'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0';
const manifestLimits = { maxBytes: 256 * 1024, maxDepth: 8, maxElements: 200 };

function parseManifest(bytes: Uint8Array): Map<string, string> {
  let root: XmlElement;
  try {
    // The safe XML layer refuses any DOCTYPE, so no entity is ever expanded.
    root = parseXml(bytes, manifestPath, manifestLimits).root;
  } catch (error) {
    throw new Error(`${manifestPath} cannot be read: ${(error as Error).message}`);
  }
  if (root.name !== 'manifest' || root.namespace !== manifestNamespace) {
    throw new Error(`${manifestPath} is not an ODF manifest`);
  }
  const attribute = (e: XmlElement, local: string) =>
    Object.entries(e.attributes).find(([name]) => name === local || name.endsWith(`:${local}`))?.[1];
  const entries = new Map<string, string>();
  for (const entry of root.children.filter((c) => c.name === 'file-entry')) {
    const path = attribute(entry, 'full-path');
    const type = attribute(entry, 'media-type');
    if (path === undefined || type === undefined) {
      throw new Error('a manifest entry lacks full-path or media-type');
    }
    if (path !== '/') entries.set(path, type);
  }
  return entries;
}

function tooManyEntries(count: number, limits: ContainerLimits): ContainerError {
  return new ContainerError(
    'too_many_entries',
    `the container has ${count} entries; at most ${limits.maxEntries} are accepted`,
    { count: String(count), limit: String(limits.maxEntries) },
  );
}

function zipBomb(name: string, size: number, limits: ContainerLimits): ContainerError {
  return new ContainerError(
    'zip_bomb',
    `the entry ${name} unpacks to ${size} bytes or more than ${limits.maxCompressionRatio} times its compressed size; refused as a zip bomb`,
    { file: name, size: String(size) },
  );
}
