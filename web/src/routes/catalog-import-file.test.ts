import { lineAndColumn, maxImportRows, parseImportText, readImportFile } from './catalog-import-file';

const row = { identifier: 'URN:IVIS:100011:NRC.Test-V1-0', name: 'Tests' };

test('reads a JSON array of rows, with or without a byte order mark', () => {
  expect(parseImportText(JSON.stringify([row, row]))).toEqual({ ok: true, rows: [row, row] });
  expect(parseImportText(`\uFEFF${JSON.stringify([row])}`)).toEqual({ ok: true, rows: [row] });
});

test('says where malformed JSON stops, as a line and a column', () => {
  const text = '[\n  {"identifier": "x",}\n]';
  const result = parseImportText(text);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.reason).toBe('syntax');
  if (result.reason !== 'syntax') return;
  expect(result.line).toBe(2);
  expect(result.column).toBeGreaterThan(1);
});

test('a cut-off file is a syntax error too', () => {
  expect(parseImportText('[{"identifier": "x"')).toMatchObject({ ok: false, reason: 'syntax' });
});

test.each([
  ['an empty file', '  \n', 'empty'],
  ['an object instead of an array', JSON.stringify(row), 'notArray'],
  ['an empty array', '[]', 'noRows'],
])('refuses %s', (_name, text, reason) => {
  expect(parseImportText(text)).toMatchObject({ ok: false, reason });
});

test('refuses more rows than the server imports at once', () => {
  const text = JSON.stringify(Array.from({ length: maxImportRows + 1 }, () => 1));
  expect(parseImportText(text)).toEqual({ ok: false, reason: 'tooManyRows', count: maxImportRows + 1 });
});

test('counts lines and columns from one', () => {
  expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
  expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
});

test('reads a chosen file', async () => {
  const file = new Blob([JSON.stringify([row])], { type: 'application/json' });
  expect(await readImportFile(file)).toEqual({ ok: true, rows: [row] });
  const broken = new Blob(['{"oops"'], { type: 'application/json' });
  expect(await readImportFile(broken)).toMatchObject({ ok: false, reason: 'syntax' });
});
