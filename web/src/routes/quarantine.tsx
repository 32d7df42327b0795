import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { quarantineReasons } from '../../../src/support-mailbox/quarantine-reasons.ts';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { Field } from '../components/form';
import { PagedTable } from '../components/paged-table';
import { formatDateTime } from '../i18n/format';
import '../styles/agency.css';

type Item = ResponseOf<'listQuarantine'>['items'][number];
type Reason = Item['reason'];
const pageSize = 25;

/** Mail to the support address that waits for an agency user: newest first, filtered by reason. */
export function QuarantinePage() {
  const { t, i18n } = useTranslation('mail');
  useDocumentTitle(t('quarantine.title'));
  const [reason, setReason] = useState<Reason | ''>('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['quarantine', reason, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/support-mailbox/quarantine', {
          params: { query: { ...(reason && { reason }), page, pageSize } },
        }),
      ),
  });

  return (
    <section>
      <div className="page-header">
        <h1>{t('quarantine.title')}</h1>
      </div>
      <p className="ag-lead">{t('quarantine.intro')}</p>
      <div className="ag-filter-grid">
        <Field label={t('quarantine.reason')}>
          {(props) => (
            <select
              {...props}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value as Reason | '');
                setPage(1);
              }}
            >
              <option value="">{t('quarantine.allReasons')}</option>
              {quarantineReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`quarantine.reasons.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <PagedTable
        data={list.data}
        isPending={list.isPending}
        error={list.error}
        caption={t('quarantine.tableCaption')}
        empty={t('quarantine.empty')}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      >
        {(items) => (
          <>
            <thead>
              <tr>
                <th scope="col">{t('quarantine.receivedAt')}</th>
                <th scope="col">{t('quarantine.from')}</th>
                <th scope="col">{t('quarantine.subject')}</th>
                <th scope="col">{t('quarantine.reason')}</th>
                <th scope="col">{t('quarantine.attachments')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((mail) => (
                <tr key={mail.id}>
                  <td className="ag-nowrap">
                    <time dateTime={mail.receivedAt}>{formatDateTime(mail.receivedAt, i18n.language)}</time>
                  </td>
                  <td>{mail.fromHeader ?? mail.envelopeFrom ?? '—'}</td>
                  <th scope="row">
                    <Link to={`/support-mailbox/mails/${mail.id}`}>
                      {mail.subject || t('quarantine.noSubject')}
                    </Link>
                  </th>
                  <td>
                    {t(`quarantine.reasons.${mail.reason}`)}
                    {mail.reasonDetail ? ` (${mail.reasonDetail})` : ''}
                  </td>
                  <td>{mail.attachmentCount}</td>
                </tr>
              ))}
            </tbody>
          </>
        )}
      </PagedTable>
    </section>
  );
}
