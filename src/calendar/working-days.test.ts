import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addWorkingDays,
  easterSunday,
  isWorkingDay,
  publicHolidays,
  workingDaysBetween,
} from './working-days.ts';

const adjust = (workingDays: string[] = [], holidays: string[] = []) => ({
  workingDays: new Set(workingDays),
  holidays: new Set(holidays),
});

describe('Latvian working-day calendar', () => {
  test('Easter Sunday: 2026-04-05, 2027-03-28, 2024-03-31, 2025-04-20', () => {
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
  });

  test('the Easter-dependent holidays of 2026 and 2027 are off: Good Friday, Easter Monday', () => {
    for (const day of ['2026-04-03', '2026-04-06', '2027-03-26', '2027-03-29']) {
      assert.equal(isWorkingDay(day), false, day);
    }
    assert.equal(isWorkingDay('2026-04-02'), true);
    assert.equal(isWorkingDay('2026-04-07'), true);
    assert.equal(isWorkingDay('2027-03-30'), true);
  });

  test('the fixed holidays of 2026 in order', () => {
    assert.deepEqual(
      publicHolidays(2026).map((h) => h.date),
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-05',
        '2026-04-06',
        '2026-05-01',
        '2026-05-04',
        '2026-06-23',
        '2026-06-24',
        '2026-11-18',
        '2026-12-24',
        '2026-12-25',
        '2026-12-26',
        '2026-12-31',
      ],
    );
  });

  test('4 May or 18 Nov on a weekend moves the day off to the Monday after', () => {
    // 2024-05-04 is a Saturday, 2025-05-04 a Sunday, 2028-11-18 a Saturday.
    assert.equal(isWorkingDay('2024-05-06'), false);
    assert.equal(isWorkingDay('2025-05-05'), false);
    assert.equal(isWorkingDay('2028-11-20'), false);
    // No move when the day is a weekday: Monday 2026-05-04 itself is off, Tuesday works.
    assert.equal(isWorkingDay('2026-05-05'), true);
    assert.equal(isWorkingDay('2026-11-19'), true);
  });

  test('weekends are off, ordinary weekdays work', () => {
    assert.equal(isWorkingDay('2026-12-05'), false);
    assert.equal(isWorkingDay('2026-12-06'), false);
    assert.equal(isWorkingDay('2026-12-07'), true);
  });

  test('adding a working day on the Thursday before Easter lands on the Tuesday after', () => {
    // Thursday 2026-04-02 10:00 Riga (EEST, 07:00 UTC).
    assert.equal(
      addWorkingDays(new Date('2026-04-02T07:00:00Z'), 1).toISOString(),
      '2026-04-07T07:00:00.000Z',
    );
  });

  test('a moved working day (a Saturday) counts', () => {
    assert.equal(isWorkingDay('2026-04-04', adjust(['2026-04-04'])), true);
    assert.equal(
      addWorkingDays(new Date('2026-04-02T07:00:00Z'), 1, adjust(['2026-04-04'])).toISOString(),
      '2026-04-04T07:00:00.000Z',
    );
  });

  test('an extra holiday is skipped', () => {
    // Tuesday 2026-11-17 + 1: Wednesday is 18 Nov, so Thursday; with Thursday made a holiday, Friday.
    const tuesday = new Date('2026-11-17T10:00:00Z');
    assert.equal(addWorkingDays(tuesday, 1).toISOString(), '2026-11-19T10:00:00.000Z');
    assert.equal(isWorkingDay('2026-11-19', adjust([], ['2026-11-19'])), false);
    assert.equal(
      addWorkingDays(tuesday, 1, adjust([], ['2026-11-19'])).toISOString(),
      '2026-11-20T10:00:00.000Z',
    );
  });

  test('Christmas to New Year: from 2026-12-23 five working days is 2027-01-05', () => {
    // Off: 24, 25, 26 (Sat), 27 (Sun), 31 Dec, 1 Jan, 2–3 Jan weekend. Working: 28, 29, 30 Dec, 4, 5 Jan.
    assert.equal(
      addWorkingDays(new Date('2026-12-23T08:00:00Z'), 5).toISOString(),
      '2027-01-05T08:00:00.000Z',
    );
  });

  test('working days between is the inverse of adding them', () => {
    const from = new Date('2026-04-01T09:00:00Z');
    for (const n of [0, 1, 2, 5, 10]) {
      assert.equal(workingDaysBetween(from, addWorkingDays(from, n)), n);
    }
    // Thursday 2 April and Tuesday 7 April (Good Friday, the weekend and Easter Monday are off).
    assert.equal(workingDaysBetween(from, new Date('2026-04-07T09:00:00Z')), 2);
  });
});
