import path from 'node:path';
import JSZip from 'jszip';
import {
  declaredEntryCount,
  declaredSizes,
  inflateWithinLimits,
  unsafePathReason,
} from '../platform/zip/zip-safety.ts';
import { DescriptionError, type DescriptionFiles } from './contract.ts';

// A WSDL with its XSDs arrives as one zip. A zip is hostile until proven otherwise: the entry count is
// read from the end-of-central-directory record before JSZip parses anything, declared sizes are
// checked before any entry is inflated, and inflated bytes are counted as they come so that a zip
// whose headers lie (a zip bomb) is stopped at the limit instead of filling memory. Entries whose
// path climbs out of the archive (`../`, `/etc/…`, `C:\…`) are refused, never written anywhere.

export type BundleLimits = {
  /** Largest zip accepted, compressed. */
  maxZipBytes: number;
  maxEntries: number;
  /** Largest entry, uncompressed (the same as one XML file). */
  maxEntryBytes: number;
  /** All entries together, uncompressed. */
  maxTotalBytes: number;
};

export const defaultBundleLimits: Readonly<BundleLimits> = Object.freeze({
  maxZipBytes: 20 * 1024 * 1024,
  maxEntries: 1000,
  maxEntryBytes: 10 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
});

/** Unpacks a zip of a WSDL and its XSDs; the main file is the one .wsdl nearest the top. */
export async function readZipBundle(
  bytes: Uint8Array,
  limits: BundleLimits = defaultBundleLimits,
): Promise<DescriptionFiles> {
  if (bytes.length > limits.maxZipBytes) {
    throw new DescriptionError(
      `the zip is ${bytes.length} bytes; at most ${limits.maxZipBytes} are accepted`,
    );
  }
  const declaredEntries = declaredEntryCount(bytes);
  if (declaredEntries !== undefined && declaredEntries > limits.maxEntries) {
    throw new DescriptionError(
      `the zip declares ${declaredEntries} entries; at most ${limits.maxEntries} are accepted`,
    );
  }
  let zip: JSZip;
  try {
    // checkCRC32 would inflate every entry inside loadAsync, before any limit could apply.
    zip = await JSZip.loadAsync(bytes, { createFolders: false, checkCRC32: false });
  } catch (error) {
    throw new DescriptionError(`the upload is not a readable zip file: ${(error as Error).message}`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > limits.maxEntries) {
    throw new DescriptionError(
      `the zip has ${entries.length} entries; at most ${limits.maxEntries} are accepted`,
    );
  }

  const files = entries.filter((entry) => !entry.dir);
  let declaredTotal = 0;
  for (const entry of files) {
    checkEntryPath(entry.unsafeOriginalName ?? entry.name);
    const declared = declaredSizes(entry).uncompressed;
    if (declared > limits.maxEntryBytes) {
      throw new DescriptionError(
        `the zip entry ${entry.name} unpacks to ${declared} bytes; at most ${limits.maxEntryBytes} are accepted per file`,
      );
    }
    declaredTotal += declared;
  }
  if (declaredTotal > limits.maxTotalBytes) {
    throw new DescriptionError(
      `the zip unpacks to ${declaredTotal} bytes; at most ${limits.maxTotalBytes} are accepted in all`,
    );
  }

  const result = new Map<string, Uint8Array>();
  const budget = { remaining: limits.maxTotalBytes };
  for (const entry of files) {
    const name = path.posix.normalize(entry.name);
    if (result.has(name)) throw new DescriptionError(`the zip holds ${name} twice`);
    result.set(
      name,
      await inflateWithinLimits(entry, limits.maxEntryBytes, budget, {
        exceeded: (size, limit) =>
          new DescriptionError(
            `the zip entry ${entry.name} inflates to more than its declared size allows (stopped after ${size} bytes; at most ${limit} accepted): a zip bomb or a damaged zip`,
          ),
        unreadable: (error) =>
          new DescriptionError(`the zip entry ${entry.name} cannot be unpacked: ${error.message}`),
      }),
    );
  }
  return { main: findMainFile([...result.keys()]), files: result };
}

function checkEntryPath(name: string): void {
  const reason = unsafePathReason(name);
  if (reason === 'absolute') {
    throw new DescriptionError(
      `the zip entry "${name}" has an absolute path; only relative paths are accepted`,
    );
  }
  if (reason === 'climbs') {
    throw new DescriptionError(
      `the zip entry "${name}" climbs out of the archive with "../"; such paths are refused`,
    );
  }
  if (reason === 'nul') throw new DescriptionError(`the zip entry "${name}" has a NUL in its name`);
}

/** The single .wsdl at the shallowest level; several there is ambiguous. */
export function findMainFile(names: string[]): string {
  const wsdls = names.filter((name) => /\.wsdl(\.xml)?$/i.test(name));
  if (wsdls.length === 0) throw new DescriptionError('the zip holds no .wsdl file');
  const depth = (name: string) => name.split('/').length;
  const shallowest = Math.min(...wsdls.map(depth));
  const candidates = wsdls.filter((name) => depth(name) === shallowest).sort();
  if (candidates.length > 1) {
    throw new DescriptionError(
      `the zip holds several .wsdl files at the top level (${candidates.join(', ')}); keep only the main one there and put imported ones in a folder`,
    );
  }
  return candidates[0] as string;
}
