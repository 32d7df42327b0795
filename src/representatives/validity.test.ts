import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signersAt } from './load-representatives.ts';
import { isInForceAt, rigaDayStart, statusAt, validitiesOverlap, validityInstant } from './validity.ts';

const d = (iso: string) => new Date(iso);
const v = (from: string, to: string | null) => ({ validFrom: d(from), validTo: to ? d(to) : null });

describe('when a representation is in force', () => {
  const jan = v('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');

  it('from its start (inclusive) to its end (exclusive)', () => {
    const cases: [string, boolean, string][] = [
      ['2025-12-31T23:59:59.999Z', false, 'future'],
      ['2026-01-01T00:00:00.000Z', true, 'active'],
      ['2026-01-31T23:59:59.999Z', true, 'active'],
      ['2026-02-01T00:00:00.000Z', false, 'ended'],
    ];
    for (const [at, inForce, status] of cases) {
      assert.equal(isInForceAt(jan, d(at)), inForce, at);
      assert.equal(statusAt(jan, d(at)), status, at);
    }
  });

  it('without an end it lasts', () => {
    const open = v('2026-01-01T00:00:00Z', null);
    assert.equal(statusAt(open, d('2099-01-01T00:00:00Z')), 'active');
    assert.equal(isInForceAt(open, d('2099-01-01T00:00:00Z')), true);
  });

  it('one ended at its start was never in force, and counts as ended even before that start', () => {
    const cancelled = v('2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    assert.equal(statusAt(cancelled, d('2026-06-01T00:00:00Z')), 'ended');
    assert.equal(isInForceAt(cancelled, d('2027-01-01T00:00:00Z')), false);
    assert.equal(validitiesOverlap(cancelled, v('2026-01-01T00:00:00Z', null)), false);
  });

  it('two intervals overlap only when some moment is in both', () => {
    const cases: [ReturnType<typeof v>, boolean][] = [
      [v('2026-02-01T00:00:00Z', null), false], // begins as January's ends
      [v('2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), false], // ends as January's begins
      [v('2026-01-31T00:00:00Z', '2026-03-01T00:00:00Z'), true],
      [v('2025-01-01T00:00:00Z', null), true],
      [v('2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z'), true],
    ];
    for (const [other, overlaps] of cases) {
      assert.equal(validitiesOverlap(jan, other), overlaps, JSON.stringify(other));
      assert.equal(validitiesOverlap(other, jan), overlaps, 'symmetric');
    }
    assert.equal(validitiesOverlap(v('2020-01-01T00:00:00Z', null), v('2030-01-01T00:00:00Z', null)), true);
  });

  it('a calendar day begins at 00:00 in Riga, in winter and in summer time', () => {
    assert.equal(rigaDayStart('2026-01-15').toISOString(), '2026-01-14T22:00:00.000Z');
    assert.equal(rigaDayStart('2026-07-15').toISOString(), '2026-07-14T21:00:00.000Z');
    // The days of the DST changes (last Sundays of March and October at 03:00/04:00 local).
    assert.equal(rigaDayStart('2026-03-29').toISOString(), '2026-03-28T22:00:00.000Z');
    assert.equal(rigaDayStart('2026-03-30').toISOString(), '2026-03-29T21:00:00.000Z');
    assert.equal(rigaDayStart('2026-10-25').toISOString(), '2026-10-24T21:00:00.000Z');
    assert.equal(rigaDayStart('2026-10-26').toISOString(), '2026-10-25T22:00:00.000Z');
    assert.equal(validityInstant('2026-01-15').toISOString(), '2026-01-14T22:00:00.000Z');
    assert.equal(validityInstant('2026-01-15T10:00:00+02:00').toISOString(), '2026-01-15T08:00:00.000Z');
  });

  it('the act names as signers the entries in force when it is issued', () => {
    const entry = (name: string, from: string, to: string | null) => ({
      personalCodeHash: '00',
      maskedCode: '010190-*****',
      name,
      position: null,
      ...v(from, to),
    });
    const register = [
      entry('Ended', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      entry('Current', '2026-01-01T00:00:00Z', null),
      entry('Future', '2027-01-01T00:00:00Z', null),
    ];
    assert.deepEqual(signersAt(register, d('2026-06-01T00:00:00Z')), [{ name: 'Current', position: null }]);
  });
});
