import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  copyColumns,
  maxCopyRowBytes,
  writeCopyHeader,
  writeCopyRow,
  writeCopyTrailer,
} from './copy-binary.ts';
import type { AuditRecord } from './record.ts';

// The binary COPY bytes read back by a small decoder written from the PostgreSQL manual's description
// of the format; the database round trip of the same rows is in tests/audit.test.ts.

function decode(bytes: Buffer): (Buffer | null)[][] {
  assert.equal(bytes.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
  assert.equal(bytes.readInt32BE(11), 0, 'flags');
  assert.equal(bytes.readInt32BE(15), 0, 'header extension');
  const rows: (Buffer | null)[][] = [];
  let at = 19;
  for (;;) {
    const fields = bytes.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i += 1) {
      const length = bytes.readInt32BE(at);
      at += 4;
      row.push(length === -1 ? null : bytes.subarray(at, at + length));
      if (length > 0) at += length;
    }
    rows.push(row);
  }
  assert.equal(at, bytes.length, 'nothing after the trailer');
  return rows;
}

const record: AuditRecord = {
  environment: 'test',
  messageId: 'a\tb\\c\nd',
  transactionId: null,
  correlationId: 'ģērbšanās 🙂',
  senderType: 'system',
  senderIdentifier: 'CERT:X',
  consumerInstitution: '90000000022',
  consumerSystem: null,
  service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
  messageType: null,
  serviceInstanceId: null,
  operation: 'SaņemtPersonasDatus',
  requestInAt: new Date('2026-10-12T08:00:00.123Z'),
  requestOutAt: null,
  responseInAt: null,
  responseOutAt: new Date('2026-10-12T08:00:01.000Z'),
  durationMs: 877,
  requestSize: 0,
  responseSize: 2 ** 31 - 1,
  result: 'fault',
  faultCode: 'VAL-001',
  faultSeverity: null,
  faultText: 'Kļūda',
  httpStatus: 500,
  endUserHash: Buffer.alloc(32, 7),
};

function encode(records: AuditRecord[]): Buffer {
  const bytes = Buffer.alloc(records.reduce((n, r) => n + maxCopyRowBytes(r), 21));
  let at = writeCopyHeader(bytes, 0);
  for (const r of records) {
    const end = writeCopyRow(bytes, at, r, 41);
    assert.ok(end - at <= maxCopyRowBytes(r), 'the size bound holds');
    at = end;
  }
  return bytes.subarray(0, writeCopyTrailer(bytes, at));
}

describe('binary COPY rows', () => {
  it('writes every column in order: UTF-8 text unescaped, nulls as -1, integers and times as numbers', () => {
    const [row, second] = decode(encode([record, { ...record, httpStatus: null, endUserHash: null }]));
    assert.ok(row && second);
    assert.equal(row.length, copyColumns.length);
    const field = (name: (typeof copyColumns)[number]) => row[copyColumns.indexOf(name)];
    assert.equal(field('message_id')?.toString(), 'a\tb\\c\nd');
    assert.equal(field('correlation_id')?.toString(), 'ģērbšanās 🙂');
    assert.equal(field('transaction_id'), null);
    // Microseconds since 2000-01-01 UTC.
    const micros = field('request_in_at')?.readBigInt64BE(0);
    assert.equal(micros, BigInt(Date.parse('2026-10-12T08:00:00.123Z') - Date.UTC(2000, 0, 1)) * 1000n);
    assert.equal(field('duration_ms')?.readInt32BE(0), 877);
    assert.equal(field('service_id')?.readInt32BE(0), 41);
    assert.equal(field('response_size')?.readInt32BE(0), 2 ** 31 - 1);
    assert.equal(field('http_status')?.readInt16BE(0), 500);
    assert.deepEqual(field('end_user_hash'), Buffer.alloc(32, 7));
    assert.equal(second[copyColumns.indexOf('http_status')], null);
    assert.equal(second[copyColumns.indexOf('end_user_hash')], null);
  });
});
