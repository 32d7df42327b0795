import {
  activeFilterCount,
  ariaSortOf,
  changeFilters,
  countOfChoice,
  defaultQueueFilters,
  listQueryOf,
  nextSort,
  parseQueueParams,
  type QueueFilters,
  queueParamsOf,
  stateChoiceOf,
  statesNeedingAgency,
  statesOfChoice,
} from './queue-filters';

const reviewerId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const institutionId = '0190a1b2-c3d4-7e5f-8a9b-000000000011';
const parse = (query: string) => parseQueueParams(new URLSearchParams(query));

describe('the default view', () => {
  test('shows the open requests where the agency has the next move, longest waiting first', () => {
    expect(statesNeedingAgency).toEqual([
      'submitted',
      'in_review',
      'acceptance',
      'registration',
      'installation',
    ]);
    expect(parse('')).toEqual(defaultQueueFilters);
    expect(listQueryOf(defaultQueueFilters)).toEqual({
      state: ['submitted', 'in_review', 'acceptance', 'registration', 'installation'],
      sort: 'stateChangedAt',
      page: 1,
      pageSize: 25,
    });
  });

  test('is written as an empty query string', () => {
    expect(queueParamsOf(defaultQueueFilters).toString()).toBe('');
  });
});

describe('reading filters from the URL', () => {
  test('reads every filter', () => {
    const filters = parse(
      `state=in_review&state=submitted&institution=${institutionId}&assignee=${reviewerId}&q=NRC&minDays=7&sort=-updatedAt&page=3`,
    );
    expect(filters).toEqual({
      states: ['submitted', 'in_review'],
      institutionId,
      assignee: reviewerId,
      q: 'NRC',
      minDaysInState: 7,
      sort: '-updatedAt',
      page: 3,
    });
  });

  test('state=all means every state, which the API receives as no state filter', () => {
    const filters = parse('state=all');
    expect(filters.states).toEqual([]);
    expect(listQueryOf(filters).state).toBeUndefined();
  });

  test.each([
    ['unknown state', 'state=archived', { states: [...statesNeedingAgency] }],
    ['institution that is not an id', 'institution=nrc', { institutionId: null }],
    ['unknown assignee', 'assignee=somebody', { assignee: 'everyone' }],
    ['negative days', 'minDays=-3', { minDaysInState: null }],
    ['days that are not a number', 'minDays=week', { minDaysInState: null }],
    ['days beyond ten years', 'minDays=4000', { minDaysInState: null }],
    ['unknown sort', 'sort=reference', { sort: 'stateChangedAt' }],
    ['page zero', 'page=0', { page: 1 }],
    ['page that is not a number', 'page=last', { page: 1 }],
  ])('ignores a malformed value: %s', (_name, query, expected) => {
    expect(parse(query)).toEqual({ ...defaultQueueFilters, ...expected });
  });

  test('keeps the states in workflow order and drops duplicates and unknown ones', () => {
    expect(parse('state=installation&state=draft&state=draft&state=nonsense').states).toEqual([
      'draft',
      'installation',
    ]);
  });

  test('accepts me, none and zero days', () => {
    expect(parse('assignee=me').assignee).toBe('me');
    expect(parse('assignee=none').assignee).toBe('none');
    expect(parse('minDays=0').minDaysInState).toBe(0);
  });
});

describe('writing filters to the URL', () => {
  test.each<[string, Partial<QueueFilters>]>([
    ['every state', { states: [] }],
    ['one state', { states: ['corrections_requested'] }],
    ['several states', { states: ['submitted', 'in_review'] }],
    ['an institution', { institutionId }],
    ['mine', { assignee: 'me' }],
    ['unassigned', { assignee: 'none' }],
    ['a reviewer', { assignee: reviewerId }],
    ['a search', { q: 'TP-2026' }],
    ['zero days', { minDaysInState: 0 }],
    ['a sort', { sort: '-createdAt' }],
    ['a page', { page: 4 }],
  ])('round-trips %s', (_name, change) => {
    const filters: QueueFilters = { ...defaultQueueFilters, ...change };
    expect(parseQueueParams(new URLSearchParams(queueParamsOf(filters).toString()))).toEqual(filters);
  });

  test('writes every state as state=all and the default states not at all', () => {
    expect(queueParamsOf({ ...defaultQueueFilters, states: [] }).toString()).toBe('state=all');
    expect(
      queueParamsOf({ ...defaultQueueFilters, states: [...statesNeedingAgency].reverse() }).toString(),
    ).toBe('');
  });

  test('trims the search and sends it only when there is one', () => {
    const filters = { ...defaultQueueFilters, q: '   ' };
    expect(queueParamsOf(filters).has('q')).toBe(false);
    expect(listQueryOf(filters).q).toBeUndefined();
    expect(listQueryOf({ ...defaultQueueFilters, q: ' NRC ' }).q).toBe('NRC');
  });

  test('maps the assignee and the other filters to the API names', () => {
    expect(
      listQueryOf({ ...defaultQueueFilters, assignee: 'me', institutionId, minDaysInState: 0, page: 2 }, 50),
    ).toMatchObject({ assigneeId: 'me', institutionId, minDaysInState: 0, page: 2, pageSize: 50 });
    expect(listQueryOf(defaultQueueFilters).assigneeId).toBeUndefined();
  });
});

test('counts the filters in use besides the states and the sort', () => {
  expect(activeFilterCount(defaultQueueFilters)).toBe(0);
  expect(activeFilterCount({ ...defaultQueueFilters, states: [], sort: '-createdAt', page: 2 })).toBe(0);
  expect(
    activeFilterCount({ ...defaultQueueFilters, q: 'NRC', institutionId, assignee: 'me', minDaysInState: 0 }),
  ).toBe(4);
});

describe('changing filters', () => {
  test('goes back to the first page', () => {
    const onPage3 = { ...defaultQueueFilters, page: 3 };
    expect(changeFilters(onPage3, { assignee: 'none' })).toEqual({
      ...defaultQueueFilters,
      assignee: 'none',
      page: 1,
    });
  });

  test('keeps the page when paging', () => {
    expect(changeFilters(defaultQueueFilters, { page: 5 }).page).toBe(5);
  });
});

describe('sorting by column', () => {
  test('the waiting column starts with the longest waiting and reverses on the second choice', () => {
    expect(nextSort('waiting', '-updatedAt')).toBe('stateChangedAt');
    expect(nextSort('waiting', 'stateChangedAt')).toBe('-stateChangedAt');
    expect(nextSort('waiting', '-stateChangedAt')).toBe('stateChangedAt');
  });

  test('the date columns start with the newest', () => {
    expect(nextSort('updated', 'stateChangedAt')).toBe('-updatedAt');
    expect(nextSort('updated', '-updatedAt')).toBe('updatedAt');
    expect(nextSort('created', '-updatedAt')).toBe('-createdAt');
  });

  test('aria-sort describes the values shown: the oldest state change is the longest wait', () => {
    expect(ariaSortOf('waiting', 'stateChangedAt')).toBe('descending');
    expect(ariaSortOf('waiting', '-stateChangedAt')).toBe('ascending');
    expect(ariaSortOf('updated', '-updatedAt')).toBe('descending');
    expect(ariaSortOf('updated', 'updatedAt')).toBe('ascending');
    expect(ariaSortOf('updated', 'stateChangedAt')).toBe('none');
    expect(ariaSortOf('created', '-updatedAt')).toBe('none');
  });
});

describe('the state counts row', () => {
  const counts = {
    draft: 2,
    submitted: 3,
    in_review: 4,
    corrections_requested: 1,
    acceptance: 1,
    registration: 0,
    installation: 2,
    completed: 7,
    rejected: 1,
    withdrawn: 0,
  };

  test('adds up the presets from the counts per state', () => {
    expect(countOfChoice('needsAgency', counts)).toBe(10);
    expect(countOfChoice('all', counts)).toBe(21);
    expect(countOfChoice('completed', counts)).toBe(7);
    expect(countOfChoice('registration', {})).toBe(0);
  });

  test('knows which entry the current states correspond to', () => {
    expect(stateChoiceOf([...statesNeedingAgency])).toBe('needsAgency');
    expect(stateChoiceOf([])).toBe('all');
    expect(stateChoiceOf(['rejected'])).toBe('rejected');
    expect(stateChoiceOf(['rejected', 'withdrawn'])).toBeNull();
  });

  test('turns an entry back into states', () => {
    expect(statesOfChoice('all')).toEqual([]);
    expect(statesOfChoice('needsAgency')).toEqual([...statesNeedingAgency]);
    expect(statesOfChoice('draft')).toEqual(['draft']);
  });
});
