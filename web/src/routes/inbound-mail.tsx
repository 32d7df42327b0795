import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type BodyOf, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { Field } from '../components/form';
import { FormProblem } from '../components/form-problem';
import { formatDateTime } from '../i18n/format';
import { useSession } from '../session';
import '../styles/agency.css';

type Mail = ResponseOf<'getInboundMail'>;
type Action = BodyOf<'releaseQuarantinedMail'>['action'];
const actions: readonly Action[] = [
  'deliverToRequest',
  'deliverToConsultation',
  'openConsultation',
  'reject',
];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One received e-mail: who sent it, why it waits, its text and attachments, its history and the decision. */
export function InboundMailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('mail');
  const queryClient = useQueryClient();
  const key = ['inbound-mail', id];
  const mail = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/support-mailbox/mails/{id}', { params: { path: { id } } })),
  });
  useDocumentTitle(mail.data?.subject || t('inbound.title'));
  if (mail.isPending) return <Loading />;
  if (!mail.data) return <ErrorAlert error={mail.error} />;
  const m = mail.data;
  const lang = i18n.language;
  const base = `/api/v1/support-mailbox/mails/${m.id}`;

  return (
    <section>
      <p>
        <Link to="/support-mailbox/quarantine">{t('inbound.back')}</Link>
      </p>
      <div className="page-header">
        <h1>{m.subject || t('quarantine.noSubject')}</h1>
      </div>
      <dl className="ag-card">
        <dt>{t('inbound.status')}</dt>
        <dd>
          {t(`inbound.statuses.${m.status}`)}
          {m.reason ? ` — ${t(`quarantine.reasons.${m.reason}`, { defaultValue: m.reason })}` : ''}
          {m.reasonDetail ? ` (${m.reasonDetail})` : ''}
        </dd>
        <dt>{t('inbound.from')}</dt>
        <dd>{m.fromHeader ?? '—'}</dd>
        <dt>{t('inbound.envelope')}</dt>
        <dd>
          {m.envelopeFrom ?? '<>'} → {m.envelopeTo.join(', ')} ({m.remoteAddress})
        </dd>
        <dt>{t('inbound.sender')}</dt>
        <dd>
          {m.sender
            ? `${m.sender.displayName} (${m.sender.institutionName ?? t('inbound.agency')})${m.sender.isActive ? '' : ` — ${t('inbound.inactive')}`}`
            : t('inbound.unknownSender')}
        </dd>
        <dt>{t('inbound.receivedAt')}</dt>
        <dd>
          <time dateTime={m.receivedAt}>{formatDateTime(m.receivedAt, lang)}</time>
        </dd>
        {m.token ? (
          <>
            <dt>{t('inbound.token')}</dt>
            <dd>
              <Link to={`/${m.token.kind === 'request' ? 'requests' : 'consultations'}/${m.token.targetId}`}>
                {t(`inbound.tokenKinds.${m.token.kind}`)}
              </Link>
            </dd>
          </>
        ) : null}
        {m.routed ? (
          <>
            <dt>{t('inbound.routed')}</dt>
            <dd>
              <Link
                to={`/${m.routed.kind === 'request_message' ? 'requests' : 'consultations'}/${m.routed.targetId}`}
              >
                {t(`inbound.routedKinds.${m.routed.kind}`)}
              </Link>
            </dd>
          </>
        ) : null}
        <dt>{t('inbound.size')}</dt>
        <dd>
          {m.sizeBytes} B · SHA-256 <code>{m.sha256}</code>
        </dd>
      </dl>
      <p>
        <a href={`${base}/raw`} download>
          {t('inbound.downloadRaw')}
        </a>
      </p>

      <section className="ag-card" aria-labelledby="inbound-text">
        <h2 id="inbound-text">{t('inbound.text')}</h2>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{m.text || t('inbound.noText')}</pre>
        {m.html ? (
          <details>
            <summary>{t('inbound.html')}</summary>
            {/* Sanitised on the server; shown in a sandbox with no scripts, no same origin. */}
            <iframe
              title={t('inbound.html')}
              sandbox=""
              srcDoc={m.html}
              style={{ width: '100%', minHeight: '12rem' }}
            />
          </details>
        ) : null}
      </section>

      {m.attachments.length > 0 ? (
        <section className="ag-card" aria-labelledby="inbound-attachments">
          <h2 id="inbound-attachments">{t('inbound.attachments')}</h2>
          <ul>
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={`${base}/attachments/${a.id}`} download>
                  {a.filename}
                </a>{' '}
                ({a.contentType}, {a.sizeBytes} B){a.isAllowed ? '' : ` — ${t('inbound.blocked')}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {m.status === 'quarantined' ? (
        <ReleaseForm mail={m} onDone={(view) => queryClient.setQueryData(key, view)} />
      ) : null}

      <section className="ag-card" aria-labelledby="inbound-history">
        <h2 id="inbound-history">{t('inbound.history')}</h2>
        <ol>
          {m.events.map((e) => (
            <li key={`${e.createdAt}-${e.action}`}>
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, lang)}</time> —{' '}
              {e.actor?.displayName ?? t('inbound.receiver')}: {t(`inbound.statuses.${e.toStatus}`)}
              {e.reason ? ` (${t(`quarantine.reasons.${e.reason}`, { defaultValue: e.reason })})` : ''}
              {e.comment ? `. ${e.comment}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

function ReleaseForm({ mail, onDone }: { mail: Mail; onDone: (view: Mail) => void }) {
  const { t } = useTranslation('mail');
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>(
    mail.token?.kind === 'consultation' ? 'deliverToConsultation' : 'deliverToRequest',
  );
  const [targetId, setTargetId] = useState(mail.token?.targetId ?? '');
  const [authorUserId, setAuthorUserId] = useState(mail.sender?.id ?? user?.id ?? '');
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState(false);
  // The session may arrive after the form: then you are the author unless the sender is known.
  useEffect(() => {
    if (user) setAuthorUserId((current) => current || user.id);
  }, [user]);
  const release = useMutation({
    mutationFn: () => {
      const common = { version: mail.version, ...(comment.trim() && { comment: comment.trim() }) };
      const body: BodyOf<'releaseQuarantinedMail'> =
        action === 'reject'
          ? { action, reason: comment.trim(), version: mail.version }
          : action === 'deliverToRequest'
            ? { action, requestId: targetId.trim(), authorUserId: authorUserId.trim(), ...common }
            : action === 'deliverToConsultation'
              ? { action, consultationId: targetId.trim(), authorUserId: authorUserId.trim(), ...common }
              : { action, authorUserId: authorUserId.trim(), ...common };
      return unwrap(
        api.POST('/api/v1/support-mailbox/mails/{id}/release', { params: { path: { id: mail.id } }, body }),
      );
    },
    onSuccess: async (view) => {
      onDone(view);
      await queryClient.invalidateQueries({ queryKey: ['quarantine'] });
    },
  });
  const needsTarget = action === 'deliverToRequest' || action === 'deliverToConsultation';
  const targetProblem = needsTarget && !uuid.test(targetId.trim());
  const authorProblem = action !== 'reject' && !uuid.test(authorUserId.trim());
  const reasonProblem = action === 'reject' && comment.trim().length < 3;

  function submit(event: FormEvent) {
    event.preventDefault();
    release.reset();
    const bad = targetProblem || authorProblem || reasonProblem;
    setInvalid(bad);
    if (!bad) release.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="ag-card">
      <h2>{t('inbound.decide')}</h2>
      <fieldset>
        <legend>{t('inbound.action')}</legend>
        {actions.map((a) => (
          <label key={a} style={{ display: 'block' }}>
            <input
              type="radio"
              name="action"
              value={a}
              checked={action === a}
              onChange={() => setAction(a)}
            />{' '}
            {t(`inbound.actions.${a}`)}
          </label>
        ))}
      </fieldset>
      {needsTarget ? (
        <Field
          label={action === 'deliverToRequest' ? t('inbound.requestId') : t('inbound.consultationId')}
          hint={t('inbound.targetHint')}
          error={invalid && targetProblem ? t('inbound.problems.target') : undefined}
          required
        >
          {(props) => (
            <ChoiceOrId
              inputProps={props}
              value={targetId}
              onChange={setTargetId}
              otherLabel={t('inbound.otherId')}
              chooseLabel={t('inbound.choose')}
              choices={
                action === 'deliverToRequest'
                  ? mail.suggestions.requests.map((r) => ({
                      id: r.id,
                      label: `${r.reference} — ${r.serviceName}`,
                    }))
                  : mail.suggestions.consultations.map((c) => ({
                      id: c.id,
                      label: `${c.reference} — ${c.subject}`,
                    }))
              }
            />
          )}
        </Field>
      ) : null}
      {action !== 'reject' ? (
        <Field
          label={t('inbound.author')}
          hint={t('inbound.authorHint')}
          error={invalid && authorProblem ? t('inbound.problems.author') : undefined}
          required
        >
          {(props) => (
            <ChoiceOrId
              inputProps={props}
              value={authorUserId}
              onChange={setAuthorUserId}
              otherLabel={t('inbound.otherId')}
              chooseLabel={t('inbound.choose')}
              choices={[
                ...(mail.sender
                  ? [
                      {
                        id: mail.sender.id,
                        label: t('inbound.senderChoice', {
                          name: mail.sender.displayName,
                          email: mail.sender.email,
                        }),
                      },
                    ]
                  : []),
                ...(user && user.id !== mail.sender?.id
                  ? [{ id: user.id, label: t('inbound.meChoice', { name: user.displayName }) }]
                  : []),
              ]}
            />
          )}
        </Field>
      ) : null}
      <Field
        label={action === 'reject' ? t('inbound.rejectReason') : t('inbound.comment')}
        error={invalid && reasonProblem ? t('inbound.problems.reason') : undefined}
        required={action === 'reject'}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        )}
      </Field>
      <FormProblem error={release.error} invalid={invalid} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={release.isPending}>
          {action === 'reject' ? t('inbound.reject') : t('inbound.release')}
        </button>
      </div>
    </form>
  );
}

type Choice = { id: string; label: string };

/**
 * A list of likely choices (the mail's own references, the sender's institution's open requests or
 * consultations; the sender, you), with "another — enter its id" for anything else. The field's
 * label and error belong to the list; the id input, when shown, is labelled by the same field.
 */
function ChoiceOrId({
  inputProps,
  value,
  onChange,
  choices,
  otherLabel,
  chooseLabel,
}: {
  inputProps: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; required?: boolean };
  value: string;
  onChange: (id: string) => void;
  choices: Choice[];
  otherLabel: string;
  chooseLabel: string;
}) {
  const [typing, setTyping] = useState(false);
  if (choices.length === 0) {
    return <input {...inputProps} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  // An id given some other way (a reply token's target) that is not among the choices shows as typed.
  const showInput = typing || (value !== '' && !choices.some((c) => c.id === value));
  return (
    <>
      <select
        {...inputProps}
        value={showInput ? other : value}
        onChange={(e) => {
          const chosen = e.target.value;
          setTyping(chosen === other);
          onChange(chosen === other ? '' : chosen);
        }}
      >
        {value === '' && !showInput ? <option value="">{chooseLabel}</option> : null}
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
        <option value={other}>{otherLabel}</option>
      </select>
      {showInput ? (
        <input
          aria-label={otherLabel}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          style={{ marginTop: '0.5rem' }}
        />
      ) : null}
    </>
  );
}

const other = '__other__';
