import { stateTexts } from '../../../src/requests/workflow-texts.ts';
import { listFiltersFrom, listQueryOf, pageSize, searchParamsOf } from './requests-list-filters';

const states = Object.entries(stateTexts).map(([id, t]) => ({ id, step: t.step }));

describe('request list filters', () => {
  it('reads defaults from an empty URL and writes nothing back', () => {
    const filters = listFiltersFrom(new URLSearchParams());
    expect(filters).toEqual({ state: '', q: '', page: 1, sort: '-updatedAt' });
    expect(searchParamsOf(filters).toString()).toBe('');
  });

  it('round-trips filters through the URL and ignores a broken page number', () => {
    const params = new URLSearchParams('state=in_review&q=TP-2026&page=3&sort=updatedAt');
    expect(searchParamsOf(listFiltersFrom(params)).toString()).toBe(params.toString());
    expect(listFiltersFrom(new URLSearchParams('page=-2')).page).toBe(1);
    expect(listFiltersFrom(new URLSearchParams('page=abc')).page).toBe(1);
  });

  it('asks the API for one state, every open state, or none', () => {
    const query = (state: string) => listQueryOf({ state, q: '', page: 1, sort: '-updatedAt' }, states);
    expect(query('in_review')).toEqual({ state: ['in_review'], page: 1, pageSize, sort: '-updatedAt' });
    expect(query('open').state).toEqual([
      'draft',
      'submitted',
      'in_review',
      'corrections_requested',
      'acceptance',
      'registration',
      'installation',
    ]);
    expect(query('').state).toBeUndefined();
    expect(query('nonsense').state).toBeUndefined();
  });
});
