import type { DatabaseHandle } from '../platform/db/connect.ts';
import { toCopyLine } from './copy-format.ts';
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
};

/** `openRows` is called once, or twice in strict mode: each call must read the source from the start. */
export async function importAuditRecords(
  handle: DatabaseHandle,
  openRows: () => AsyncIterable<RawRow>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const maxIssues = options.maxIssues ?? 1000;
  const batchSize = options.batchSize ?? (handle.kind === 'postgres' ? 5_000 : 5_000);
  // Records average ~700 bytes as COPY text; a batch also ends early when its buffer is full.
  const batchBytes = Math.max(batchSize * 1024, 1024 * 1024);
  const counts: ImportCounts = { read: 0, inserted: 0, duplicates: 0, invalid: 0 };
  const issues: RowIssue[] = [];
  let issuesTruncated = false;
  const note = (rowIssues: RowIssue[], source: string | undefined) => {
    counts.invalid += 1;
    for (const issue of rowIssues) {
      if (issues.length < maxIssues) issues.push(source ? { ...issue, source } : issue);
      else issuesTruncated = true;
    }
  };

  if (options.strict) {
    for await (const row of openRows()) {
      counts.read += 1;
      if ('issue' in row) note([row.issue], row.source);
      else {
        const checked = toAuditRecord(row.value, row.line, options.environment, options.hashPerson);
        if (!checked.ok) note(checked.issues, row.source);
      }
      if (counts.read % batchSize === 0) options.onProgress?.({ ...counts });
    }
    if (counts.invalid > 0) return { ...counts, loaded: false, issues, issuesTruncated };
    Object.assign(counts, { read: 0, invalid: 0 });
  }

  const loader = await openBatchLoader(handle);
  // Two fixed buffers take turns: one is being loaded while the next batch is written into the other.
  // Rows go straight into bytes, so a batch never lives on the JS heap as one big string.
  const buffers = [Buffer.allocUnsafe(batchBytes), Buffer.allocUnsafe(batchBytes)];
  let current = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let batch = { length: 0, rows: 0, months: new Set<string>(), ids: new Set<string>() };
  const flush = async () => {
    if (batch.rows === 0) return;
    await inFlight;
    const { rows, months, length } = batch;
    inFlight = loader.load((buffers[current] as Buffer).subarray(0, length), months).then((inserted) => {
      counts.inserted += inserted;
      counts.duplicates += rows - inserted;
      options.onProgress?.({ ...counts });
    });
    // Handled here so a failure while the next batch is parsed is not an unhandled rejection; the
    // next `await inFlight` still throws it.
    inFlight.catch(() => {});
    current = 1 - current;
    batch = { length: 0, rows: 0, months: new Set(), ids: new Set() };
  };
  try {
    for await (const row of openRows()) {
      counts.read += 1;
      if ('issue' in row) {
        note([row.issue], row.source);
        continue;
      }
      const checked = toAuditRecord(row.value, row.line, options.environment, options.hashPerson);
      if (!checked.ok) {
        note(checked.issues, row.source);
        continue;
      }
      // A message id repeated inside one batch is dropped here; across batches the key table decides.
      if (batch.ids.has(checked.record.messageId)) {
        counts.duplicates += 1;
        continue;
      }
      const line = toCopyLine(checked.record);
      if (batch.length + Buffer.byteLength(line) > batchBytes) await flush();
      const target = buffers[current] as Buffer;
      const written = target.write(line, batch.length);
      if (written < Buffer.byteLength(line)) throw new Error('an audit record is larger than a whole batch');
      batch.length += written;
      batch.rows += 1;
      batch.ids.add(checked.record.messageId);
      batch.months.add(monthOf(checked.record.requestInAt));
      if (batch.rows >= batchSize) await flush();
    }
    await flush();
    await inFlight;
  } finally {
    await inFlight.catch(() => {});
    await loader.close();
  }
  return { ...counts, loaded: true, issues, issuesTruncated };
}
