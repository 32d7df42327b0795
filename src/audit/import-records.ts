import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DatabaseHandle } from '../platform/db/connect.ts';
import { toCopyLine, toKeyLine } from './copy-format.ts';
import { openBatchLoader } from './load-batch.ts';
import { monthOf } from './partitions.ts';
import type { RawRow } from './read-records.ts';
import { type AuditEnvironment, type HashPerson, type RowIssue, toAuditRecord } from './record.ts';

// The import use case shared by the CLI and the API: validate every row, load the valid ones in
// batches (the next batch is parsed while the previous one loads), count what happened.

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
   * A full garbage collection after every this many batches (the CLI's long imports). Rows are
   * garbage once written into the batch buffer, but the ones alive during a young-generation
   * collection are promoted, and the old generation would grow by tens of megabytes before V8
   * collected it on its own; a collection every few batches keeps memory flat for a ~20 ms pause.
   */
  collectGarbageEvery?: number;
};

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

/** Reads and validates every row (pseudonymising as an import would) without touching a database. */
async function checkPass(
  rows: AsyncIterable<RawRow>,
  { counts, note }: Tally,
  options: ImportOptions,
  hashPerson: HashPerson,
): Promise<void> {
  const every = options.batchSize ?? defaultBatchSize;
  for await (const row of rows) {
    counts.read += 1;
    if ('issue' in row) note([row.issue], row.source);
    else {
      const checked = toAuditRecord(row.value, row.line, options.environment, hashPerson);
      if (!checked.ok) note(checked.issues, row.source);
    }
    if (counts.read % every === 0) {
      options.onProgress?.({ ...counts });
      const gcEvery = options.collectGarbageEvery;
      if (gcEvery && counts.read % (every * gcEvery) === 0) collectGarbage();
    }
  }
}

const defaultBatchSize = 5_000;

/** `pakalpe audit import --dry-run`: what an import would report, with nothing loaded. */
export async function checkAuditRecords(
  rows: AsyncIterable<RawRow>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const t = tally(options.maxIssues ?? 1000);
  await checkPass(rows, t, options, rememberingHasher(options.hashPerson));
  return t.summary(false);
}

/** `openRows` is called once, or twice in strict mode: each call must read the source from the start. */
export async function importAuditRecords(
  handle: DatabaseHandle,
  openRows: () => AsyncIterable<RawRow>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const hashPerson = rememberingHasher(options.hashPerson);
  const batchSize = options.batchSize ?? defaultBatchSize;
  // Records average ~700 bytes as COPY text; a batch also ends early when its buffer is full.
  const batchBytes = Math.max(batchSize * 1024, 1024 * 1024);
  const t = tally(options.maxIssues ?? 1000);
  const { counts, note } = t;

  if (options.strict) {
    await checkPass(openRows(), t, options, hashPerson);
    if (counts.invalid > 0) return t.summary(false);
    Object.assign(counts, { read: 0, invalid: 0 });
  }

  const loader = await openBatchLoader(handle);
  // Two fixed pairs of buffers take turns: one is being loaded while the next batch is written into the
  // other. Rows go straight into bytes, so a batch never lives on the JS heap as one big string.
  const keyBytes = Math.max(batchSize * 256, 256 * 1024);
  const buffers = [0, 1].map(() => ({
    rows: Buffer.allocUnsafe(batchBytes),
    keys: Buffer.allocUnsafe(keyBytes),
  }));
  let current = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let loadedBatches = 0;
  let batch = { length: 0, keyLength: 0, rows: 0, months: new Set<string>() };
  const flush = async () => {
    if (batch.rows === 0) return;
    await inFlight;
    const { rows, months, length, keyLength } = batch;
    const target = buffers[current] as { rows: Buffer; keys: Buffer };
    inFlight = loader
      .load({
        rows: target.rows.subarray(0, length),
        keys: target.keys.subarray(0, keyLength),
        count: rows,
        months,
      })
      .then((inserted) => {
        counts.inserted += inserted;
        counts.duplicates += rows - inserted;
        loadedBatches += 1;
        if (options.collectGarbageEvery && loadedBatches % options.collectGarbageEvery === 0) {
          collectGarbage();
        }
        options.onProgress?.({ ...counts });
      });
    // Handled here so a failure while the next batch is parsed is not an unhandled rejection; the
    // next `await inFlight` still throws it.
    inFlight.catch(() => {});
    current = 1 - current;
    batch = { length: 0, keyLength: 0, rows: 0, months: new Set() };
  };
  const write = (target: Buffer, at: number, line: string): number => {
    const written = target.write(line, at);
    if (written < Buffer.byteLength(line)) throw new Error('an audit record is larger than a whole batch');
    return written;
  };
  try {
    for await (const row of openRows()) {
      counts.read += 1;
      if ('issue' in row) {
        note([row.issue], row.source);
        continue;
      }
      const checked = toAuditRecord(row.value, row.line, options.environment, hashPerson);
      if (!checked.ok) {
        note(checked.issues, row.source);
        continue;
      }
      const line = toCopyLine(checked.record);
      const key = toKeyLine(checked.record);
      if (
        batch.length + Buffer.byteLength(line) > batchBytes ||
        batch.keyLength + Buffer.byteLength(key) > keyBytes
      ) {
        await flush();
      }
      const target = buffers[current] as { rows: Buffer; keys: Buffer };
      batch.length += write(target.rows, batch.length, line);
      batch.keyLength += write(target.keys, batch.keyLength, key);
      batch.rows += 1;
      batch.months.add(monthOf(checked.record.requestInAt));
      if (batch.rows >= batchSize) await flush();
    }
    await flush();
    await inFlight;
  } finally {
    await inFlight.catch(() => {});
    await loader.close();
  }
  return t.summary(true);
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
