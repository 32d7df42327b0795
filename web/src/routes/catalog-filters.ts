import type { operations } from '../api/schema';

// The catalog list's filters and where they live: the URL. Parsing forgives anything malformed (it
// falls back to the default), writing leaves out defaults so links stay short, and the export links
// are built from the same filters.

export const catalogEnvironments = ['test', 'production'] as const;
export type CatalogEnvironment = (typeof catalogEnvironments)[number];
export const catalogStatuses = ['active', 'deprecated', 'retired'] as const;
export type CatalogStatus = (typeof catalogStatuses)[number];
export const catalogProtocols = ['soap', 'rest'] as const;
export type CatalogProtocol = (typeof catalogProtocols)[number];
export const catalogPageSize = 25;
/** The server accepts searches up to this length. */
export const maxSearchLength = 200;

export type CatalogFilters = {
  environment: CatalogEnvironment;
  q: string;
  status: CatalogStatus | null;
  protocol: CatalogProtocol | null;
  institutionId: string | null;
  page: number;
};

export type ListCatalogParams = NonNullable<operations['listCatalogServices']['parameters']['query']>;

export const defaultCatalogFilters: CatalogFilters = {
  environment: 'test',
  q: '',
  status: null,
  protocol: null,
  institutionId: null,
  page: 1,
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(list: readonly T[], value: string | null): T | null {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseCatalogParams(params: URLSearchParams): CatalogFilters {
  const institution = params.get('institution');
  const page = params.get('page');
  const pageNumber = page && /^\d{1,6}$/.test(page) ? Number(page) : 1;
  return {
    environment: oneOf(catalogEnvironments, params.get('env')) ?? 'test',
    q: (params.get('q') ?? '').trim().slice(0, maxSearchLength),
    status: oneOf(catalogStatuses, params.get('status')),
    protocol: oneOf(catalogProtocols, params.get('protocol')),
    institutionId: institution && uuidPattern.test(institution) ? institution : null,
    page: Math.max(pageNumber, 1),
  };
}

export function catalogParamsOf(filters: CatalogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.environment !== 'test') params.set('env', filters.environment);
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (filters.status) params.set('status', filters.status);
  if (filters.protocol) params.set('protocol', filters.protocol);
  if (filters.institutionId) params.set('institution', filters.institutionId);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The query for `GET /api/v1/catalog/services`. */
export function catalogListQueryOf(filters: CatalogFilters, pageSize = catalogPageSize): ListCatalogParams {
  const query: ListCatalogParams = { environment: filters.environment, page: filters.page, pageSize };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.status) query.status = filters.status;
  if (filters.protocol) query.protocol = filters.protocol;
  if (filters.institutionId) query.institutionId = filters.institutionId;
  return query;
}

/** A change of any filter starts again at the first page; only paging itself keeps the page. */
export function changeCatalogFilters(
  current: CatalogFilters,
  change: Partial<CatalogFilters>,
): CatalogFilters {
  return { ...current, page: 1, ...change };
}

/** The export download for the current filters: the same entries as the list, all pages. */
export function catalogExportHref(filters: CatalogFilters, format: 'json' | 'csv'): string {
  const params = new URLSearchParams({ environment: filters.environment, format });
  if (filters.status) params.set('status', filters.status);
  if (filters.institutionId) params.set('institutionId', filters.institutionId);
  if (filters.protocol) params.set('protocol', filters.protocol);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  return `/api/v1/catalog/export?${params.toString()}`;
}
