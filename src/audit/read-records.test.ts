import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineText, type RawRow, readCsv, readJsonLines, splitJsonLines, splitLines } from './read-records.ts';

/** Every item of every group, in order. */
async function collect<T>(groups: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const group of groups) out.push(...group);
  return out;
}

/** The text cut into byte chunks of `size`, splitting multi-byte letters between chunks. */
function chunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('streaming readers', () => {
  it('splits lines across chunk boundaries without breaking Latvian letters, CRLF or not', async () => {
    const text = 'ģērbšanās\r\nčūska\nņ';
    for (const size of [1, 2, 3, 5, 100]) {
      assert.deepEqual(await collect(splitLines(chunks(text, size))), ['ģērbšanās', 'čūska', 'ņ']);
    }
  });

  it('JSON Lines: keeps line numbers over blank lines and reports broken lines by number', async () => {
    const rows = await collect(readJsonLines(chunks('\uFEFF{"a":1}\n\n{"a":\n[1]\n{"a":2}', 4)));
    const view = rows.map((r: RawRow) => ('issue' in r ? [r.line, 'issue'] : [r.line, r.value]));
    assert.deepEqual(view, [
      [1, { a: 1 }],
      [3, 'issue'],
      [4, 'issue'],
      [5, { a: 2 }],
    ]);
  });

  it('CSV: header names the fields, quoted cells may hold commas and newlines, a short row is reported', async () => {
    const csv = 'messageId,faultText\nm1,"Kļūda, ar komatu"\nm2,"divas\nrindas"\nm3\n';
    const rows = await collect(readCsv(chunks(csv, 7)));
    assert.deepEqual(rows[0], { line: 2, value: { messageId: 'm1', faultText: 'Kļūda, ar komatu' } });
    assert.deepEqual(rows[1], { line: 4, value: { messageId: 'm2', faultText: 'divas\nrindas' } });
    assert.ok('issue' in (rows[2] as RawRow));
    assert.equal(rows[2]?.line, 5);
  });

  it('keeps the lines of a chunk together as bytes; a line across two chunks becomes a group of its own', async () => {
    const text = Array.from({ length: 6 }, (_, i) => `{"n":${i}}\n`).join('');
    const groups: [number, string[]][] = [];
    for await (const group of splitJsonLines([text.slice(0, 20), text.slice(20)])) {
      groups.push([
        group.firstLine,
        Array.from({ length: group.bounds.length / 2 }, (_, i) => lineText(group, i)),
      ]);
    }
    assert.deepEqual(groups, [
      [1, ['{"n":0}', '{"n":1}']],
      [3, ['{"n":2}']],
      [4, ['{"n":3}', '{"n":4}', '{"n":5}']],
    ]);
  });

  it('CSV with an unclosed quote stops with the line number', async () => {
    await assert.rejects(collect(readCsv(['a,b\n1,"open\n'])), /CSV cannot be read/);
  });
});
