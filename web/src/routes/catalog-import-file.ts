// Reading a test-catalog export in the browser before anything is sent: the file must be a JSON array
// of rows. Problems are returned as reasons the page puts into words, with the line and column of a
// syntax error where the browser's parser says where it stopped.

// As many rows as `POST /api/v1/catalog/import` accepts: the server's own constant.
import { maxImportRows } from '../../../src/catalog/schemas.ts';

export { maxImportRows };
/** The import's body limit on the server (20 MiB); a larger file would be refused anyway. */
export const maxImportBytes = 20 * 1024 * 1024;

export type ImportFileProblem =
  | { reason: 'tooLarge' }
  | { reason: 'unreadable' }
  | { reason: 'empty' }
  | { reason: 'syntax'; line: number | null; column: number | null }
  | { reason: 'notArray' }
  | { reason: 'noRows' }
  | { reason: 'tooManyRows'; count: number };

export type ImportFileResult = { ok: true; rows: unknown[] } | ({ ok: false } & ImportFileProblem);

/** Line and column (from 1) of a character offset in the text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Where a JSON.parse error says it stopped: V8 names the position, and newer V8s the line and column. */
function syntaxPosition(text: string, error: unknown): { line: number | null; column: number | null } {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/unexpected end/i.test(message)) return lineAndColumn(text, text.length);
  return { line: null, column: null };
}

export function parseImportText(raw: string): ImportFileResult {
  // Spreadsheet programs and some editors start UTF-8 files with a byte order mark.
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', ...syntaxPosition(text, error) };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'notArray' };
  if (value.length === 0) return { ok: false, reason: 'noRows' };
  if (value.length > maxImportRows) return { ok: false, reason: 'tooManyRows', count: value.length };
  return { ok: true, rows: value };
}

/** Reads a chosen file; files larger than the server takes are refused without reading them. */
export async function readImportFile(file: Blob): Promise<ImportFileResult> {
  if (file.size > maxImportBytes) return { ok: false, reason: 'tooLarge' };
  let text: string;
  try {
    text = await readText(file);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  return parseImportText(text);
}

/** FileReader rather than `Blob.text()`: every browser has it, and so does the test DOM. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file, 'utf-8');
  });
}
