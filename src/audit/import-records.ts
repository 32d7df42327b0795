import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import {
  copyFrameBytes,
  maxCopyRowBytes,
  writeCopyHeader,
  writeCopyRow,
  writeCopyTrailer,
} from './copy-binary.ts';
import {
  encodeJsonLine,
  type JsonLineContext,
  maxEncodedBytes,
  serviceNotNumbered,
} from './json-line-record.ts';
import { openBatchLoader } from './load-batch.ts';
import { monthOf } from './partitions.ts';
import { jsonLineRow, type RawRow, type RowGroup } from './read-records.ts';
import { type AuditEnvironment, type HashPerson, type RowIssue, toAuditRecord } from './record.ts';
import { type ServiceNumbers, serviceNumbersIn, serviceNumbersInMemory } from './service-numbers.ts';

// The import use case shared by the CLI and the API: validate every row, load the valid ones in
// batches (the next batches are written while earlier ones load), count what happened. Rows arrive in
// groups (see read-records.ts); `openRows` yields them. Every valid row is written straight into a
// batch buffer as binary COPY: plain JSON Lines from their bytes (json-line-record.ts), every other row
// through the schema (record.ts) and copy-binary.ts. A dry run writes the same bytes and drops them, so
// it checks exactly what an import would load.

export type ImportCounts = { read: number; inserted: number; duplicates: number; invalid: number };
export type ImportSummary = ImportCounts & {
  /** False only in strict mode when some row was invalid: then nothing was loaded. */
  loaded: boolean;
  /** The first `maxIssues` problems, each with its line, field and reason. */
  issues: RowIssue[];
  issuesTruncated: boolean;
};

export type ImportOptions = {
  environment: AuditEnvironment;
  hashPerson: HashPerson;
  /** Load nothing when any row is invalid (the rows are read twice: once to check, once to load). */
  strict?: boolean;
  batchSize?: number;
  maxIssues?: number;
  onProgress?: (counts: ImportCounts) => void;
  /**
   * After a batch, a full garbage collection when the JavaScript heap holds more than this many bytes
   * (the CLI's long imports). Rows read through JSON.parse or CSV are garbage once written into the
   * batch buffer, but the ones alive during a young-generation collection are promoted, and the old
   * generation would grow by tens of megabytes before V8 collected it on its own. Plain JSON Lines
   * leave almost nothing behind and never reach the limit: a collection every few batches regardless
   * cost a 1,000,000-row import ~1.5 s of CPU for nothing.
   */
  collectGarbageAboveBytes?: number;
};

function collectGarbageIfAbove(limit: number | undefined): void {
  if (limit !== undefined && v8.getHeapStatistics().used_heap_size > limit) collectGarbage();
}

// The way jest-leak-detector reaches V8's collector without a command-line flag; `gc` is looked up
// on first use so that a process that never asks for it keeps its flags untouched.
let gc: (() => void) | null = null;
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

type Tally = {
  counts: ImportCounts;
  note: (rowIssues: RowIssue[], source: string | undefined) => void;
  summary: (loaded: boolean) => ImportSummary;
};

function tally(maxIssues: number): Tally {
  const counts: ImportCounts = { read: 0, inserted: 0, duplicates: 0, invalid: 0 };
  const issues: RowIssue[] = [];
  let issuesTruncated = false;
  return {
    counts,
    note: (rowIssues, source) => {
      counts.invalid += 1;
      for (const issue of rowIssues) {
        if (issues.length < maxIssues) issues.push(source ? { ...issue, source } : issue);
        else issuesTruncated = true;
      }
    },
    summary: (loaded) => ({ ...counts, loaded, issues, issuesTruncated }),
  };
}

/** Where rows are written: one batch buffer at a time, handed on by `flush` when full. */
type BatchWriter = {
  target: Buffer;
  length: number;
  rows: number;
  months: Set<string>;
  /** Hands the batch on (to the database, or nowhere in a dry run) and starts the next one. */
  flush: () => Promise<void>;
};

const defaultBatchSize = 5_000;

function startBatch(writer: BatchWriter, target: Buffer): void {
  writer.target = target;
  writer.length = writeCopyHeader(target, 0);
  writer.rows = 0;
  writer.months = new Set();
}

/** Writes every valid row of `groups` into batches; counts and notes what it read. */
async function writeRows(
  groups: AsyncIterable<RowGroup>,
  writer: BatchWriter,
  { counts, note }: Tally,
  options: ImportOptions,
  hashPerson: HashPerson,
  services: ServiceNumbers,
): Promise<void> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  const context: JsonLineContext = {
    environment: options.environment,
    hashPerson,
    serviceNumber: services.known,
    requestIn: 0,
    unnumberedService: '',
  };
  // Records come in time order: the month changes rarely, so it is named only when it does.
  let month = { start: 0, end: 0, key: '' };
  // Synchronous on purpose: it runs for every row, and an await per row costs a promise and a turn.
  const wrote = (end: number, requestIn: number): boolean => {
    writer.length = end;
    writer.rows += 1;
    if (requestIn < month.start || requestIn >= month.end) month = monthAround(requestIn);
    writer.months.add(month.key);
    return writer.rows >= batchSize;
  };
  // Room for `bytes` more and the trailer; a row larger than a whole batch cannot be loaded.
  const makeRoom = async (bytes: number) => {
    if (writer.length + bytes + 2 <= writer.target.length) return;
    if (writer.rows > 0) await writer.flush();
    if (writer.length + bytes + 2 > writer.target.length) {
      throw new Error('an audit record is larger than a whole batch');
    }
  };
  const writeRow = async (row: RawRow) => {
    counts.read += 1;
    if ('issue' in row) return note([row.issue], row.source);
    const checked = toAuditRecord(row.value, row.line, options.environment, hashPerson);
    if (!checked.ok) return note(checked.issues, row.source);
    const serviceId =
      services.known(checked.record.service) ?? (await services.number(checked.record.service));
    await makeRoom(maxCopyRowBytes(checked.record));
    const end = writeCopyRow(writer.target, writer.length, checked.record, serviceId);
    if (wrote(end, checked.record.requestInAt.getTime())) await writer.flush();
  };

  for await (const group of groups) {
    if (Array.isArray(group)) {
      for (const row of group) await writeRow(row);
      continue;
    }
    const { bytes, bounds } = group;
    for (let i = 0; i < bounds.length; i += 2) {
      const start = bounds[i] as number;
      const end = bounds[i + 1] as number;
      const room = maxEncodedBytes(end - start);
      // A line longer than a whole batch is no plain record (its fields have limits): the general
      // path says what is wrong with it.
      if (room + copyFrameBytes > writer.target.length) {
        const row = jsonLineRow(group, i / 2);
        if (row) await writeRow(row);
        continue;
      }
      if (writer.length + room + 2 > writer.target.length) await makeRoom(room);
      let written = encodeJsonLine(bytes, start, end, writer.target, writer.length, context);
      if (written === serviceNotNumbered) {
        await services.number(context.unnumberedService);
        written = encodeJsonLine(bytes, start, end, writer.target, writer.length, context);
      }
      if (written >= 0) {
        counts.read += 1;
        if (wrote(written, context.requestIn)) await writer.flush();
        continue;
      }
      const row = jsonLineRow(group, i / 2);
      if (row) await writeRow(row);
    }
  }
}

/** `pakalpe audit import --dry-run`: what an import would report, with nothing loaded. */
export async function checkAuditRecords(
  rows: AsyncIterable<RowGroup>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const t = tally(options.maxIssues ?? 1000);
  await checkPass(rows, t, options, rememberingHasher(options.hashPerson));
  return t.summary(false);
}

/** Writes and drops every batch: the rows are checked exactly as an import would, and nothing is loaded. */
async function checkPass(
  rows: AsyncIterable<RowGroup>,
  t: Tally,
  options: ImportOptions,
  hashPerson: HashPerson,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(batchBytesFor(options));
  const writer: BatchWriter = {
    target: buffer,
    length: 0,
    rows: 0,
    months: new Set(),
    flush: async () => {
      options.onProgress?.({ ...t.counts });
      collectGarbageIfAbove(options.collectGarbageAboveBytes);
      startBatch(writer, buffer);
    },
  };
  startBatch(writer, buffer);
  await writeRows(rows, writer, t, options, hashPerson, serviceNumbersInMemory());
}

// Records average ~420 bytes in binary COPY; a batch also ends early when its buffer is full.
const batchBytesFor = (options: ImportOptions) =>
  Math.max((options.batchSize ?? defaultBatchSize) * 1024, 1024 * 1024);

/** `openRows` is called once, or twice in strict mode: each call must read the source from the start. */
export async function importAuditRecords(
  handle: DatabaseHandle,
  openRows: () => AsyncIterable<RowGroup>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const hashPerson = rememberingHasher(options.hashPerson);
  const t = tally(options.maxIssues ?? 1000);
  const { counts } = t;

  if (options.strict) {
    await checkPass(openRows(), t, options, hashPerson);
    if (counts.invalid > 0) return t.summary(false);
    Object.assign(counts, { read: 0, invalid: 0 });
  }

  const loader = await openBatchLoader(handle);
  // Batch n is loaded on lane n % lanes, and written into buffer n % (lanes + 1): while every lane loads
  // one batch, the spare buffer is being filled. Rows go straight into bytes, so a batch never lives
  // on the JS heap, and memory stays flat.
  const { lanes } = loader;
  const batchBytes = batchBytesFor(options);
  const buffers = Array.from({ length: lanes + 1 }, () => Buffer.allocUnsafe(batchBytes));
  const inFlight: Promise<void>[] = [];
  let number = 0;
  const bufferOf = (n: number) => buffers[n % buffers.length] as Buffer;
  const writer: BatchWriter = {
    target: bufferOf(0),
    length: 0,
    rows: 0,
    months: new Set(),
    flush: async () => {
      if (writer.rows === 0) return;
      const lane = number % lanes;
      // The lane's previous batch must be done; that also frees the buffer the next batch takes.
      await inFlight[lane];
      const { rows, months } = writer;
      const bytes = writer.target.subarray(0, writeCopyTrailer(writer.target, writer.length));
      const loading = loader.load(lane, { bytes, count: rows, months }).then((inserted) => {
        counts.inserted += inserted;
        counts.duplicates += rows - inserted;
        collectGarbageIfAbove(options.collectGarbageAboveBytes);
        options.onProgress?.({ ...counts });
      });
      // Handled here so a failure while later batches are written is not an unhandled rejection; the
      // next await of this lane still throws it.
      loading.catch(() => {});
      inFlight[lane] = loading;
      number += 1;
      startBatch(writer, bufferOf(number));
    },
  };
  startBatch(writer, bufferOf(0));
  try {
    await writeRows(openRows(), writer, t, options, hashPerson, await serviceNumbersIn(handle.db));
    await writer.flush();
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(inFlight);
    await loader.close();
  }
  return t.summary(true);
}

function monthAround(at: number): { start: number; end: number; key: string } {
  const date = new Date(at);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { start, end, key: monthOf(date) };
}

/**
 * The same people recur throughout a file (a test period has thousands of end users, not millions of
 * calls' worth), and an HMAC costs more than the rest of a row's validation: remember the last codes
 * for the duration of one import only, so no personal code outlives it in a long-running server.
 */
function rememberingHasher(hashPerson: HashPerson, capacity = 50_000): HashPerson {
  let known = new Map<string, Buffer>();
  return (code) => {
    let hash = known.get(code);
    if (hash === undefined) {
      if (known.size >= capacity) known = new Map();
      hash = hashPerson(code);
      known.set(code, hash);
    }
    return hash;
  };
}
