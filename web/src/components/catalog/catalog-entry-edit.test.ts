import { type EntryEditForm, entryChangeBody, invalidEntryFields } from './catalog-entry-edit';

const service = {
  id: '0190a1b2-0000-7000-8000-000000000001',
  entryVersion: 4,
  name: 'Personas datu izsniegšana',
  description: 'Izsniedz personas datus.',
  endpointUrl: 'https://viss.example.lv/persons',
  status: 'active',
  deprecationNotice: null,
} as Parameters<typeof entryChangeBody>[0];

const form = (changes: Partial<EntryEditForm> = {}): EntryEditForm => ({
  name: service.name,
  description: service.description,
  endpointUrl: service.endpointUrl ?? '',
  status: service.status,
  deprecationNotice: '',
  reason: 'Aizstāj V2.',
  ...changes,
});

test('a deprecation needs a notice, and every change a reason', () => {
  expect(invalidEntryFields(form())).toEqual([]);
  expect(invalidEntryFields(form({ status: 'deprecated', reason: ' ' }))).toEqual([
    'deprecationNotice',
    'reason',
  ]);
  expect(invalidEntryFields(form({ name: 'X', endpointUrl: 'viss.example.lv' }))).toEqual([
    'name',
    'endpointUrl',
  ]);
});

test('sends the version read, the reason and only what changed', () => {
  expect(
    entryChangeBody(service, form({ status: 'deprecated', deprecationNotice: ' Lietojiet V2. ' })),
  ).toEqual({
    entryVersion: 4,
    reason: 'Aizstāj V2.',
    status: 'deprecated',
    deprecationNotice: 'Lietojiet V2.',
  });
  expect(entryChangeBody(service, form({ endpointUrl: '' }))).toEqual({
    entryVersion: 4,
    reason: 'Aizstāj V2.',
    endpointUrl: null,
  });
});
