import type { State } from '../api/request-queries';

// The institution's request list keeps its filters in the URL, so a filtered view can be bookmarked,
// shared and restored with the back button. Pure: parsing and building search params and the API query.

export type SortOrder = 'updatedAt' | '-updatedAt';
/** `state` is '' (all), 'open' (every state still in the procedure) or one state. */
export type ListFilters = { state: string; q: string; page: number; sort: SortOrder };

export const pageSize = 25;

export function listFiltersFrom(params: URLSearchParams): ListFilters {
  const page = Number.parseInt(params.get('page') ?? '', 10);
  return {
    state: params.get('state') ?? '',
    q: params.get('q')?.trim() ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: params.get('sort') === 'updatedAt' ? 'updatedAt' : '-updatedAt',
  };
}

export function searchParamsOf(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state) params.set('state', filters.state);
  if (filters.q) params.set('q', filters.q);
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.sort !== '-updatedAt') params.set('sort', filters.sort);
  return params;
}

/**
 * The listRequests query for the filters. `states` is the workflow's list: states with a step are
 * still in the procedure ("open"); a state the workflow does not know is ignored.
 */
export function listQueryOf(filters: ListFilters, states: readonly { id: string; step: number | null }[]) {
  const known = states.find((s) => s.id === filters.state);
  const state: State[] | undefined =
    filters.state === 'open'
      ? states.filter((s) => s.step !== null).map((s) => s.id as State)
      : known
        ? [known.id as State]
        : undefined;
  return {
    ...(state ? { state } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    page: filters.page,
    pageSize,
    sort: filters.sort,
  };
}
