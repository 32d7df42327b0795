import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type ConsultationCategory, consultationCategories } from '../../../src/consultations/categories.ts';
import { api, unwrap } from '../api/client';
import { ConsultationBadge, type ConsultationStatus, ReplyBy } from '../components/consultation-badge';
import { useDocumentTitle } from '../components/document-title';
import { Field } from '../components/form';
import { PagedTable } from '../components/paged-table';
import { formatDateTime } from '../i18n/format';
import { isAgency, useSession } from '../session';
import '../styles/agency.css';

type Category = ConsultationCategory;
const statuses: readonly ConsultationStatus[] = ['open', 'answered', 'closed'];
const pageSize = 25;

/**
 * Consultations: for the agency, a queue of every institution's tickets by reply-by time with the
 * overdue ones marked; for an institution user, their institution's tickets. Filters live in the URL.
 */
export function ConsultationsPage() {
  const { t, i18n } = useTranslation('consultations');
  useDocumentTitle(t('title'));
  const { user } = useSession();
  const agency = isAgency(user?.role);
  const [search, setSearch] = useSearchParams();
  const status = (search.get('status') ?? '') as ConsultationStatus | '';
  const category = (search.get('category') ?? '') as Category | '';
  const overdue = search.get('overdue') === 'true';
  const mine = search.get('mine') === 'true';
  const page = Number(search.get('page') ?? '1') || 1;

  const list = useQuery({
    queryKey: ['consultations', status, category, overdue, mine, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/consultations', {
          params: {
            query: {
              ...(status && { status }),
              ...(category && { category }),
              ...(overdue && { overdue: 'true' as const }),
              ...(mine && { mine: 'true' as const }),
              page,
              pageSize,
            },
          },
        }),
      ),
  });

  function update(name: string, value: string) {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setSearch(next);
  }

  return (
    <section>
      <div className="page-header">
        <h1>{t('title')}</h1>
        {user?.role === 'institution_member' ? (
          <Link className="button-primary" to="/consultations/new">
            {t('new')}
          </Link>
        ) : null}
      </div>
      <p className="ag-lead">{agency ? t('queueIntro') : t('ownIntro')}</p>

      <div className="ag-filter-grid">
        <Field label={t('filters.status')}>
          {(props) => (
            <select {...props} value={status} onChange={(e) => update('status', e.target.value)}>
              <option value="">{t('filters.allStatuses')}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('filters.category')}>
          {(props) => (
            <select {...props} value={category} onChange={(e) => update('category', e.target.value)}>
              <option value="">{t('filters.allCategories')}</option>
              {consultationCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field consultation-checks">
          <label>
            <input
              type="checkbox"
              checked={overdue}
              onChange={(e) => update('overdue', e.target.checked ? 'true' : '')}
            />{' '}
            {t('filters.overdue')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={mine}
              onChange={(e) => update('mine', e.target.checked ? 'true' : '')}
            />{' '}
            {t('filters.mine')}
          </label>
        </div>
      </div>

      <PagedTable
        data={list.data}
        isPending={list.isPending}
        error={list.error}
        caption={t('tableCaption')}
        empty={t('empty')}
        page={page}
        pageSize={pageSize}
        onPage={(p) => {
          const next = new URLSearchParams(search);
          next.set('page', String(p));
          setSearch(next);
        }}
      >
        {(items) => (
          <>
            <thead>
              <tr>
                <th scope="col">{t('columns.reference')}</th>
                <th scope="col">{t('columns.subject')}</th>
                {agency ? <th scope="col">{t('columns.institution')}</th> : null}
                <th scope="col">{t('columns.category')}</th>
                <th scope="col">{t('columns.status')}</th>
                <th scope="col">{t('columns.replyBy')}</th>
                <th scope="col">{t('columns.lastMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className={c.overdue ? 'consultation-row-overdue' : undefined}>
                  <td className="ag-nowrap">{c.reference}</td>
                  <th scope="row">
                    <Link to={`/consultations/${c.id}`}>{c.subject}</Link>
                  </th>
                  {agency ? <td>{c.institution.name}</td> : null}
                  <td>{t(`category.${c.category}`)}</td>
                  <td>
                    <ConsultationBadge status={c.status} />
                  </td>
                  <td className="ag-nowrap">
                    <ReplyBy
                      replyBy={c.replyBy}
                      overdue={c.overdue}
                      label={c.replyBy ? formatDateTime(c.replyBy, i18n.language) : ''}
                    />
                  </td>
                  <td className="ag-nowrap">
                    <time dateTime={c.lastMessageAt}>{formatDateTime(c.lastMessageAt, i18n.language)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </>
        )}
      </PagedTable>
    </section>
  );
}
