import {
  type CatalogFilters,
  catalogExportHref,
  catalogListQueryOf,
  catalogParamsOf,
  changeCatalogFilters,
  defaultCatalogFilters,
  parseCatalogParams,
} from './catalog-filters';

const institutionId = '0190a1b2-c3d4-7e5f-8a9b-000000000011';
const parse = (query: string) => parseCatalogParams(new URLSearchParams(query));

test('the default view is the test catalog, first page, written as an empty query string', () => {
  expect(parse('')).toEqual(defaultCatalogFilters);
  expect(catalogParamsOf(defaultCatalogFilters).toString()).toBe('');
  expect(catalogListQueryOf(defaultCatalogFilters)).toEqual({ environment: 'test', page: 1, pageSize: 25 });
});

test('reads every filter from the URL', () => {
  expect(
    parse(`env=production&q=sanemt&status=deprecated&protocol=soap&institution=${institutionId}&page=2`),
  ).toEqual({
    environment: 'production',
    q: 'sanemt',
    status: 'deprecated',
    protocol: 'soap',
    institutionId,
    page: 2,
  });
});

test.each([
  ['unknown environment', 'env=staging', { environment: 'test' }],
  ['unknown status', 'status=archived', { status: null }],
  ['unknown protocol', 'protocol=graphql', { protocol: null }],
  ['institution that is not an id', 'institution=nrc', { institutionId: null }],
  ['page zero', 'page=0', { page: 1 }],
  ['page that is not a number', 'page=last', { page: 1 }],
  ['search of spaces', 'q=%20%20', { q: '' }],
])('ignores a malformed value: %s', (_name, query, expected) => {
  expect(parse(query)).toEqual({ ...defaultCatalogFilters, ...expected });
});

test('cuts a search longer than the server accepts', () => {
  expect(parse(`q=${'a'.repeat(300)}`).q).toHaveLength(200);
});

test.each<[string, Partial<CatalogFilters>]>([
  ['production', { environment: 'production' }],
  ['a search with diacritics', { q: 'Saņemt' }],
  ['a status', { status: 'retired' }],
  ['a protocol', { protocol: 'rest' }],
  ['an institution', { institutionId }],
  ['a page', { page: 3 }],
])('round-trips %s through the URL', (_name, change) => {
  const filters = { ...defaultCatalogFilters, ...change };
  expect(parseCatalogParams(new URLSearchParams(catalogParamsOf(filters).toString()))).toEqual(filters);
});

test('maps the filters to the API query names, sending the search trimmed', () => {
  expect(
    catalogListQueryOf({
      environment: 'production',
      q: ' sanemt ',
      status: 'active',
      protocol: 'rest',
      institutionId,
      page: 4,
    }),
  ).toEqual({
    environment: 'production',
    q: 'sanemt',
    status: 'active',
    protocol: 'rest',
    institutionId,
    page: 4,
    pageSize: 25,
  });
});

test('a changed filter goes back to the first page; paging keeps it', () => {
  const onPage3 = { ...defaultCatalogFilters, page: 3 };
  expect(changeCatalogFilters(onPage3, { status: 'active' }).page).toBe(1);
  expect(changeCatalogFilters(onPage3, { page: 4 }).page).toBe(4);
});

describe('export links', () => {
  test('carry the environment and format, and the status and institution when chosen', () => {
    expect(catalogExportHref(defaultCatalogFilters, 'json')).toBe(
      '/api/v1/catalog/export?environment=test&format=json',
    );
    expect(
      catalogExportHref(
        { ...defaultCatalogFilters, environment: 'production', status: 'active', institutionId },
        'csv',
      ),
    ).toBe(
      `/api/v1/catalog/export?environment=production&format=csv&status=active&institutionId=${institutionId}`,
    );
  });

  test('carry the search and the protocol, so the export holds what the list shows', () => {
    expect(catalogExportHref({ ...defaultCatalogFilters, q: ' sanemt ', protocol: 'soap' }, 'json')).toBe(
      '/api/v1/catalog/export?environment=test&format=json&protocol=soap&q=sanemt',
    );
  });
});
