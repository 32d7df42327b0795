import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { requestKeys, type State, useWorkflow } from '../api/request-queries';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { Pagination } from '../components/pagination';
import { StateBadge } from '../components/state-badge';
import { formatDateTime } from '../i18n/format';
import {
  type ListFilters,
  listFiltersFrom,
  listQueryOf,
  type SortOrder,
  searchParamsOf,
} from './requests-list-filters';
import '../styles/requests.css';

/** The institution's requests: filter by state, search, page through; the filters live in the URL. */
export function MyRequestsPage() {
  const { t, i18n } = useTranslation(['requests', 'workflow']);
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = listFiltersFrom(searchParams);
  const workflow = useWorkflow();
  const [q, setQ] = useState(filters.q);
  const countId = useId();
  useDocumentTitle(t('list.title'));

  // Keep the search box in step with the URL (back/forward, "clear filters").
  useEffect(() => setQ(filters.q), [filters.q]);

  const states = workflow.data?.states ?? [];
  const openStates = states.filter((s) => s.step !== null).map((s) => s.id as State);
  const query = listQueryOf(filters, states);
  const list = useQuery({
    queryKey: requestKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/requests', { params: { query } })),
    enabled: workflow.isSuccess,
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<ListFilters>) =>
    setSearchParams(searchParamsOf({ ...filters, page: 1, ...patch }));

  function search(event: FormEvent) {
    event.preventDefault();
    update({ q: q.trim() });
  }

  const counts = list.data?.countsByState;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
  const openTotal = counts ? openStates.reduce((a, s) => a + (counts[s] ?? 0), 0) : null;
  const withCount = (label: string, count: number | null | undefined) =>
    count === null || count === undefined ? label : t('list.withCount', { label, count });
  const filtered = filters.state !== '' || filters.q !== '';
  const nextSort: SortOrder = filters.sort === '-updatedAt' ? 'updatedAt' : '-updatedAt';

  return (
    <>
      <div className="page-header">
        <h1>{t('list.title')}</h1>
        <Link to="/requests/new" className="button-primary">
          {t('list.new')}
        </Link>
      </div>
      <p className="lead">{t('list.intro')}</p>

      {!filtered && list.data?.total === 0 ? null : (
        <search className="filters-panel" aria-label={t('list.filters')}>
          <form className="filters" onSubmit={search}>
            <Field label={t('list.state')}>
              {(props) => (
                <select {...props} value={filters.state} onChange={(e) => update({ state: e.target.value })}>
                  <option value="">{withCount(t('list.stateAll'), total)}</option>
                  <option value="open">{withCount(t('list.stateOpen'), openTotal)}</option>
                  {states.map((s) => (
                    <option key={s.id} value={s.id}>
                      {withCount(t(`workflow:state.${s.id}`), counts?.[s.id as State])}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('list.search')} hint={t('list.searchHint')}>
              {(props) => <input {...props} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
            </Field>
            <button type="submit" className="button-secondary">
              {t('list.searchSubmit')}
            </button>
            {filtered ? (
              <button
                type="button"
                className="button-link"
                onClick={() => setSearchParams(new URLSearchParams())}
              >
                {t('list.clear')}
              </button>
            ) : null}
          </form>
        </search>
      )}

      {list.isLoading || workflow.isLoading ? <Loading /> : null}
      <ErrorAlert error={list.error ?? workflow.error} />

      <p id={countId} className="muted result-count" aria-live="polite">
        {list.data
          ? list.data.total > 0
            ? t('list.found', { count: list.data.total })
            : t('list.noneFound')
          : ''}
      </p>

      {list.data && list.data.total === 0 ? (
        filtered ? (
          <div className="card empty-state">
            <h2>{t('list.noMatch.title')}</h2>
            <p>{t('list.noMatch.text')}</p>
            <button
              type="button"
              className="button-secondary"
              onClick={() => setSearchParams(new URLSearchParams())}
            >
              {t('list.clear')}
            </button>
          </div>
        ) : (
          <div className="card empty-state">
            <h2>{t('list.empty.title')}</h2>
            <p>{t('list.empty.text')}</p>
            <Link to="/requests/new" className="button-primary">
              {t('list.empty.action')}
            </Link>
          </div>
        )
      ) : null}

      {list.data && list.data.items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table className="requests-table" aria-describedby={countId}>
              <caption className="visually-hidden">{t('list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('list.col.reference')}</th>
                  <th scope="col">{t('list.col.service')}</th>
                  <th scope="col">{t('list.col.state')}</th>
                  <th scope="col" aria-sort={filters.sort === '-updatedAt' ? 'descending' : 'ascending'}>
                    <button type="button" onClick={() => update({ sort: nextSort })}>
                      {t('list.col.updatedAt')}
                      <span
                        className={`sort-indicator sort-${filters.sort === '-updatedAt' ? 'desc' : 'asc'}`}
                        aria-hidden="true"
                      />
                      <span className="visually-hidden">
                        {t(filters.sort === '-updatedAt' ? 'list.sortedNewest' : 'list.sortedOldest')}
                      </span>
                    </button>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/requests/${r.id}`}>{r.reference}</Link>
                    </th>
                    <td>
                      <span className="cell-main">{r.service.name}</span>
                      <span className="cell-sub">
                        <code>{r.service.identifier}</code>
                      </span>
                    </td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>
                      <time dateTime={r.updatedAt}>{formatDateTime(r.updatedAt, i18n.language)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            onPage={(page) => setSearchParams(searchParamsOf({ ...filters, page }))}
          />
        </>
      ) : null}
    </>
  );
}
