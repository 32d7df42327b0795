import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { AttachmentField } from '../components/attachment-field';
import { ConsultationBadge, ReplyBy } from '../components/consultation-badge';
import { fileProblems, formatSize, toAttachments } from '../components/consultation-model';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem } from '../components/form-problem';
import { formatDateTime } from '../i18n/format';
import '../styles/requests.css';
import '../styles/agency.css';

type Ticket = ResponseOf<'getConsultation'>;

/** One consultation: its facts, the thread with attachments, the reply and close forms, the history. */
export function ConsultationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation(['consultations', 'common']);
  const queryClient = useQueryClient();
  const key = ['consultations', 'one', id];
  const ticket = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/consultations/{id}', { params: { path: { id } } })),
  });
  useDocumentTitle(ticket.data ? `${ticket.data.reference} ${ticket.data.subject}` : t('title'));

  const refresh = async (view: Ticket) => {
    queryClient.setQueryData(key, view);
    await queryClient.invalidateQueries({ queryKey: ['consultations'], exact: false });
  };

  if (ticket.isPending) return <Loading />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const c = ticket.data;
  const lang = i18n.language;

  return (
    <section>
      <p>
        <Link to="/consultations">{t('detail.back')}</Link>
      </p>
      <div className="page-header">
        <h1>
          {c.reference} {c.subject}
        </h1>
        <ConsultationBadge status={c.status} />
      </div>
      <dl className="card consultation-facts">
        <div>
          <dt>{t('detail.institution')}</dt>
          <dd>{c.institution.name}</dd>
        </div>
        <div>
          <dt>{t('detail.openedBy')}</dt>
          <dd>
            {c.openedBy.displayName}, <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, lang)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('detail.category')}</dt>
          <dd>{t(`category.${c.category}`)}</dd>
        </div>
        <div>
          <dt>{t('detail.replyBy')}</dt>
          <dd>
            <ReplyBy
              replyBy={c.replyBy}
              overdue={c.overdue}
              label={c.replyBy ? formatDateTime(c.replyBy, lang) : ''}
            />
          </dd>
        </div>
      </dl>

      <section className="card thread" aria-labelledby="consultation-thread">
        <h2 id="consultation-thread">{t('detail.thread')}</h2>
        <ol className="thread-items">
          {c.messages.map((m) => (
            <li key={m.id} className={`thread-item from-${m.author.party}`}>
              <p className="thread-meta">
                <strong>{m.author.displayName}</strong>
                <span className="muted">{t(`detail.party.${m.author.party}`)}</span>
                <time dateTime={m.createdAt} className="muted">
                  {formatDateTime(m.createdAt, lang)}
                </time>
                {m.source === 'email' ? (
                  <span className="muted">{t('detail.via', { source: t('source.email') })}</span>
                ) : null}
              </p>
              <p className="prewrap thread-body">{m.body}</p>
              {m.attachments.length > 0 ? (
                <ul className="consultation-attachments" aria-label={t('detail.attachmentsOf')}>
                  {m.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={`/api/v1/consultations/${c.id}/attachments/${a.id}`} download={a.filename}>
                        {t('detail.download', { name: a.filename, size: formatSize(a.size, lang) })}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
        {c.allowedActions.includes('message') ? <ReplyForm ticket={c} onDone={refresh} /> : null}
      </section>

      {c.allowedActions.includes('close') ? <CloseForm ticket={c} onDone={refresh} /> : null}

      <section className="card" aria-labelledby="consultation-history">
        <h2 id="consultation-history">{t('detail.history')}</h2>
        <ol className="consultation-history">
          {c.history.map((e) => (
            <li key={e.id}>
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time> — {e.actor.displayName}:{' '}
              {t(`event.${e.action}`)}
              {e.toStatus ? ` (${t(`status.${e.toStatus}`)})` : ''}
              {e.reason ? `. ${t('reason', { reason: e.reason })}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

function ReplyForm({ ticket, onDone }: { ticket: Ticket; onDone: (view: Ticket) => Promise<void> }) {
  const { t } = useTranslation('consultations');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [inputKey, setInputKey] = useState(0);
  const [invalid, setInvalid] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const send = useMutation({
    mutationFn: async () =>
      unwrap(
        api.POST('/api/v1/consultations/{id}/messages', {
          params: { path: { id: ticket.id } },
          body: { version: ticket.version, body: body.trim(), attachments: await toAttachments(files) },
        }),
      ),
    onSuccess: async (view) => {
      setBody('');
      setFiles([]);
      setInputKey((k) => k + 1);
      setAnnouncement(t('detail.sent'));
      await onDone(view);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setAnnouncement('');
    send.reset();
    const bad = !body.trim() || fileProblems(files).length > 0;
    setInvalid(bad);
    if (!bad) send.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="thread-form">
      <h3>{t('detail.reply')}</h3>
      <Field
        label={ticket.party === 'agency' ? t('detail.replyLabelAgency') : t('detail.replyLabelInstitution')}
        hint={ticket.status === 'closed' ? t('detail.replyHintClosed') : undefined}
        error={invalid && !body.trim() ? t('form.problems.body') : undefined}
      >
        {(props) => <textarea {...props} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <AttachmentField files={files} onChange={setFiles} showProblems={invalid} inputKey={inputKey} />
      <FormProblem error={send.error} invalid={invalid} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={send.isPending}>
          {t('detail.send')}
        </button>
        <span role="status" className="muted">
          {announcement}
        </span>
      </div>
    </form>
  );
}

function CloseForm({ ticket, onDone }: { ticket: Ticket; onDone: (view: Ticket) => Promise<void> }) {
  const { t } = useTranslation('consultations');
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/consultations/{id}/close', {
          params: { path: { id: ticket.id } },
          body: { version: ticket.version, ...(reason.trim() && { reason: reason.trim() }) },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        close.mutate();
      }}
      aria-labelledby="consultation-close"
    >
      <h2 id="consultation-close">{t('detail.close')}</h2>
      <Field label={t('detail.closeReason')}>
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <ErrorAlert error={close.error} />
      <button type="submit" className="button-secondary" disabled={close.isPending}>
        {t('detail.confirmClose')}
      </button>
    </form>
  );
}
