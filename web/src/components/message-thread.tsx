import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { type Message, requestKeys } from '../api/request-queries';
import { formatDateTime } from '../i18n/format';
import { isAgency, useSession } from '../session';
import { ErrorAlert, Loading } from './feedback';
import { Field } from './form';
import '../styles/requests.css';

// Two streams on a request share this component: the consultation thread both parties write to in
// any state (step 5), and the agency's internal notes, which the institution never sees.

export type ThreadKind = 'messages' | 'notes';

const load: Record<ThreadKind, (id: string) => Promise<{ items: Message[] }>> = {
  messages: (id) => unwrap(api.GET('/api/v1/requests/{id}/messages', { params: { path: { id } } })),
  notes: (id) => unwrap(api.GET('/api/v1/requests/{id}/notes', { params: { path: { id } } })),
};
const post: Record<ThreadKind, (id: string, body: string) => Promise<Message>> = {
  messages: (id, body) =>
    unwrap(api.POST('/api/v1/requests/{id}/messages', { params: { path: { id } }, body: { body } })),
  notes: (id, body) =>
    unwrap(api.POST('/api/v1/requests/{id}/notes', { params: { path: { id } }, body: { body } })),
};

export function MessageThread({ requestId, kind }: { requestId: string; kind: ThreadKind }) {
  const { t, i18n } = useTranslation(['requests', 'common']);
  const { user } = useSession();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const key = kind === 'messages' ? requestKeys.messages(requestId) : requestKeys.notes(requestId);
  const thread = useQuery({ queryKey: key, queryFn: () => load[kind](requestId) });
  const send = useMutation({
    mutationFn: (text: string) => post[kind](requestId, text),
    onSuccess: async () => {
      setBody('');
      setAnnouncement(t(`thread.${kind}.sent`));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: key }),
        queryClient.invalidateQueries({ queryKey: requestKeys.history(requestId) }),
      ]);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setAnnouncement('');
    if (!body.trim()) {
      setError(t(`thread.${kind}.empty`));
      return;
    }
    setError(undefined);
    send.mutate(body.trim());
  }

  const items = thread.data?.items ?? [];
  return (
    <section className={`card thread thread-${kind}`} aria-labelledby={headingId}>
      {/* The agency talks with the institution, the institution with the agency. */}
      <h2 id={headingId}>
        {t(
          kind === 'messages' && isAgency(user?.role)
            ? 'thread.messages.titleAgency'
            : `thread.${kind}.title`,
        )}
      </h2>
      <p className={kind === 'notes' ? 'internal-warning' : 'muted'}>{t(`thread.${kind}.intro`)}</p>
      {thread.isLoading ? <Loading /> : <ErrorAlert error={thread.error} />}
      {thread.isSuccess && items.length === 0 ? <p className="muted">{t(`thread.${kind}.none`)}</p> : null}
      {items.length > 0 ? (
        <ol className="thread-items">
          {items.map((m) => (
            <li
              key={m.id}
              className={`thread-item ${m.author.role === 'institution_member' ? 'from-institution' : 'from-agency'}`}
            >
              <p className="thread-meta">
                <strong>{m.author.displayName}</strong>
                <span className="muted">{t(`common:role.${m.author.role}`)}</span>
                <time dateTime={m.createdAt} className="muted">
                  {formatDateTime(m.createdAt, i18n.language)}
                </time>
              </p>
              <p className="prewrap thread-body">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <form onSubmit={submit} noValidate className="thread-form">
        <Field label={t(`thread.${kind}.label`)} hint={t(`thread.${kind}.hint`)} error={error}>
          {(props) => <textarea {...props} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
        <ErrorAlert error={send.error} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={send.isPending}>
            {t(`thread.${kind}.send`)}
          </button>
          <span role="status" className="muted">
            {announcement}
          </span>
        </div>
      </form>
    </section>
  );
}
