import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { CatalogStatusBadge } from '../components/catalog-status-badge';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { Pagination } from '../components/pagination';
import { TableRegion } from '../components/table-region';
import { formatDateTime, formatNumber } from '../i18n/format';
import { isAgency, useSession } from '../session';
import {
  type CatalogFilters,
  type CatalogProtocol,
  type CatalogStatus,
  catalogEnvironments,
  catalogExportHref,
  catalogListQueryOf,
  catalogParamsOf,
  catalogProtocols,
  catalogStatuses,
  changeCatalogFilters,
  defaultCatalogFilters,
  maxSearchLength,
  parseCatalogParams,
} from './catalog-filters';
import '../styles/agency.css';
import '../styles/catalog.css';

// The IS catalog, test and production, for everyone signed in. Every filter lives in the URL (see
// catalog-filters.ts); the export links are built from the same filters.

type CatalogList = ResponseOf<'listCatalogServices'>;
type Institution = ResponseOf<'listInstitutions'>['items'][number];

/** An identifier with line-break opportunities after its colons and dots, so long URNs wrap at parts. */
function breakable(identifier: string) {
  return identifier.split(/(?<=[:.])/).map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
    <Fragment key={i}>
      {i > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}

const searchOf = (filters: CatalogFilters) => {
  const search = catalogParamsOf(filters).toString();
  return search ? `?${search}` : '';
};

export function CatalogPage() {
  const { t } = useTranslation('catalog');
  useDocumentTitle(t('title'));
  const { user } = useSession();
  const agency = isAgency(user?.role);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseCatalogParams(params), [params]);
  const apply = (next: CatalogFilters) => setParams(catalogParamsOf(next));
  const query = catalogListQueryOf(filters);

  const list = useQuery({
    queryKey: ['catalog', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/catalog/services', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
    staleTime: 60_000,
    enabled: agency,
  });

  return (
    <section className="cat-page">
      <div className="page-header">
        <h1>{t('title')}</h1>
        {user?.role === 'agency_admin' ? (
          <Link to="/catalog/import" className="button-secondary">
            {t('importLink')}
          </Link>
        ) : null}
      </div>
      <p className="ag-lead">{t('intro')}</p>

      <nav className="cat-environments" aria-label={t('environment.label')}>
        <ul>
          {catalogEnvironments.map((environment) => (
            <li key={environment}>
              <Link
                to={{ search: searchOf(changeCatalogFilters(filters, { environment })) }}
                className="cat-environment"
                aria-current={filters.environment === environment ? 'page' : undefined}
              >
                {t(`environment.${environment}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <CatalogFilterForm
        key={params.toString()}
        filters={filters}
        institutions={agency ? (institutions.data?.items ?? []).filter((i) => !i.isAgency) : null}
        onApply={apply}
      />

      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.data ? (
        <Results
          data={list.data}
          filters={filters}
          isUpdating={list.isFetching && list.isPlaceholderData}
          onChange={apply}
        />
      ) : null}

      <ExportLinks filters={filters} />
    </section>
  );
}

function CatalogFilterForm({
  filters,
  institutions,
  onApply,
}: {
  filters: CatalogFilters;
  /** null: the user is not from the agency and sees no institution filter. */
  institutions: Institution[] | null;
  onApply: (filters: CatalogFilters) => void;
}) {
  const { t } = useTranslation('catalog');
  const [q, setQ] = useState(filters.q);
  const [status, setStatus] = useState<CatalogStatus | ''>(filters.status ?? '');
  const [protocol, setProtocol] = useState<CatalogProtocol | ''>(filters.protocol ?? '');
  const [institutionId, setInstitutionId] = useState(filters.institutionId ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(
      changeCatalogFilters(filters, {
        q: q.trim(),
        status: status || null,
        protocol: protocol || null,
        institutionId: institutionId || null,
      }),
    );
  }

  return (
    <search className="cat-filters card" aria-label={t('filters.title')}>
      <form onSubmit={submit}>
        <h2 className="cat-filters-title">{t('filters.title')}</h2>
        <div className="cat-filter-grid">
          <div className="cat-filter-q">
            <Field label={t('filters.q')} hint={t('filters.qHint')}>
              {(props) => (
                <input
                  {...props}
                  type="search"
                  value={q}
                  maxLength={maxSearchLength}
                  onChange={(e) => setQ(e.target.value)}
                />
              )}
            </Field>
          </div>
          <Field label={t('filters.status')}>
            {(props) => (
              <select
                {...props}
                value={status}
                onChange={(e) => setStatus(e.target.value as CatalogStatus | '')}
              >
                <option value="">{t('filters.anyStatus')}</option>
                {catalogStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('filters.protocol')}>
            {(props) => (
              <select
                {...props}
                value={protocol}
                onChange={(e) => setProtocol(e.target.value as CatalogProtocol | '')}
              >
                <option value="">{t('filters.anyProtocol')}</option>
                {catalogProtocols.map((p) => (
                  <option key={p} value={p}>
                    {t(`protocol.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {institutions ? (
            <Field label={t('filters.institution')}>
              {(props) => (
                <select {...props} value={institutionId} onChange={(e) => setInstitutionId(e.target.value)}>
                  <option value="">{t('filters.allInstitutions')}</option>
                  {institutions.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button-primary">
            {t('filters.apply')}
          </button>
          <Link
            to={{ search: searchOf({ ...defaultCatalogFilters, environment: filters.environment }) }}
            className="button-secondary"
          >
            {t('filters.reset')}
          </Link>
        </div>
      </form>
    </search>
  );
}

function Results({
  data,
  filters,
  isUpdating,
  onChange,
}: {
  data: CatalogList;
  filters: CatalogFilters;
  isUpdating: boolean;
  onChange: (filters: CatalogFilters) => void;
}) {
  const { t, i18n } = useTranslation('catalog');
  const lang = i18n.language;
  return (
    <>
      <p role="status" className="ag-results-count">
        {isUpdating
          ? t('results.updating')
          : data.total === 0
            ? t('results.empty')
            : t('results.found', { count: data.total, formatted: formatNumber(data.total, lang) })}
      </p>
      {data.items.length === 0 ? null : (
        <TableRegion label={t('table.label')}>
          <table className="ag-table cat-table" aria-busy={isUpdating || undefined}>
            <caption className="visually-hidden">{t('table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('table.identifier')}</th>
                <th scope="col">{t('table.name')}</th>
                <th scope="col">{t('table.institution')}</th>
                <th scope="col">{t('table.system')}</th>
                <th scope="col">{t('table.protocol')}</th>
                <th scope="col">{t('table.status')}</th>
                <th scope="col" className="ag-num">
                  {t('table.version')}
                </th>
                <th scope="col">{t('table.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="cat-identifier">
                    <Link to={`/catalog/${s.id}`}>{breakable(s.identifier)}</Link>
                  </th>
                  <td>{s.name}</td>
                  <td>{s.institutionName}</td>
                  <td>
                    {s.informationSystem.name}
                    <span className="cat-code">{s.informationSystem.code}</span>
                  </td>
                  <td>{t(`protocol.${s.protocol}`)}</td>
                  <td>
                    <CatalogStatusBadge status={s.status} />
                    {s.status !== 'active' && s.deprecationNotice ? (
                      <p className="cat-notice">{s.deprecationNotice}</p>
                    ) : null}
                  </td>
                  <td className="ag-num">{formatNumber(s.entryVersion, lang)}</td>
                  <td className="ag-nowrap">
                    <time dateTime={s.updatedAt}>{formatDateTime(s.updatedAt, lang)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        onPage={(page) => onChange(changeCatalogFilters(filters, { page }))}
      />
    </>
  );
}

function ExportLinks({ filters }: { filters: CatalogFilters }) {
  const { t } = useTranslation('catalog');
  return (
    <section className="cat-export card" aria-labelledby="cat-export-title">
      <h2 id="cat-export-title">{t('export.title')}</h2>
      <p className="hint">{t('export.hint')}</p>
      <div className="actions">
        <a className="button-secondary" href={catalogExportHref(filters, 'json')} download>
          {t('export.json')}
        </a>
        <a className="button-secondary" href={catalogExportHref(filters, 'csv')} download>
          {t('export.csv')}
        </a>
      </div>
    </section>
  );
}
