import { type FormEvent, type RefObject, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ActVersion,
  actDownloadUrl,
  type ContainerReport,
  maxContainerBytes,
  reportOfRefusal,
  useAct,
  useIssueAct,
  useUploadSignedAct,
} from '../api/act-queries';
import type { RequestView } from '../api/request-queries';
import { formatDateTime } from '../i18n/format';
import { ErrorAlert, Loading } from './feedback';
import { Field } from './form';
import { VerificationReport } from './verification-report';
import '../styles/acts.css';

// Step 3 on the request page. The agency issues the act (one action; the server signs it); both
// parties download the PDF and the container; the institution (or the agency, for a container that
// reached it by other means) uploads the signed container and sees the verification report. What is
// possible comes from the server (`canIssue`, `canUpload`), never from rules of this file.

export function ActPanel({ request }: { request: RequestView }) {
  const { t } = useTranslation('acts');
  const headingId = useId();
  const act = useAct(request.id);
  const [announcement, setAnnouncement] = useState('');
  if (act.isLoading) return <Loading />;
  if (!act.data) return <ErrorAlert error={act.error} />;
  const { current, versions, canIssue, canUpload } = act.data;
  const older = versions.filter((v) => !v.current);

  return (
    <section className="card act-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('panel.title')}</h2>
      <p className="muted">{t('panel.intro')}</p>
      {act.data.signing === 'demo' ? <p className="alert alert-warning">{t('panel.demo')}</p> : null}
      <p
        role="status"
        aria-live="polite"
        className={announcement ? 'alert alert-success' : 'visually-hidden'}
      >
        {announcement}
      </p>
      {current ? <CurrentAct requestId={request.id} act={current} /> : <p>{t('panel.none')}</p>}
      {canUpload && current ? <UploadForm requestId={request.id} onDone={setAnnouncement} /> : null}
      {canIssue ? (
        <IssueForm requestId={request.id} hasAct={Boolean(current)} onDone={setAnnouncement} />
      ) : null}
      {older.length > 0 ? (
        <>
          <h3>{t('panel.older')}</h3>
          <ul className="act-versions">
            {older.map((v) => (
              <OlderVersion key={v.id} requestId={request.id} act={v} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function CurrentAct({ requestId, act }: { requestId: string; act: ActVersion }) {
  const { t, i18n } = useTranslation('acts');
  const latest = act.containers.at(-1);
  return (
    <div className="act-current">
      <p>
        <strong>{t('panel.number', { number: act.number, version: act.version })}</strong>
      </p>
      <p className="muted">
        {t('panel.issuedBy', {
          name: act.issuedBy.displayName,
          date: formatDateTime(act.issuedAt, i18n.language),
        })}
        {' · '}
        {t('panel.language', { language: t(`issue.${act.language}`) })}
      </p>
      <p className="act-hash muted">
        {t('panel.sha256')}: <code>{act.sha256}</code>
      </p>
      <p className="act-downloads">
        <a href={actDownloadUrl(requestId, 'pdf', act.version)} download>
          {t('panel.downloadPdf')}
        </a>
        <a href={actDownloadUrl(requestId, 'container', act.version)} download>
          {t(act.containers.some((c) => c.complete) ? 'panel.downloadSigned' : 'panel.downloadContainer')}
        </a>
      </p>
      {latest ? (
        <>
          <h3>{t('panel.containers')}</h3>
          <ul className="act-versions">
            {act.containers.map((c) => (
              <li key={c.id}>
                {c.source === 'issued'
                  ? t('panel.containerIssued', { date: formatDateTime(c.createdAt, i18n.language) })
                  : t('panel.containerUploaded', {
                      name: c.createdBy.displayName,
                      date: formatDateTime(c.createdAt, i18n.language),
                    })}{' '}
                — {c.complete ? t('panel.complete') : t('panel.incomplete')}
              </li>
            ))}
          </ul>
          <VerificationReport
            report={latest.report}
            headingLevel={4}
            {...(!latest.complete && { awaiting: t('panel.awaitingInstitution') })}
          />
        </>
      ) : null}
    </div>
  );
}

function OlderVersion({ requestId, act }: { requestId: string; act: ActVersion }) {
  const { t, i18n } = useTranslation('acts');
  return (
    <li>
      {t('panel.superseded', { version: act.version, date: formatDateTime(act.issuedAt, i18n.language) })}{' '}
      <a href={actDownloadUrl(requestId, 'pdf', act.version)} download>
        {t('panel.downloadPdf')}
      </a>
    </li>
  );
}

function IssueForm({
  requestId,
  hasAct,
  onDone,
}: {
  requestId: string;
  hasAct: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('acts');
  const issue = useIssueAct(requestId);
  const [language, setLanguage] = useState<'lv' | 'en'>('lv');
  const [note, setNote] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    onDone('');
    const view = await issue.mutateAsync({
      language,
      ...(note.trim() ? { conclusionNote: note.trim() } : {}),
    });
    setNote('');
    if (view.current) onDone(t('issue.done', { number: view.current.number, version: view.current.version }));
  }

  return (
    <form onSubmit={(e) => void submit(e).catch(() => undefined)} noValidate>
      <h3>{hasAct ? t('issue.titleNew') : t('issue.title')}</h3>
      <p className="hint">{t('issue.hint')}</p>
      <Field label={t('issue.language')}>
        {(props) => (
          <select {...props} value={language} onChange={(e) => setLanguage(e.target.value as 'lv' | 'en')}>
            <option value="lv">{t('issue.lv')}</option>
            <option value="en">{t('issue.en')}</option>
          </select>
        )}
      </Field>
      <Field label={t('issue.note')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <ErrorAlert error={issue.error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={issue.isPending}>
          {issue.isPending ? t('issue.busy') : hasAct ? t('issue.submitNew') : t('issue.submit')}
        </button>
      </div>
    </form>
  );
}

function UploadForm({ requestId, onDone }: { requestId: string; onDone: (message: string) => void }) {
  const { t } = useTranslation('acts');
  const upload = useUploadSignedAct(requestId);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState('');
  const [refused, setRefused] = useState<ContainerReport | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    onDone('');
    setRefused(null);
    const problem = !file ? t('upload.noFile') : file.size > maxContainerBytes ? t('upload.tooLarge') : '';
    setFieldError(problem);
    if (problem || !file) {
      inputRef.current?.focus();
      return;
    }
    try {
      await upload.mutateAsync(file);
      onDone(t('upload.done'));
    } catch (error) {
      setRefused(reportOfRefusal(error));
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('upload.title')}</h3>
      <ContainerFileField
        label={t('upload.file')}
        hint={t('upload.hint')}
        error={fieldError}
        inputRef={inputRef}
        onPick={(picked) => {
          setFieldError('');
          setFile(picked);
        }}
      />
      {refused ? (
        <div className="alert alert-error" role="alert">
          <p>{t('upload.refused')}</p>
        </div>
      ) : (
        <ErrorAlert error={upload.error} />
      )}
      {refused ? <VerificationReport report={refused} headingLevel={4} /> : null}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={upload.isPending}>
          {upload.isPending ? t('upload.busy') : t('upload.submit')}
        </button>
      </div>
    </form>
  );
}

/** The file picker for an ASiC-E container (.asice, .edoc), shared by the upload form and the verify page. */
export function ContainerFileField({
  label,
  hint,
  error,
  inputRef,
  onPick,
}: {
  label: string;
  hint?: string;
  error: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onPick: (file: File | null) => void;
}) {
  return (
    <Field label={label} {...(hint ? { hint } : {})} error={error}>
      {(props) => (
        <input
          {...props}
          ref={inputRef}
          type="file"
          accept=".asice,.edoc,.sce,application/vnd.etsi.asic-e+zip"
          onChange={(e) => onPick(e.target.files?.[0] ?? null)}
        />
      )}
    </Field>
  );
}
