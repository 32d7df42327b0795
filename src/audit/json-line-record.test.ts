import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxCopyRowBytes, writeCopyRow } from './copy-binary.ts';
import { personHasher } from './end-user-hash.ts';
import { generateAuditRecords, seededRandom } from './generate-records.ts';
import {
  encodeJsonLine,
  type JsonLineContext,
  maxEncodedBytes,
  serviceNotNumbered,
} from './json-line-record.ts';
import { auditRecordInput, toAuditRecord } from './record.ts';
import { recordFields } from './record-fields.ts';

// The fast path may decline any line, but what it writes must be byte for byte what the general path
// (JSON.parse, the schema, writeCopyRow) writes for the same line, and it must never take a line the
// general path refuses.

const hashPerson = personHasher('json-line-test-secret-json-line-test');
const numbers = new Map<string, number>();
function serviceNumber(urn: string): number {
  if (!numbers.has(urn)) numbers.set(urn, 100 + numbers.size);
  return numbers.get(urn) as number;
}

function general(line: string): { bytes: Buffer; requestIn: number } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const checked = toAuditRecord(value, 1, 'test', hashPerson);
  if (!checked.ok) return null;
  const target = Buffer.alloc(maxCopyRowBytes(checked.record));
  const end = writeCopyRow(target, 0, checked.record, serviceNumber(checked.record.service));
  return { bytes: target.subarray(0, end), requestIn: checked.record.requestInAt.getTime() };
}

function fast(line: string | Buffer): { bytes: Buffer; requestIn: number } | null {
  const bytes = typeof line === 'string' ? Buffer.from(line) : line;
  // Written after some bytes already in the buffer, as in a batch.
  const target = Buffer.alloc(7 + maxEncodedBytes(bytes.length), 0xee);
  const context: JsonLineContext = {
    environment: 'test',
    hashPerson,
    serviceNumber: (urn) => numbers.get(urn),
    requestIn: 0,
    unnumberedService: '',
  };
  let end = encodeJsonLine(bytes, 0, bytes.length, target, 7, context);
  if (end === serviceNotNumbered) {
    serviceNumber(context.unnumberedService);
    end = encodeJsonLine(bytes, 0, bytes.length, target, 7, context);
  }
  return end === -1 ? null : { bytes: target.subarray(7, end), requestIn: context.requestIn };
}

/** 'fast' when the fast path wrote the line (and agreed), 'general' when it declined. */
function agrees(line: string | Buffer): 'fast' | 'general' {
  const text = typeof line === 'string' ? line : line.toString('utf8');
  const quick = fast(line);
  if (quick === null) return 'general';
  const slow = general(text);
  assert.ok(slow, `the fast path took a line the general path refuses: ${text}`);
  assert.deepEqual(quick.bytes, slow.bytes, text);
  assert.equal(quick.requestIn, slow.requestIn, text);
  return 'fast';
}

const generated = [
  ...generateAuditRecords({
    services: [
      { urn: 'URN:IVIS:100011:NRC.PersonasDati-V1-0', operations: ['SaņemtPersonasDatus', 'GET /x/{id}'] },
      { urn: 'URN:IVIS:100022:VSPA.Statuss-V2-13', operations: ['Get'] },
    ],
    start: new Date('2026-02-25T00:00:00Z'),
    days: 6,
    ratePerDay: 250,
    seed: 11,
    faultRate: 0.2,
  }),
].map((r) => JSON.stringify(r));
const base = JSON.parse(generated[0] as string) as Record<string, unknown>;
const variant = (changes: Record<string, unknown>) => JSON.stringify({ ...base, ...changes });

describe('JSON Lines fast path', () => {
  it('knows every field of the schema', () => {
    assert.deepEqual([...recordFields].sort(), Object.keys(auditRecordInput.shape).sort());
  });

  it('writes generated records — persons, end users, faults, Latvian letters — as the general path does', () => {
    let taken = 0;
    for (const line of generated) if (agrees(line) === 'fast') taken += 1;
    assert.ok(taken > generated.length * 0.95, `${taken} of ${generated.length} took the fast path`);
  });

  it('declines or agrees on odd values', () => {
    const changes: Record<string, unknown>[] = [
      { requestInAt: '2026-02-29T10:00:00Z' },
      { requestInAt: '2028-02-29T10:00:00.5+02:00' },
      { requestInAt: '2026-10-12T10:00:00.123456789Z', responseOutAt: undefined },
      { requestInAt: '2026-10-12T10:00:00-00:30', responseOutAt: undefined },
      { requestInAt: '1999-12-31T23:59:59Z' },
      { requestInAt: '2026-10-12T10:00Z' },
      { responseOutAt: '2020-01-01T00:00:00Z' },
      { responseOutAt: '2026-03-30T00:00:00Z' },
      { responseOutAt: null, requestOutAt: '', responseInAt: undefined },
      { messageId: ' padded' },
      { messageId: 'trailing ' },
      { consumerSystem: 'IS ' },
      { messageId: 'x'.repeat(200) },
      { messageId: 'x'.repeat(201) },
      { messageId: 'ā'.repeat(200) },
      { messageId: 'ā'.repeat(201) },
      { messageId: '' },
      { messageId: 42 },
      { messageId: '\u00a0x' },
      { operation: 'x\u2028' },
      { operation: '🙂 Saņemt' },
      { senderType: 'robot' },
      { senderType: 'legal_entity', senderId: '40003000000' },
      { senderType: 'employee', senderId: '010190-12345' },
      { senderType: 'inhabitant', senderId: 'ģ-12345' },
      { endUser: '010190-12345' },
      { endUser: '' },
      { endUser: null },
      { service: 'URN:IVIS:100011:X-V1' },
      { service: 'URN:IVIS:100011:A-V2-B-V1-0' },
      { service: 'URN:IVIS::X-V1-0' },
      { service: 'URN:IVIS:1:-V1-0' },
      { service: 'URN:IVIS:1:X-V-0' },
      { service: 'URN:IVIS:1:X_V1-0' },
      { result: 'SUCCESS' },
      { result: 'fault', faultCode: 'X-1', faultText: 'Kļūda' },
      { result: 'success', faultCode: 'X' },
      { result: 'success', faultCode: '' },
      { httpStatus: '200' },
      { httpStatus: ' 200' },
      { httpStatus: 99 },
      { httpStatus: 600 },
      { httpStatus: 200.5 },
      { httpStatus: null },
      { httpStatus: true },
      { requestSize: 2 ** 31 - 1 },
      { requestSize: 2 ** 31 },
      { requestSize: '00012' },
      { requestSize: -1 },
      { transactionId: '' },
      { extra: true, other: null, more: 12, nested: undefined },
    ];
    for (const c of changes) agrees(variant(c));
  });

  it('declines or agrees on JSON written by hand: spacing, repeated keys, escapes, odd numbers', () => {
    const line = generated[1] as string;
    const lines = [
      ` ${line.replaceAll(',', ' , ').replaceAll(':"', ' : "')} `,
      line.replace('{', '{"messageId":"first",'),
      line.replace('}', ',"messageId":"last"}'),
      line.replace('}', ',"unknown":{"a":1}}'),
      line.replace('}', ',"unknown":[1]}'),
      line.replace('}', ',"unknown":-1.5e3}'),
      line.replace('}', ',"unknown":0}'),
      line.replace('}', ',"unknown":01}'),
      line.replace('}', ',}'),
      line.replace('}', '} x'),
      line.replace('"messageId":"', '"messageId":"a\\u0062'),
      line.replace('"messageId"', '"message\\u0049d"'),
      line.replace('"messageId":"', '"messageId":"\t'),
      line.replace(',', ',\t'),
      `\uFEFF${line}`,
      line.slice(0, -1),
      '{}',
      '{"messageId":"x"}',
      'null',
      '[1,2]',
      '',
    ];
    for (const l of lines) agrees(l);
  });

  it('declines a line that is not UTF-8, which the general path reads with replacement characters', () => {
    const bytes = Buffer.from(variant({ operation: 'Saņemt' }));
    const at = bytes.indexOf(Buffer.from('ņ'));
    bytes[at + 1] = 0x41; // the second byte of ņ is no longer a continuation byte
    assert.equal(fast(bytes), null);
  });

  it('agrees on thousands of randomly damaged lines', () => {
    const random = seededRandom(7);
    let taken = 0;
    for (let n = 0; n < 4000; n += 1) {
      const bytes = Buffer.from(generated[n % generated.length] as string);
      for (let k = 0; k < 1 + Math.floor(random() * 3); k += 1) {
        bytes[Math.floor(random() * bytes.length)] = 32 + Math.floor(random() * 95);
      }
      if (agrees(bytes) === 'fast') taken += 1;
    }
    assert.ok(taken > 100, `${taken} damaged lines still took the fast path`);
  });
});
