import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../platform/errors.ts';
import { addWorkingDays } from './reply-by.ts';
import { allowedActions, isOverdue, nextStatus, replyByAfter } from './status.ts';

describe('consultation status', () => {
  const cases = [
    ['open', 'message', 'institution', 'open'],
    ['answered', 'message', 'institution', 'open'],
    ['closed', 'message', 'institution', 'open'],
    ['open', 'message', 'agency', 'answered'],
    ['answered', 'message', 'agency', 'answered'],
    ['closed', 'message', 'agency', 'answered'],
    ['open', 'close', 'institution', 'closed'],
    ['answered', 'close', 'agency', 'closed'],
  ] as const;
  for (const [from, action, party, to] of cases) {
    test(`${party} ${action} on ${from} → ${to}`, () => {
      assert.equal(nextStatus(from, action, party), to);
    });
  }

  test('a closed ticket cannot be closed again', () => {
    assert.throws(
      () => nextStatus('closed', 'close', 'agency'),
      (e: unknown) => e instanceof AppError && e.code === 'invalid_transition',
    );
    assert.deepEqual(allowedActions('closed', 'institution'), ['message']);
    assert.deepEqual(allowedActions('open', 'agency'), ['message', 'close']);
  });

  test('reply-by is set when the ticket becomes open, kept while open, cleared otherwise', () => {
    const deadline = new Date('2026-12-01T10:00:00Z');
    const earlier = new Date('2026-11-30T10:00:00Z');
    assert.equal(
      replyByAfter('answered', 'open', null, () => deadline),
      deadline,
    );
    assert.equal(
      replyByAfter('closed', 'open', null, () => deadline),
      deadline,
    );
    assert.equal(
      replyByAfter('open', 'open', earlier, () => deadline),
      earlier,
    );
    assert.equal(
      replyByAfter('open', 'answered', earlier, () => deadline),
      null,
    );
    assert.equal(
      replyByAfter('open', 'closed', earlier, () => deadline),
      null,
    );
  });

  test('only an open ticket past its reply-by is overdue', () => {
    const replyBy = new Date('2026-12-01T10:00:00Z');
    assert.equal(isOverdue('open', replyBy, new Date('2026-12-01T10:00:01Z')), true);
    assert.equal(isOverdue('open', replyBy, new Date('2026-12-01T09:59:59Z')), false);
    assert.equal(isOverdue('answered', replyBy, new Date('2026-12-02T00:00:00Z')), false);
  });
});

describe('reply-by working days (Europe/Riga)', () => {
  test('two working days from a Wednesday is Friday, same Riga time', () => {
    // 2026-11-25 is a Wednesday; 14:00 in Riga (EET, UTC+2) is 12:00 UTC.
    assert.equal(
      addWorkingDays(new Date('2026-11-25T12:00:00Z'), 2).toISOString(),
      '2026-11-27T12:00:00.000Z',
    );
  });

  test('from Thursday the weekend is skipped', () => {
    assert.equal(
      addWorkingDays(new Date('2026-11-26T08:30:00Z'), 2).toISOString(),
      '2026-11-30T08:30:00.000Z',
    );
  });

  test('a ticket opened on Saturday is due on Tuesday', () => {
    assert.equal(
      addWorkingDays(new Date('2026-11-28T09:00:00Z'), 2).toISOString(),
      '2026-12-01T09:00:00.000Z',
    );
  });

  test('the Riga date counts, not the UTC date: Friday 23:30 UTC is already Saturday in Riga', () => {
    // Saturday 01:30 Riga → Monday, Tuesday → Tuesday 01:30 Riga = Monday 23:30 UTC.
    assert.equal(
      addWorkingDays(new Date('2026-11-27T23:30:00Z'), 2).toISOString(),
      '2026-11-30T23:30:00.000Z',
    );
  });

  test('across the switch to summer time the Riga wall-clock time is kept', () => {
    // Friday 2026-03-27 10:00 EET (08:00 UTC) → Tuesday 2026-03-31 10:00 EEST (07:00 UTC).
    assert.equal(
      addWorkingDays(new Date('2026-03-27T08:00:00Z'), 2).toISOString(),
      '2026-03-31T07:00:00.000Z',
    );
  });
});
