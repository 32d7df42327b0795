import type JSZip from 'jszip';

// The pieces every reader of an uploaded zip needs before trusting it (description bundles, signed
// act containers): the entry count from the end-of-central-directory record (read before JSZip parses
// anything), each entry's declared sizes, a path check, and inflation that counts bytes as they come
// so a zip whose headers lie is stopped at the limit instead of filling memory. Errors are the
// caller's: each feature reports them in its own words.

/** The total-entries field of the end-of-central-directory record, when one can be found. */
export function declaredEntryCount(bytes: Uint8Array): number | undefined {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) {
      const count = (bytes[at + 10] as number) | ((bytes[at + 11] as number) << 8);
      // 0xffff means the real count is in the ZIP64 record; JSZip's parsed list is checked later.
      return count === 0xffff ? undefined : count;
    }
  }
  return undefined;
}

/**
 * The entry names of the central directory, as written (duplicates kept), when the directory can be
 * found; zip readers keep one entry per name, so two entries of one name are only seen here.
 */
export function centralDirectoryNames(bytes: Uint8Array): string[] | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.readUInt32LE(at) !== 0x06054b50) continue;
    const count = view.readUInt16LE(at + 10);
    let offset = view.readUInt32LE(at + 16);
    if (count === 0xffff || offset === 0xffffffff) return undefined; // ZIP64: leave it to the reader
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      if (offset + 46 > view.length || view.readUInt32LE(offset) !== 0x02014b50) return undefined;
      const nameLength = view.readUInt16LE(offset + 28);
      const extraLength = view.readUInt16LE(offset + 30);
      const commentLength = view.readUInt16LE(offset + 32);
      names.push(view.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

/** Why an entry's path is unsafe to use, or null when it is a plain relative path. */
export function unsafePathReason(name: string): 'absolute' | 'climbs' | 'nul' | null {
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) return 'absolute';
  if (normalised.split('/').includes('..')) return 'climbs';
  if (normalised.includes('\u0000')) return 'nul';
  return null;
}

type EntryInternals = {
  _data?: { uncompressedSize?: number; compressedSize?: number };
  internalStream(type: 'uint8array'): JSZip.JSZipStreamHelper<Uint8Array>;
};

/** The sizes the zip's headers claim for an entry (0 when unknown); never trusted alone. */
export function declaredSizes(entry: JSZip.JSZipObject): { uncompressed: number; compressed: number } {
  const data = (entry as unknown as EntryInternals)._data;
  const size = (n: number | undefined) => (typeof n === 'number' && n >= 0 ? n : 0);
  return { uncompressed: size(data?.uncompressedSize), compressed: size(data?.compressedSize) };
}

/**
 * Inflates one entry, stopping as soon as it passes `maxEntryBytes` or what is left of the shared
 * `budget`; the budget is charged when the entry is complete.
 */
export function inflateWithinLimits(
  entry: JSZip.JSZipObject,
  maxEntryBytes: number,
  budget: { remaining: number },
  errors: { exceeded: (inflatedSoFar: number, limit: number) => Error; unreadable: (cause: Error) => Error },
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let stopped = false;
    const stream = (entry as unknown as EntryInternals).internalStream('uint8array');
    stream
      .on('data', (chunk) => {
        if (stopped) return;
        size += chunk.length;
        if (size > maxEntryBytes || size > budget.remaining) {
          stopped = true;
          stream.pause();
          reject(errors.exceeded(size, Math.min(maxEntryBytes, budget.remaining)));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error) => {
        if (stopped) return;
        stopped = true;
        reject(errors.unreadable(error));
      })
      .on('end', () => {
        if (stopped) return;
        budget.remaining -= size;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}
