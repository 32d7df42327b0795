import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { finalStates, type State, states } from '../../../src/requests/workflow.ts';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useAgencyUsers } from '../components/assignment-control';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { Pagination } from '../components/pagination';
import { StateBadge } from '../components/state-badge';
import { TableRegion } from '../components/table-region';
import { formatDateTime, formatElapsed, formatNumber } from '../i18n/format';
import { isAgency, useSession } from '../session';
import {
  activeFilterCount,
  ariaSortOf,
  changeFilters,
  countOfChoice,
  defaultQueueFilters,
  listQueryOf,
  maxDaysInState,
  nextSort,
  parseQueueParams,
  type QueueFilters,
  type QueueSort,
  queueParamsOf,
  queueSorts,
  type SortableColumn,
  type StateChoice,
  stateChoiceOf,
  statesOfChoice,
} from './queue-filters';
import '../styles/agency.css';

// The agency's work queue. Every filter lives in the URL (see queue-filters.ts); the page reads it,
// asks the API, and writes a new URL when the reviewer changes something.

type RequestList = ResponseOf<'listRequests'>;
type RequestItem = RequestList['items'][number];
type Institution = ResponseOf<'listInstitutions'>['items'][number];
type StaffMember = { id: string; displayName: string };

export function QueuePage() {
  const { t } = useTranslation('agency');
  useDocumentTitle(t('queue.title'));
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseQueueParams(params), [params]);
  const apply = (next: QueueFilters) => setParams(queueParamsOf(next));
  const query = listQueryOf(filters);

  const list = useQuery({
    queryKey: ['requests', 'queue', query],
    queryFn: () => unwrap(api.GET('/api/v1/requests', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
    staleTime: 60_000,
  });
  const agencyStaff = useAgencyUsers(isAgency(user?.role));

  return (
    <section className="ag-queue">
      <div className="page-header">
        <h1>{t('queue.title')}</h1>
      </div>
      <p className="ag-lead">{t('queue.intro')}</p>
      {/* Past the state choices and filters, straight to the requests found (WCAG 2.4.1). */}
      <a className="skip-inline" href="#queue-results">
        {t('queue.skipToResults')}
      </a>

      <StateChoices filters={filters} counts={list.data?.countsByState} />

      <QueueFilterForm
        key={params.toString()}
        filters={filters}
        institutions={(institutions.data?.items ?? []).filter((i) => !i.isAgency)}
        staff={agencyStaff.data ?? []}
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
    </section>
  );
}

function isNarrowScreen(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 40rem)').matches;
}

const choices: StateChoice[] = ['needsAgency', ...states, 'all'];

function StateChoices({
  filters,
  counts,
}: {
  filters: QueueFilters;
  counts: RequestList['countsByState'] | undefined;
}) {
  const { t, i18n } = useTranslation('agency');
  const { t: tw } = useTranslation('workflow');
  const current = stateChoiceOf(filters.states);
  return (
    <nav className="ag-states" aria-label={t('queue.stateNav')}>
      <ul>
        {choices.map((choice) => {
          const count = counts ? countOfChoice(choice, counts) : null;
          const isPreset = choice === 'needsAgency' || choice === 'all';
          const search = queueParamsOf(changeFilters(filters, { states: statesOfChoice(choice) })).toString();
          return (
            <li key={choice} className={isPreset ? 'ag-states-preset' : undefined}>
              <Link
                to={{ search: search ? `?${search}` : '' }}
                className={`ag-state${count === 0 ? ' ag-state-empty' : ''}`}
                aria-current={current === choice ? 'true' : undefined}
              >
                <span>{isPreset ? t(`queue.choice.${choice}`) : tw(`state.${choice}`)}</span>
                {count === null ? null : (
                  <span className="ag-count">{formatNumber(count, i18n.language)}</span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function QueueFilterForm({
  filters,
  institutions,
  staff,
  onApply,
}: {
  filters: QueueFilters;
  institutions: Institution[];
  staff: StaffMember[];
  onApply: (filters: QueueFilters) => void;
}) {
  const { t } = useTranslation('agency');
  const [q, setQ] = useState(filters.q);
  const [institutionId, setInstitutionId] = useState(filters.institutionId ?? '');
  const [assignee, setAssignee] = useState(filters.assignee);
  const [minDays, setMinDays] = useState(filters.minDaysInState?.toString() ?? '');
  const [sort, setSort] = useState<QueueSort>(filters.sort);
  const [minDaysInvalid, setMinDaysInvalid] = useState(false);
  const active = activeFilterCount(filters);
  // On a phone the filters fold away unless some are in use, so the results come first.
  const [open, setOpen] = useState(() => active > 0 || !isNarrowScreen());

  const knownAssignee = ['everyone', 'me', 'none'].includes(assignee) || staff.some((u) => u.id === assignee);

  function submit(event: FormEvent) {
    event.preventDefault();
    const days = minDays.trim();
    const n = Number(days);
    if (days !== '' && !(/^\d+$/.test(days) && n <= maxDaysInState)) {
      setMinDaysInvalid(true);
      return;
    }
    setMinDaysInvalid(false);
    onApply(
      changeFilters(filters, {
        q: q.trim(),
        institutionId: institutionId || null,
        assignee,
        minDaysInState: days === '' ? null : n,
        sort,
      }),
    );
  }

  return (
    <search className="ag-filters card" aria-label={t('queue.filters.title')}>
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="ag-filters-title">
          {t('queue.filters.title')}
          {active > 0 ? (
            <span className="ag-filters-active"> {t('queue.filters.active', { count: active })}</span>
          ) : null}
        </summary>
        <form onSubmit={submit} noValidate>
          <div className="ag-filter-grid">
            <Field label={t('queue.filters.q')} hint={t('queue.filters.qHint')}>
              {(props) => (
                <input
                  {...props}
                  type="search"
                  value={q}
                  maxLength={200}
                  onChange={(e) => setQ(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('queue.filters.institution')}>
              {(props) => (
                <select {...props} value={institutionId} onChange={(e) => setInstitutionId(e.target.value)}>
                  <option value="">{t('queue.filters.allInstitutions')}</option>
                  {institutions.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('queue.filters.assignee')}>
              {(props) => (
                <select {...props} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                  <option value="everyone">{t('queue.filters.everyone')}</option>
                  <option value="me">{t('queue.filters.me')}</option>
                  <option value="none">{t('queue.filters.none')}</option>
                  {staff.length > 0 ? (
                    <optgroup label={t('queue.filters.staff')}>
                      {staff.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.displayName}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                  {knownAssignee ? null : (
                    <option value={assignee}>{t('queue.filters.otherAssignee')}</option>
                  )}
                </select>
              )}
            </Field>
            <Field
              label={t('queue.filters.minDays')}
              hint={t('queue.filters.minDaysHint')}
              error={minDaysInvalid ? t('queue.filters.minDaysInvalid', { max: maxDaysInState }) : undefined}
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={maxDaysInState}
                  step={1}
                  value={minDays}
                  className="ag-input-short"
                  onChange={(e) => setMinDays(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('queue.filters.sort')}>
              {(props) => (
                <select {...props} value={sort} onChange={(e) => setSort(e.target.value as QueueSort)}>
                  {queueSorts.map((s) => (
                    <option key={s} value={s}>
                      {t(`queue.sort.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="actions">
            <button type="submit" className="button-primary">
              {t('queue.filters.apply')}
            </button>
            <Link to={{ search: queueParamsOf(defaultQueueFilters).toString() }} className="button-secondary">
              {t('queue.filters.reset')}
            </Link>
          </div>
        </form>
      </details>
    </search>
  );
}

function Results({
  data,
  filters,
  isUpdating,
  onChange,
}: {
  data: RequestList;
  filters: QueueFilters;
  isUpdating: boolean;
  onChange: (filters: QueueFilters) => void;
}) {
  const { t, i18n } = useTranslation('agency');
  const lang = i18n.language;
  const now = new Date();

  const sortHeader = (column: SortableColumn, label: string) => {
    const sort = ariaSortOf(column, filters.sort);
    return (
      <th scope="col" aria-sort={sort === 'none' ? undefined : sort} className="ag-sortable">
        <button
          type="button"
          onClick={() => onChange(changeFilters(filters, { sort: nextSort(column, filters.sort) }))}
        >
          {label}
          <span className="ag-sort-icon" aria-hidden="true">
            {sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '↕'}
          </span>
        </button>
      </th>
    );
  };
  const assignee = (r: RequestItem) =>
    r.assignee ? r.assignee.displayName : <span className="muted">{t('queue.table.unassigned')}</span>;

  return (
    <div id="queue-results" tabIndex={-1}>
      <p role="status" className="ag-results-count">
        {isUpdating
          ? t('queue.updating')
          : data.total === 0
            ? t('queue.empty')
            : t('queue.found', { count: data.total, formatted: formatNumber(data.total, lang) })}
      </p>
      {data.items.length === 0 && filters.states.length > 0 ? (
        <p>
          <Link to={{ search: queueParamsOf(changeFilters(filters, { states: [] })).toString() }}>
            {t('queue.showAllStates')}
          </Link>
        </p>
      ) : null}
      {data.items.length === 0 ? null : (
        <>
          {/* Wide screens get the table, phones a list of cards with the same facts; CSS shows one. */}
          <TableRegion label={t('queue.table.label')} className="ag-queue-table">
            <table className="ag-table" aria-busy={isUpdating || undefined}>
              <caption className="visually-hidden">{t('queue.table.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('queue.table.reference')}</th>
                  <th scope="col">{t('queue.table.service')}</th>
                  <th scope="col">{t('queue.table.institution')}</th>
                  <th scope="col">{t('queue.table.state')}</th>
                  <th scope="col">{t('queue.table.assignee')}</th>
                  {sortHeader('waiting', t('queue.table.waiting'))}
                  <th scope="col" className="ag-num">
                    {t('queue.table.rounds')}
                  </th>
                  {sortHeader('updated', t('queue.table.updated'))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className="ag-ref">
                      <Link to={`/requests/${r.id}`}>{r.reference}</Link>
                    </th>
                    <td>{r.service.name}</td>
                    <td>{r.institution.name}</td>
                    <td>
                      <StateBadge state={r.state} />
                    </td>
                    <td>{assignee(r)}</td>
                    <td className="ag-nowrap">
                      <Waiting request={r} now={now} />
                    </td>
                    <td className="ag-num">{formatNumber(r.correctionRounds, lang)}</td>
                    <td>
                      <time dateTime={r.updatedAt}>{formatDateTime(r.updatedAt, lang)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <ul className="ag-cards" aria-label={t('queue.table.caption')} aria-busy={isUpdating || undefined}>
            {data.items.map((r) => (
              <li key={r.id} className="ag-card">
                <div className="ag-card-head">
                  <Link to={`/requests/${r.id}`} className="ag-card-ref">
                    {r.reference}
                  </Link>
                  <StateBadge state={r.state} />
                </div>
                <p className="ag-card-service">{r.service.name}</p>
                <p className="ag-card-institution">{r.institution.name}</p>
                <dl className="ag-card-facts">
                  <div>
                    <dt>{t('queue.table.waiting')}</dt>
                    <dd>
                      <Waiting request={r} now={now} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('queue.table.assignee')}</dt>
                    <dd>{assignee(r)}</dd>
                  </div>
                  <div>
                    <dt>{t('queue.table.rounds')}</dt>
                    <dd>{formatNumber(r.correctionRounds, lang)}</dd>
                  </div>
                  <div>
                    <dt>{t('queue.table.updated')}</dt>
                    <dd>
                      <time dateTime={r.updatedAt}>{formatDateTime(r.updatedAt, lang)}</time>
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination
        page={data.page}
        pageSize={data.pageSize}
        total={data.total}
        onPage={(page) => onChange(changeFilters(filters, { page }))}
      />
    </div>
  );
}

/** How long the request has waited in its current state; a closed request waits for nobody. */
function Waiting({ request, now }: { request: RequestItem; now: Date }) {
  const { t, i18n } = useTranslation('agency');
  if (finalStates.includes(request.state as State)) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('queue.table.notWaiting')}</span>
      </>
    );
  }
  return (
    <time dateTime={request.stateChangedAt} title={formatDateTime(request.stateChangedAt, i18n.language)}>
      {formatElapsed(request.stateChangedAt, i18n.language, now)}
    </time>
  );
}
