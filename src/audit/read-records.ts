import { parse as parseCsv } from 'csv-parse';
import type { RowIssue } from './record.ts';

// Streaming readers for JSON Lines and CSV: they pull from the source as the consumer asks for rows
// (async iteration keeps backpressure end to end), so a 2 GB file never sits in memory. Each row keeps
// its 1-based line number for error reports.

export type RawRow =
  | { line: number; value: unknown; source?: string }
  | { line: number; issue: RowIssue; source?: string };
export type RecordFormat = 'jsonl' | 'csv';
type Chunks = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export function formatOfFile(name: string): RecordFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return null;
}

export function readRecords(source: Chunks, format: RecordFormat): AsyncIterable<RawRow> {
  return format === 'csv' ? readCsv(source) : readJsonLines(source);
}

/**
 * Lines of a byte stream, each decoded as UTF-8 on its own; `\r\n` and `\n` both end a line. Splitting
 * the bytes (a newline byte never occurs inside a multi-byte UTF-8 character) keeps every string as
 * small as one line: concatenating decoded chunks would make large strings that only a full garbage
 * collection frees, and cost the import tens of megabytes.
 */
export async function* splitLines(source: Chunks): AsyncIterable<string> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
      if (carry) {
        yield lineOf(Buffer.concat([carry, bytes.subarray(0, end)]), 0, end + carry.length);
        carry = null;
      } else yield lineOf(bytes, start, end);
      start = end + 1;
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      // A copy: the stream may reuse or keep its chunk, and a carry must not pin a whole chunk.
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
    }
  }
  if (carry && carry.length > 0) yield lineOf(carry, 0, carry.length);
}

function lineOf(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
}

export async function* readJsonLines(source: Chunks): AsyncIterable<RawRow> {
  let line = 0;
  for await (const text of splitLines(source)) {
    line += 1;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield { line, issue: { line, field: '(row)', reason: `not valid JSON: ${(error as Error).message}` } };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, issue: { line, field: '(row)', reason: 'expected one JSON object per line' } };
      continue;
    }
    yield { line, value };
  }
}

/** CSV with a header row naming the fields (the same names as JSON); RFC 4180 quoting. */
export async function* readCsv(source: Chunks): AsyncIterable<RawRow> {
  const parser = parseCsv({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      const line = info.lines;
      if (record.length !== header.length) {
        yield {
          line,
          issue: {
            line,
            field: '(row)',
            reason: `expected ${header.length} cells as in the header, found ${record.length}`,
          },
        };
        continue;
      }
      const value: Record<string, string> = {};
      header.forEach((name, i) => {
        value[name] = record[i] ?? '';
      });
      yield { line, value };
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new Error(`CSV cannot be read${lines ? ` at line ${lines}` : ''}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await feeding;
  }
}
