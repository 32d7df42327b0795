import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personHasher } from './end-user-hash.ts';
import { toAuditRecord } from './record.ts';

const hash = personHasher('unit-test-secret-unit-test-secret');

const row = (overrides: Record<string, unknown> = {}) => ({
  messageId: 'm-1',
  senderType: 'system',
  senderId: 'CERT:IS',
  consumerInstitution: '90000000022',
  service: 'URN:IVIS:100011:NRC.PersonasDati-V1-0',
  operation: 'SaņemtPersonasDatus',
  requestInAt: '2026-10-12T10:00:00.000+03:00',
  responseOutAt: '2026-10-12T07:00:00.250Z',
  result: 'success',
  ...overrides,
});

describe('audit record validation', () => {
  it('keeps the instant whatever zone it was written in, and derives the duration', () => {
    const r = toAuditRecord(row(), 1, 'test', hash);
    assert.ok(r.ok);
    assert.equal(r.record.requestInAt.toISOString(), '2026-10-12T07:00:00.000Z');
    assert.equal(r.record.durationMs, 250);
    assert.equal(r.record.endUserHash, null);
  });

  it('never keeps a personal code: persons are stored as a keyed hash, the same person hashing alike', () => {
    const a = toAuditRecord(row({ senderType: 'inhabitant', senderId: '010190-12345' }), 1, 'test', hash);
    const b = toAuditRecord(row({ senderType: 'system', endUser: '01019012345' }), 2, 'test', hash);
    assert.ok(a.ok && b.ok);
    assert.ok(!JSON.stringify(a.record).includes('12345'));
    assert.match(a.record.senderIdentifier, /^hmac:[0-9a-f]{64}$/);
    assert.deepEqual(a.record.endUserHash, b.record.endUserHash);
    const other = personHasher('another-secret-another-secret-xx')('010190-12345');
    assert.notDeepEqual(a.record.endUserHash, other, 'the hash depends on the server secret');
  });

  it('reads CSV cells: numbers as text, empty cells as absent', () => {
    const r = toAuditRecord(
      row({ requestSize: '1200', httpStatus: '200', faultCode: '', transactionId: '' }),
      3,
      'test',
      hash,
    );
    assert.ok(r.ok);
    assert.equal(r.record.requestSize, 1200);
    assert.equal(r.record.httpStatus, 200);
    assert.equal(r.record.faultCode, null);
    assert.equal(r.record.transactionId, null);
  });

  it('reports each problem with the line, the field and the reason', () => {
    const r = toAuditRecord(
      row({ requestInAt: '2026-10-12 10:00', senderType: 'robot', service: 'svc', httpStatus: 42 }),
      17,
      'test',
      hash,
    );
    assert.ok(!r.ok);
    assert.deepEqual(r.issues.map((i) => [i.line, i.field]).sort(), [
      [17, 'httpStatus'],
      [17, 'requestInAt'],
      [17, 'senderType'],
      [17, 'service'],
    ]);
    assert.ok(r.issues.every((i) => i.reason.length > 0));
  });

  it('refuses a response that ends before the request began, and a fault code on a success', () => {
    const r = toAuditRecord(
      row({ responseOutAt: '2026-10-12T06:59:59.000Z', faultCode: 'X' }),
      2,
      'test',
      hash,
    );
    assert.ok(!r.ok);
    assert.deepEqual(r.issues.map((i) => i.field).sort(), ['faultCode', 'responseOutAt']);
  });

  it('refuses a time without a zone and a year no partition should hold', () => {
    for (const requestInAt of ['2026-10-12T10:00:00', '1970-01-01T00:00:00Z']) {
      const r = toAuditRecord(row({ requestInAt, responseOutAt: undefined }), 1, 'test', hash);
      assert.ok(!r.ok, requestInAt);
    }
  });
});
