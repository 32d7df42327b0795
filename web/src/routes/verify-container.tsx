import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { maxContainerBytes, type VerifyResult, verifyContainerFile } from '../api/act-queries';
import { ContainerFileField } from '../components/act-panel';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert } from '../components/feedback';
import { VerificationReport } from '../components/verification-report';

/** Checks any ASiC-E container (verifyContainer): nothing is stored or changed. */
export function VerifyContainerPage() {
  const { t } = useTranslation('acts');
  useDocumentTitle(t('verify.title'));
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fieldError, setFieldError] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<VerifyResult | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = !file ? t('upload.noFile') : file.size > maxContainerBytes ? t('upload.tooLarge') : '';
    setFieldError(problem);
    if (problem || !file) {
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await verifyContainerFile(file));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>{t('verify.title')}</h1>
      </div>
      <section className="card act-panel">
        <p>{t('verify.intro')}</p>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ContainerFileField
            label={t('verify.file')}
            error={fieldError}
            inputRef={inputRef}
            onPick={(picked) => {
              setFieldError('');
              setFile(picked);
            }}
          />
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t('verify.busy') : t('verify.submit')}
            </button>
          </div>
        </form>
        {result ? (
          <div aria-live="polite">
            {result.act ? (
              <p>
                {t('verify.act', {
                  number: result.act.number,
                  version: result.act.version,
                  reference: result.act.reference,
                })}{' '}
                {result.act.current ? t('verify.actCurrent') : t('verify.actSuperseded')}{' '}
                <Link to={`/requests/${result.act.requestId}`}>{t('verify.openRequest')}</Link>
              </p>
            ) : (
              <p className="muted">{t('verify.noAct')}</p>
            )}
            <VerificationReport report={result.report} headingLevel={2} />
          </div>
        ) : null}
      </section>
    </>
  );
}
