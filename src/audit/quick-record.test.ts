import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateAuditRecords } from './generate-records.ts';
import { quickParse } from './quick-record.ts';
import { auditRecordInput, senderTypes } from './record.ts';

// The fast path may decline anything, but what it accepts it must accept exactly as zod does.

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

function agrees(raw: unknown): 'quick' | 'zod' {
  const quick = quickParse(raw);
  const zod = auditRecordInput.safeParse(raw);
  if (quick === null) return 'zod';
  assert.ok(
    zod.success,
    `quick path accepted what zod refuses: ${JSON.stringify(raw)} ${JSON.stringify(!zod.success && zod.error.issues)}`,
  );
  assert.deepEqual(plain(quick), plain(zod.data), JSON.stringify(raw));
  return 'quick';
}

const generated = [
  ...generateAuditRecords({
    services: [{ urn: 'URN:IVIS:100011:NRC.PersonasDati-V1-0', operations: ['Get', 'GET /x/{id}'] }],
    start: new Date('2026-02-20T00:00:00Z'),
    days: 12,
    ratePerDay: 300,
    seed: 5,
  }),
];

const mutations: Record<string, unknown>[] = [
  { requestInAt: '2026-10-12T24:00:00Z' },
  { requestInAt: '2026-02-29T10:00:00Z' },
  { requestInAt: '2026-02-30T10:00:00Z' },
  { requestInAt: '2028-02-29T10:00:00Z' },
  { requestInAt: '2026-10-12T10:00:00+0200' },
  { requestInAt: '2026-10-12T10:00:00+14:00' },
  { requestInAt: '2026-10-12T10:00:00.123456789Z' },
  { requestInAt: '2026-10-12T10:00Z' },
  { requestInAt: '2026-10-12 10:00:00Z' },
  { requestInAt: '1999-12-31T23:59:59Z' },
  { requestInAt: '2100-01-01T00:00:00Z' },
  { messageId: ' padded ' },
  { messageId: 'x'.repeat(200) },
  { messageId: 'x'.repeat(201) },
  { messageId: '' },
  { messageId: 42 },
  { operation: '\u00a0op' },
  { senderType: 'robot' },
  { senderType: 'legal_entity', senderId: '40003000000' },
  { service: 'URN:IVIS:100011:X-V1' },
  { service: ' URN:IVIS:100011:X-V1-0' },
  { result: 'SUCCESS' },
  { httpStatus: '200' },
  { httpStatus: ' 200 ' },
  { httpStatus: 99 },
  { httpStatus: 600 },
  { httpStatus: 200.5 },
  { httpStatus: null },
  { requestSize: '-1' },
  { requestSize: '' },
  { requestSize: 2 ** 31 },
  { transactionId: '' },
  { transactionId: null },
  { faultCode: 'X', result: 'success' },
  { faultCode: '', result: 'success' },
  { responseOutAt: '2020-01-01T00:00:00Z' },
  { responseOutAt: '' },
  { endUser: '010190-12345' },
  { endUser: ' 010190-12345' },
  { extra: 'ignored' },
];

describe('the fast validation path', () => {
  it('lists the same sender types as the schema', () => {
    for (const type of senderTypes)
      assert.notEqual(quickParse({ ...generated[0], senderType: type }), null, type);
  });

  it('takes generated records as zod does, as JSON and as CSV cells (all text)', () => {
    let quick = 0;
    for (const r of generated) {
      if (agrees(r) === 'quick') quick += 1;
      const cells = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]));
      agrees(cells);
    }
    assert.ok(quick > generated.length * 0.9, 'most plain records take the fast path');
  });

  it('declines or agrees on odd and broken rows', () => {
    const base = generated[0] as Record<string, unknown>;
    for (const m of mutations) agrees({ ...base, ...m });
    for (const broken of [null, [], 'text', 42, {}]) assert.equal(quickParse(broken), null);
  });
});
