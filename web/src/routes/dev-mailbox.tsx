import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Pagination } from '../components/pagination';
import { formatDateTime } from '../i18n/format';
import '../styles/agency.css';

const pageSize = 20;

/** Mail "delivered" without an SMTP server, shown as plain text (never the HTML, which is the sender's markup). */
export function DevMailboxPage() {
  const { t, i18n } = useTranslation('mail');
  useDocumentTitle(t('devMailbox.title'));
  const [page, setPage] = useState(1);
  const mailbox = useQuery({
    queryKey: ['dev-mailbox', page],
    queryFn: () => unwrap(api.GET('/api/v1/dev-mailbox', { params: { query: { page, pageSize } } })),
  });

  return (
    <section>
      <div className="page-header">
        <h1>{t('devMailbox.title')}</h1>
      </div>
      <p className="ag-lead">{t('devMailbox.intro')}</p>
      <ErrorAlert error={mailbox.error} />
      {mailbox.isPending ? <Loading /> : null}
      {mailbox.data && mailbox.data.items.length === 0 ? <p>{t('devMailbox.empty')}</p> : null}
      {mailbox.data?.items.map((message) => (
        <article key={message.id} className="ag-card" aria-labelledby={`mail-${message.id}`}>
          <h2 id={`mail-${message.id}`}>{message.subject}</h2>
          <dl>
            <dt>{t('devMailbox.recipient')}</dt>
            <dd>{message.recipient}</dd>
            <dt>{t('devMailbox.sentAt')}</dt>
            <dd>
              <time dateTime={message.sentAt}>{formatDateTime(message.sentAt, i18n.language)}</time>
            </dd>
            <dt>{t('devMailbox.language')}</dt>
            <dd lang={message.language}>{t(`common:language.${message.language}`)}</dd>
          </dl>
          <pre lang={message.language} style={{ whiteSpace: 'pre-wrap' }}>
            {message.text}
          </pre>
          {message.requestId ? (
            <Link to={`/requests/${message.requestId}`}>{t('devMailbox.openRequest')}</Link>
          ) : null}
        </article>
      ))}
      {mailbox.data ? (
        <Pagination page={page} pageSize={pageSize} total={mailbox.data.total} onPage={setPage} />
      ) : null}
    </section>
  );
}
