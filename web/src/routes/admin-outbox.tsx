import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { Field } from '../components/form';
import { PagedTable } from '../components/paged-table';
import { formatDateTime } from '../i18n/format';
import '../styles/agency.css';

type Message = ResponseOf<'listOutbox'>['items'][number];
type Status = Message['status'];
const statuses: readonly Status[] = ['pending', 'sending', 'sent', 'failed'];
const pageSize = 50;

/** The e-mail outbox for agency admins: what waits, what went, what failed and why; failed ones can be retried. */
export function OutboxPage() {
  const { t, i18n } = useTranslation('mail');
  useDocumentTitle(t('outbox.title'));
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | ''>('');
  const [page, setPage] = useState(1);
  const [retried, setRetried] = useState<Message | null>(null);
  const [reason, setReason] = useState('');
  const outbox = useQuery({
    queryKey: ['outbox', status, page],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/outbox', {
          params: { query: { ...(status && { status }), page, pageSize } },
        }),
      ),
  });
  const retry = useMutation({
    mutationFn: (message: Message) =>
      unwrap(
        api.POST('/api/v1/outbox/{id}/retry', {
          params: { path: { id: message.id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: async (message) => {
      setRetried(message);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['outbox'] });
    },
  });

  return (
    <section>
      <div className="page-header">
        <h1>{t('outbox.title')}</h1>
        <Link to="/dev-mailbox">{t('outbox.devMailbox')}</Link>
      </div>
      <p className="ag-lead">{t('outbox.intro')}</p>

      <div className="ag-filter-grid">
        <Field label={t('outbox.status')}>
          {(props) => (
            <select
              {...props}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as Status | '');
                setPage(1);
              }}
            >
              <option value="">{t('outbox.allStatuses')}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`outbox.statuses.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('outbox.retryReason')} hint={t('outbox.retryReasonHint')}>
          {(props) => (
            <input {...props} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      </div>

      <div role="status">
        {retried ? (
          <div className="alert alert-success">
            <p>{t('outbox.retried', { subject: retried.subject })}</p>
          </div>
        ) : null}
      </div>
      <PagedTable
        data={outbox.data}
        isPending={outbox.isPending}
        error={outbox.error ?? retry.error}
        caption={t('outbox.tableCaption')}
        empty={t('outbox.empty')}
        page={page}
        pageSize={pageSize}
        onPage={setPage}
      >
        {(items) => (
          <>
            <thead>
              <tr>
                <th scope="col">{t('outbox.createdAt')}</th>
                <th scope="col">{t('outbox.recipient')}</th>
                <th scope="col">{t('outbox.subject')}</th>
                <th scope="col">{t('outbox.status')}</th>
                <th scope="col">{t('outbox.attempts')}</th>
                <th scope="col">{t('outbox.nextAttempt')}</th>
                <th scope="col">{t('outbox.error')}</th>
                <th scope="col">{t('outbox.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((message) => (
                <tr key={message.id}>
                  <td className="ag-nowrap">
                    <time dateTime={message.createdAt}>
                      {formatDateTime(message.createdAt, i18n.language)}
                    </time>
                  </td>
                  <td>{message.recipient}</td>
                  <th scope="row">{message.subject}</th>
                  <td>{t(`outbox.statuses.${message.status}`)}</td>
                  <td>{message.attempts}</td>
                  <td className="ag-nowrap">
                    {message.nextAttemptAt ? (
                      <time dateTime={message.nextAttemptAt}>
                        {formatDateTime(message.nextAttemptAt, i18n.language)}
                      </time>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{message.lastError ?? '—'}</td>
                  <td>
                    {message.status === 'failed' ? (
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={t('outbox.retryFor', { subject: message.subject })}
                        disabled={retry.isPending}
                        onClick={() => {
                          setRetried(null);
                          retry.mutate(message);
                        }}
                      >
                        {t('outbox.retry')}
                      </button>
                    ) : null}
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
