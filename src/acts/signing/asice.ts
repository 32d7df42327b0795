import JSZip from 'jszip';
import { parseXml, type XmlElement } from '../../descriptions/xml/safe-xml.ts';
import {
  declaredEntryCount,
  declaredSizes,
  inflateWithinLimits,
  unsafePathReason,
} from '../../platform/zip/zip-safety.ts';

// ASiC-E (ETSI EN 319 162-1), the container eParaksts calls .edoc: a zip whose first entry is
// `mimetype` (stored, not compressed), then the signed data objects, META-INF/manifest.xml and one
// META-INF/signatures*.xml per signer. An uploaded container is hostile until proven otherwise: sizes
// and the entry count are checked from the headers before anything is inflated, inflated bytes are
// counted as they come (a zip whose headers lie is stopped at the limit), and any entry that is not
// one of the above is refused rather than ignored, so nothing unsigned rides along in a signed act.

export const asicMimeType = 'application/vnd.etsi.asic-e+zip';
export const manifestPath = 'META-INF/manifest.xml';
const signaturePath = /^META-INF\/signatures\d*\.xml$/;

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

export type ContainerProblemCode =
  | 'container_too_large'
  | 'not_a_zip'
  | 'too_many_entries'
  | 'zip_bomb'
  | 'unsafe_path'
  | 'duplicate_entry'
  | 'mimetype_not_first'
  | 'wrong_mimetype'
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'unexpected_file'
  | 'no_document'
  | 'several_documents'
  | 'no_signatures';

/** A container that cannot be read as ASiC-E; `code` is stable, `detail` says what was found. */
export class ContainerError extends Error {
  constructor(
    readonly code: ContainerProblemCode,
    detail: string,
    readonly params: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ContainerError';
  }
}

export type ContainerDocument = { name: string; mimeType: string; bytes: Uint8Array };

export type ContainerContents = {
  document: ContainerDocument;
  /** The manifest's list of data objects: full path → media type. */
  manifest: Map<string, string>;
  /** Signature files by path, in name order. */
  signatures: { path: string; xml: Uint8Array }[];
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

/** Reads and checks a container; throws ContainerError with the first reason it is refused. */
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
  checkMimetypeComesFirst(bytes);
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

  let declaredTotal = 0;
  for (const entry of entries) {
    const original = entry.unsafeOriginalName ?? entry.name;
    if (unsafePathReason(original)) {
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

  const mimetype = new TextDecoder().decode(files.get('mimetype'));
  if (mimetype !== asicMimeType) {
    throw new ContainerError(
      'wrong_mimetype',
      `the mimetype entry says "${mimetype.slice(0, 80)}"; an ASiC-E container says ${asicMimeType}`,
      { found: mimetype.slice(0, 80) },
    );
  }
  const manifestBytes = files.get(manifestPath);
  if (!manifestBytes) throw new ContainerError('manifest_missing', `the container has no ${manifestPath}`);
  const manifest = parseManifest(manifestBytes);

  const signatures: ContainerContents['signatures'] = [];
  const documents: ContainerDocument[] = [];
  for (const [name, content] of files) {
    if (name === 'mimetype' || name === manifestPath) continue;
    if (signaturePath.test(name)) signatures.push({ path: name, xml: content });
    else if (!name.includes('/') && manifest.has(name)) {
      documents.push({ name, mimeType: manifest.get(name) as string, bytes: content });
    } else {
      throw new ContainerError(
        'unexpected_file',
        `the container holds ${name}, which is neither the signed document listed in the manifest nor a signature`,
        { file: name },
      );
    }
  }
  for (const listed of manifest.keys()) {
    if (!files.has(listed)) {
      throw new ContainerError(
        'manifest_invalid',
        `the manifest lists ${listed}, which is not in the container`,
        { file: listed },
      );
    }
  }
  const [document] = documents;
  if (!document) throw new ContainerError('no_document', 'the container holds no signed document');
  if (documents.length > 1) {
    throw new ContainerError(
      'several_documents',
      `the container holds ${documents.length} documents; an acceptance act container holds exactly one`,
      { count: String(documents.length) },
    );
  }
  if (signatures.length === 0) throw new ContainerError('no_signatures', 'the container holds no signature');
  signatures.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return { document, manifest, signatures };
}

/** ASiC requires `mimetype` as the very first local file, stored, so tools can sniff the type. */
function checkMimetypeComesFirst(bytes: Uint8Array): void {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 30 || view.readUInt32LE(0) !== 0x04034b50) {
    throw new ContainerError('not_a_zip', 'the file does not start like a zip archive');
  }
  const method = view.readUInt16LE(8);
  const nameLength = view.readUInt16LE(26);
  const name = view.subarray(30, 30 + nameLength).toString('latin1');
  if (name !== 'mimetype' || method !== 0) {
    throw new ContainerError(
      'mimetype_not_first',
      `the first entry must be "mimetype", stored uncompressed; found "${name.slice(0, 80)}"${method !== 0 ? ' (compressed)' : ''}`,
      { found: name.slice(0, 80) },
    );
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
    throw new ContainerError(
      'manifest_invalid',
      `${manifestPath} cannot be read: ${(error as Error).message}`,
    );
  }
  if (root.name !== 'manifest' || root.namespace !== manifestNamespace) {
    throw new ContainerError('manifest_invalid', `${manifestPath} is not an ODF manifest`);
  }
  const attribute = (e: XmlElement, local: string) =>
    Object.entries(e.attributes).find(([name]) => name === local || name.endsWith(`:${local}`))?.[1];
  const entries = new Map<string, string>();
  for (const entry of root.children.filter((c) => c.name === 'file-entry')) {
    const path = attribute(entry, 'full-path');
    const type = attribute(entry, 'media-type');
    if (path === undefined || type === undefined) {
      throw new ContainerError('manifest_invalid', 'a manifest entry lacks full-path or media-type');
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
