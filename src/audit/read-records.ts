import { parse as parseCsv } from 'csv-parse';
import type { RowIssue } from './record.ts';

// Streaming readers for JSON Lines and CSV: they pull from the source as the consumer asks for rows
// (async iteration keeps backpressure end to end), so a 2 GB file never sits in memory. Rows come in
// groups — the rows of one chunk of input — because one await per row would cost the import more than
// reading the row. Each row keeps its 1-based line number for error reports.

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

/** Records already in memory (an API body, generated records) as rows numbered from 1, in groups. */
export async function* rowsOfValues(values: Iterable<unknown>, groupSize = 1000): AsyncIterable<RawRow[]> {
  let rows: RawRow[] = [];
  let line = 0;
  for (const value of values) {
    line += 1;
    rows.push({ line, value });
    if (rows.length === groupSize) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/**
 * JSON Lines of one stretch of input, left as bytes: the importer writes plain lines to the database
 * straight from them (json-line-record.ts) and decodes only the others. Line i (from 0) of the group is
 * `bytes[bounds[2i], bounds[2i + 1])` without its line end, and is line `firstLine + i` of the input.
 */
export type JsonLines = { bytes: Buffer; firstLine: number; bounds: number[]; source?: string };
/** What the importer reads: rows with their values (CSV, API bodies), or JSON Lines as bytes. */
export type RowGroup = RawRow[] | JsonLines;

export function readRecords(source: Chunks, format: RecordFormat): AsyncIterable<RowGroup> {
  return format === 'csv' ? readCsv(source) : splitJsonLines(source);
}

const lineEnd = (bytes: Buffer, start: number, end: number) =>
  end > start && bytes[end - 1] === 13 ? end - 1 : end;

/**
 * The lines of a byte stream, a group per chunk; `\r\n` and `\n` both end a line. Splitting the bytes
 * (a newline byte never occurs inside a multi-byte UTF-8 character) keeps each chunk as it came: a line
 * that spans two chunks is copied into a group of its own, so a chunk is never copied whole and no
 * string is made before the importer asks for one.
 */
export async function* splitJsonLines(source: Chunks): AsyncIterable<JsonLines> {
  let carry: Buffer | null = null;
  let line = 1;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    let end = bytes.indexOf(10);
    if (carry && end !== -1) {
      const joined = Buffer.concat([carry, bytes.subarray(0, end)]);
      carry = null;
      yield { bytes: joined, firstLine: line, bounds: [0, lineEnd(joined, 0, joined.length)] };
      line += 1;
      start = end + 1;
      end = bytes.indexOf(10, start);
    }
    const bounds: number[] = [];
    for (; end !== -1; end = bytes.indexOf(10, start)) {
      bounds.push(start, lineEnd(bytes, start, end));
      start = end + 1;
    }
    if (bounds.length > 0) {
      yield { bytes, firstLine: line, bounds };
      line += bounds.length / 2;
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      // A copy: the stream may reuse or keep its chunk, and a carry must not pin a whole chunk.
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
    }
  }
  if (carry && carry.length > 0)
    yield { bytes: carry, firstLine: line, bounds: [0, lineEnd(carry, 0, carry.length)] };
}

/** Line i of the group as text. */
export function lineText(group: JsonLines, i: number): string {
  return group.bytes.toString('utf8', group.bounds[2 * i], group.bounds[2 * i + 1]);
}

/** Lines as text, a group per chunk (see splitJsonLines). */
export async function* splitLines(source: Chunks): AsyncIterable<string[]> {
  for await (const group of splitJsonLines(source)) {
    yield Array.from({ length: group.bounds.length / 2 }, (_, i) => lineText(group, i));
  }
}

/** Line i of a group as a row: its JSON value, a problem, or null for a blank line. */
export function jsonLineRow(group: JsonLines, i: number): RawRow | null {
  const row = jsonRow(lineText(group, i), group.firstLine + i);
  if (row && group.source !== undefined) row.source = group.source;
  return row;
}

function jsonRow(text: string, line: number): RawRow | null {
  const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
  if (trimmed === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { line, issue: { line, field: '(row)', reason: `not valid JSON: ${(error as Error).message}` } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { line, issue: { line, field: '(row)', reason: 'expected one JSON object per line' } };
  }
  return { line, value };
}

/** JSON Lines parsed: rows with their values, a group per chunk. */
export async function* readJsonLines(source: Chunks): AsyncIterable<RawRow[]> {
  for await (const group of splitJsonLines(source)) {
    const rows: RawRow[] = [];
    for (let i = 0; i < group.bounds.length / 2; i += 1) {
      const row = jsonLineRow(group, i);
      if (row) rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}

/** CSV with a header row naming the fields (the same names as JSON); RFC 4180 quoting. */
export async function* readCsv(source: Chunks): AsyncIterable<RawRow[]> {
  let rows: RawRow[] = [];
  for await (const row of readCsvRows(source)) {
    rows.push(row);
    if (rows.length === csvGroup) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

const csvGroup = 500;

async function* readCsvRows(source: Chunks): AsyncIterable<RawRow> {
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
