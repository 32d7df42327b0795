import { agencyRoles, type State, states, transitions } from '../../../src/requests/workflow.ts';
import type { operations } from '../api/schema';

// The work queue's filters live in the address bar, so a view can be bookmarked, shared and restored
// with the back button. This module is the one mapping between the URL's search parameters, the
// filters the page shows and the query the API receives. Pure: no React, no clock.

export type ListRequestsParams = NonNullable<operations['listRequests']['parameters']['query']>;
export type QueueSort = NonNullable<ListRequestsParams['sort']>;
export type SortField = 'stateChangedAt' | 'updatedAt' | 'createdAt';

/** `everyone` sends no assignee filter; `me`, `none` and a user's id are passed through. */
export type AssigneeFilter = string;

export type QueueFilters = {
  /** The states to show; empty means every state. */
  states: State[];
  institutionId: string | null;
  assignee: AssigneeFilter;
  q: string;
  minDaysInState: number | null;
  sort: QueueSort;
  page: number;
};

/**
 * The states in which the agency has the next move (anything but rejecting): the reviewer's default
 * view. Derived from the transition table, so a new agency step joins the queue by itself.
 */
export const statesNeedingAgency: readonly State[] = states.filter((state) =>
  transitions.some(
    (t) => t.from === state && t.action !== 'reject' && t.roles.some((role) => agencyRoles.includes(role)),
  ),
);

export const queueSorts: readonly QueueSort[] = [
  'stateChangedAt',
  '-stateChangedAt',
  '-updatedAt',
  'updatedAt',
  '-createdAt',
  'createdAt',
];

/** Longest waiting first: the oldest entry into the current state comes first. */
export const defaultSort: QueueSort = 'stateChangedAt';
export const queuePageSize = 25;
export const maxDaysInState = 3650;

export const defaultQueueFilters: QueueFilters = {
  states: [...statesNeedingAgency],
  institutionId: null,
  assignee: 'everyone',
  q: '',
  minDaysInState: null,
  sort: defaultSort,
  page: 1,
};

/** Written as `state=all` when every state is wanted, since no `state` at all means the default. */
const allStatesParam = 'all';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isState = (value: string): value is State => (states as readonly string[]).includes(value);
const isSort = (value: string): value is QueueSort => (queueSorts as readonly string[]).includes(value);

function wholeNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** Keeps the states in the workflow's order, without duplicates. */
function normaliseStates(list: readonly State[]): State[] {
  return states.filter((s) => list.includes(s));
}

export function sameStates(a: readonly State[], b: readonly State[]): boolean {
  const x = normaliseStates(a);
  const y = normaliseStates(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** Reads the filters from the URL. Anything unknown or malformed falls back to the default. */
export function parseQueueParams(params: URLSearchParams): QueueFilters {
  const rawStates = params.getAll('state');
  let selected: State[];
  if (rawStates.length === 0) selected = [...statesNeedingAgency];
  else if (rawStates.includes(allStatesParam)) selected = [];
  else {
    selected = normaliseStates(rawStates.filter(isState));
    if (selected.length === 0) selected = [...statesNeedingAgency];
  }

  const institution = params.get('institution');
  const assignee = params.get('assignee');
  const sort = params.get('sort');
  return {
    states: selected,
    institutionId: institution && uuidPattern.test(institution) ? institution : null,
    assignee:
      assignee === 'me' || assignee === 'none' || (assignee && uuidPattern.test(assignee))
        ? assignee
        : 'everyone',
    q: (params.get('q') ?? '').trim().slice(0, 200),
    minDaysInState: wholeNumber(params.get('minDays'), 0, maxDaysInState),
    sort: sort && isSort(sort) ? sort : defaultSort,
    page: wholeNumber(params.get('page'), 1, 100_000) ?? 1,
  };
}

/** Writes the filters to the URL, leaving out whatever equals the default so links stay short. */
export function queueParamsOf(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.states.length === 0) params.append('state', allStatesParam);
  else if (!sameStates(filters.states, statesNeedingAgency)) {
    for (const s of normaliseStates(filters.states)) params.append('state', s);
  }
  if (filters.institutionId) params.set('institution', filters.institutionId);
  if (filters.assignee !== 'everyone') params.set('assignee', filters.assignee);
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (filters.minDaysInState !== null) params.set('minDays', String(filters.minDaysInState));
  if (filters.sort !== defaultSort) params.set('sort', filters.sort);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The query for `GET /api/v1/requests`. */
export function listQueryOf(filters: QueueFilters, pageSize = queuePageSize): ListRequestsParams {
  const query: ListRequestsParams = { sort: filters.sort, page: filters.page, pageSize };
  if (filters.states.length > 0) query.state = normaliseStates(filters.states);
  if (filters.institutionId) query.institutionId = filters.institutionId;
  if (filters.assignee !== 'everyone') query.assigneeId = filters.assignee;
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.minDaysInState !== null) query.minDaysInState = filters.minDaysInState;
  return query;
}

/** How many filters besides the states are in use; shown when the filter form is folded away. */
export function activeFilterCount(filters: QueueFilters): number {
  return [
    filters.q.trim() !== '',
    filters.institutionId !== null,
    filters.assignee !== 'everyone',
    filters.minDaysInState !== null,
  ].filter(Boolean).length;
}

/** A change of any filter starts again at the first page; only paging itself keeps the page. */
export function changeFilters(current: QueueFilters, change: Partial<QueueFilters>): QueueFilters {
  return { ...current, page: 1, ...change };
}

// Sorting from the table's column headers. The waiting time is shown as a duration, so sorting by
// "entered the state" ascending reads as "waiting time, descending".

export type SortableColumn = 'waiting' | 'updated' | 'created';

const columnSort: Record<SortableColumn, { field: SortField; first: QueueSort; invert: boolean }> = {
  waiting: { field: 'stateChangedAt', first: 'stateChangedAt', invert: true },
  updated: { field: 'updatedAt', first: '-updatedAt', invert: false },
  created: { field: 'createdAt', first: '-createdAt', invert: false },
};

export function sortFieldOf(sort: QueueSort): SortField {
  return sort.replace('-', '') as SortField;
}

/** Choosing a column sorts by it (longest waiting / newest first); choosing it again reverses. */
export function nextSort(column: SortableColumn, current: QueueSort): QueueSort {
  const { field, first } = columnSort[column];
  if (sortFieldOf(current) !== field) return first;
  return (current.startsWith('-') ? field : `-${field}`) as QueueSort;
}

/** The `aria-sort` value of a column header, in terms of the values the column shows. */
export function ariaSortOf(column: SortableColumn, current: QueueSort): 'ascending' | 'descending' | 'none' {
  const { field, invert } = columnSort[column];
  if (sortFieldOf(current) !== field) return 'none';
  const ascending = !current.startsWith('-');
  return ascending !== invert ? 'ascending' : 'descending';
}

// The row of state counts above the table: two presets, then one entry per state.

export type StateChoice = 'needsAgency' | 'all' | State;

export function stateChoiceOf(selected: readonly State[]): StateChoice | null {
  if (selected.length === 0) return 'all';
  if (sameStates(selected, statesNeedingAgency)) return 'needsAgency';
  if (selected.length === 1) return selected[0] as State;
  return null;
}

export function statesOfChoice(choice: StateChoice): State[] {
  if (choice === 'all') return [];
  if (choice === 'needsAgency') return [...statesNeedingAgency];
  return [choice];
}

export function countOfChoice(choice: StateChoice, counts: Partial<Record<State, number>>): number {
  const pick: readonly State[] = choice === 'all' ? states : statesOfChoice(choice);
  return pick.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}
