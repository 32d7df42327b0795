import {
  editFormOf,
  endBody,
  firstDayOf,
  invalidEditFields,
  invalidRepresentativeFields,
  lastDayOf,
  newRepresentativeBody,
  representativeChangeBody,
} from './representatives-model';

// Days as people say them ("the last day is 31 December") against the server's [start, end) instants.

const entry = {
  name: 'Pēteris Liepa',
  position: 'IT nodaļas vadītājs',
  validFrom: '2025-12-31T22:00:00.000Z', // 1 Jan 2026, 00:00 in Riga
  validTo: '2026-07-31T21:00:00.000Z', // 1 Aug 2026, 00:00 in Riga (summer time)
};

test('an end at a Riga midnight reads as the day before; an end at a moment as that moment', () => {
  expect(firstDayOf(entry.validFrom)).toEqual({ kind: 'day', day: '2026-01-01' });
  expect(lastDayOf(entry.validTo)).toEqual({ kind: 'day', day: '2026-07-31' });
  expect(lastDayOf('2026-12-03T12:34:00.000Z')).toEqual({ kind: 'moment', iso: '2026-12-03T12:34:00.000Z' });
  expect(lastDayOf(null)).toBeNull();
});

test('a new entry sends the day after its last day, and leaves out what is empty', () => {
  const form = {
    personalCode: ' 010190-12345 ',
    name: ' Ilze ',
    position: '',
    firstDay: '',
    lastDay: '2026-12-31',
  };
  expect(newRepresentativeBody(form)).toEqual({
    personalCode: '010190-12345',
    name: 'Ilze',
    validTo: '2027-01-01',
  });
  expect(invalidRepresentativeFields(form)).toEqual([]);
  expect(
    invalidRepresentativeFields({ ...form, personalCode: '12345', name: ' ', firstDay: '2027-01-02' }),
  ).toEqual(['personalCode', 'name', 'lastDay']);
});

test('an edit sends only what changed, a changed period needs a reason', () => {
  const form = editFormOf(entry);
  expect(form).toEqual({
    name: 'Pēteris Liepa',
    position: 'IT nodaļas vadītājs',
    firstDay: '2026-01-01',
    lastDay: '2026-07-31',
    reason: '',
  });
  expect(representativeChangeBody(entry, form)).toEqual({});
  expect(representativeChangeBody(entry, { ...form, position: '' })).toEqual({ position: null });
  const longer = { ...form, lastDay: '' };
  expect(representativeChangeBody(entry, longer)).toEqual({ validTo: null });
  expect(invalidEditFields(entry, longer)).toEqual(['reason']);
  expect(invalidEditFields(entry, { ...longer, reason: 'Beztermiņa pilnvara' })).toEqual([]);
});

test('ending now sends no date; ending on a day sends the day after', () => {
  expect(endBody({ reason: ' Atbrīvots ', lastDay: '' })).toEqual({ reason: 'Atbrīvots' });
  expect(endBody({ reason: 'Atbrīvots', lastDay: '2026-11-30' })).toEqual({
    reason: 'Atbrīvots',
    validTo: '2026-12-01',
  });
});
