import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCopyLine } from './copy-format.ts';
import { type RawRow, readCsv, readJsonLines, splitLines } from './read-records.ts';
import type { AuditRecord } from './record.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
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

  it('CSV with an unclosed quote stops with the line number', async () => {
    await assert.rejects(collect(readCsv(['a,b\n1,"open\n'])), /CSV cannot be read/);
  });
});

describe('COPY text rows', () => {
  it('escapes tabs, newlines and backslashes, and writes nulls as \\N', () => {
    const record = {
      environment: 'test',
      messageId: 'a\tb',
      transactionId: null,
      correlationId: null,
      senderType: 'system',
      senderIdentifier: 'C:\\certs',
      consumerInstitution: '9',
      consumerSystem: null,
      service: 'URN:IVIS:1:X-V1-0',
      messageType: null,
      serviceInstanceId: null,
      operation: 'op\nx',
      requestInAt: new Date('2026-10-01T00:00:00Z'),
      requestOutAt: null,
      responseInAt: null,
      responseOutAt: null,
      durationMs: 5,
      requestSize: null,
      responseSize: null,
      result: 'success',
      faultCode: null,
      faultSeverity: null,
      faultText: null,
      httpStatus: 200,
      endUserHash: Buffer.from([0xab, 0x01]),
    } satisfies AuditRecord;
    const cells = toCopyLine(record).slice(0, -1).split('\t');
    assert.equal(cells.length, 25);
    assert.equal(cells[1], 'a\\tb');
    assert.equal(cells[2], '\\N');
    assert.equal(cells[5], 'C:\\\\certs');
    assert.equal(cells[11], 'op\\nx');
    assert.equal(cells[24], '\\\\xab01');
  });
});
