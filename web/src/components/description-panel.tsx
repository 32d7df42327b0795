import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import {
  type DescriptionView,
  type Finding,
  type RequestView,
  useAfterDescriptionChange,
  useRequestDescription,
} from '../api/request-queries';
import { DescriptionUploadForm } from './description-upload-form';
import { ErrorAlert, Loading } from './feedback';
import { Field } from './form';
import { PickFromCatalog } from './pick-description-from-catalog';
import { SchemaChangesTable } from './schema-changes-table';
import { TableRegion } from './table-region';
import '../styles/requests.css';

/** A finding's message in the interface language (Latvian unless English is chosen). */
export function messageIn(message: Finding['message'], language: string): string {
  return language.startsWith('en') ? message.en : message.lv;
}

/** Where a finding is: file, line when known. */
export function locationOf(location: Finding['location']): string {
  return location.line ? `${location.file}:${location.line}` : location.file;
}

/**
 * The service's description (WSDL or OpenAPI) attached to the request: the institution or the
 * reviewer attaches it, everyone sees the check's results, and the reviewer may waive a finding.
 */
export function DescriptionPanel({ request }: { request: RequestView }) {
  const { t } = useTranslation('requests');
  const headingId = useId();
  const description = useRequestDescription(request.id);
  const [announcement, setAnnouncement] = useState('');
  const canAttach = request.capabilities.edit || request.capabilities.resolveCorrections;

  return (
    <section className="card description-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('description.title')}</h2>
      <p className="muted">{t('description.intro')}</p>
      <p
        role="status"
        aria-live="polite"
        className={announcement ? 'alert alert-success' : 'visually-hidden'}
      >
        {announcement}
      </p>
      {canAttach ? (
        <>
          <PickFromCatalog request={request} onAttached={() => setAnnouncement(t('description.attached'))} />
          <AttachForm request={request} onAttached={() => setAnnouncement(t('description.attached'))} />
        </>
      ) : null}
      {description.isLoading ? <Loading /> : <ErrorAlert error={description.error} />}
      {description.data === null ? <p>{t('description.none')}</p> : null}
      {description.data ? (
        <DescriptionResult
          request={request}
          description={description.data}
          onWaived={() => setAnnouncement(t('description.waive.done'))}
        />
      ) : null}
    </section>
  );
}

function AttachForm({ request, onAttached }: { request: RequestView; onAttached: () => void }) {
  const after = useAfterDescriptionChange(request.id);
  return (
    <DescriptionUploadForm
      upload={(body) =>
        unwrap(
          api.POST('/api/v1/requests/{id}/description', {
            params: { path: { id: request.id } },
            body: { version: request.version, ...body },
          }),
        ).then(after.onSuccess, (error) => {
          after.onError(error);
          throw error;
        })
      }
      onUploaded={onAttached}
    />
  );
}

function DescriptionResult({
  request,
  description,
  onWaived,
}: {
  request: RequestView;
  description: DescriptionView;
  onWaived: () => void;
}) {
  const { t, i18n } = useTranslation('requests');
  const [waiving, setWaiving] = useState<Finding | null>(null);
  const canWaive = request.capabilities.resolveCorrections;
  const { counts, comparison } = description;

  return (
    <div className="description-result">
      <h3>{t('description.latest')}</h3>
      <dl className="description-facts">
        <dt>{t('description.format')}</dt>
        <dd>
          {description.format} ({t(`description.protocol.${description.protocol}`)})
        </dd>
        <dt>{t('description.mainFile')}</dt>
        <dd>
          <code>{description.mainFile}</code>
        </dd>
        <dt>{t('description.source.label')}</dt>
        <dd>{t(`description.source.${description.source}`)}</dd>
        <dt>{t('description.files')}</dt>
        <dd>
          <ul className="description-files">
            {description.files.map((name) => (
              <li key={name}>
                <a
                  href={`/api/v1/requests/${request.id}/description/file?name=${encodeURIComponent(name)}`}
                  download={name.split('/').pop()}
                  aria-label={t('description.download', { file: name })}
                >
                  <code>{name}</code>
                </a>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('description.operations')}</dt>
        <dd>{description.summary.operations.length}</dd>
      </dl>

      <h4>{t('description.counts.title')}</h4>
      <ul className="description-counts">
        {(['error', 'warning', 'info'] as const).map((severity) => (
          <li key={severity}>
            <span className={`tag tag-severity-${severity}`}>{t(`description.severity.${severity}`)}</span>{' '}
            {counts[severity]}
          </li>
        ))}
        <li>
          <span className="tag tag-resolved">{t('description.counts.waived')}</span> {counts.waived}
        </li>
      </ul>

      <h4>{t('description.comparison.title')}</h4>
      {comparison ? (
        <ul className="description-comparison">
          <li>
            {comparison.operationsAdded.length > 0
              ? t('description.comparison.added', { operations: comparison.operationsAdded.join(', ') })
              : t('description.comparison.noneAdded')}
          </li>
          <li>
            {comparison.operationsRemoved.length > 0
              ? t('description.comparison.removed', { operations: comparison.operationsRemoved.join(', ') })
              : t('description.comparison.noneRemoved')}
          </li>
          <li>
            {comparison.endpoint.changed
              ? t('description.comparison.endpointChanged', {
                  catalog: comparison.endpoint.catalog ?? '—',
                  description: comparison.endpoint.description.join(', ') || '—',
                })
              : t('description.comparison.endpointSame')}
          </li>
          <li>
            {comparison.version.required === 'none'
              ? t('description.comparison.versionNotRequired')
              : t(
                  comparison.version.satisfied
                    ? 'description.comparison.versionRaised'
                    : 'description.comparison.versionNotRaised',
                  { level: t(`description.comparison.level.${comparison.version.required}`) },
                )}
          </li>
        </ul>
      ) : (
        <p>{t('description.comparison.noCatalog')}</p>
      )}
      {comparison ? (
        <>
          <h4>{t('description.schemaChanges.title')}</h4>
          {comparison.schemaCompared ? (
            <SchemaChangesTable changes={comparison.schemaChanges} />
          ) : (
            <p className="muted">{t('description.schemaChanges.notCompared')}</p>
          )}
        </>
      ) : null}

      <h4>{t('description.findings.title')}</h4>
      {description.findings.length === 0 ? (
        <p>{t('description.findings.none')}</p>
      ) : (
        <TableRegion label={t('description.findings.title')}>
          <table className="findings-table">
            <caption className="visually-hidden">{t('description.findings.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('description.findings.severity')}</th>
                <th scope="col">{t('description.findings.rule')}</th>
                <th scope="col">{t('description.findings.message')}</th>
                <th scope="col">{t('description.findings.location')}</th>
                <th scope="col">{t('description.findings.status')}</th>
              </tr>
            </thead>
            <tbody>
              {description.findings.map((f) => (
                <tr key={f.id} className={f.waiver ? 'is-waived' : undefined}>
                  <td>
                    <span className={`tag tag-severity-${f.severity}`}>
                      {t(`description.severity.${f.severity}`)}
                    </span>
                  </td>
                  <th scope="row">
                    <code>{f.ruleId}</code>
                  </th>
                  <td>{messageIn(f.message, i18n.language)}</td>
                  <td>
                    <code>{locationOf(f.location)}</code>
                    {f.location.path ? (
                      <span className="cell-sub">
                        <code>{f.location.path}</code>
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {f.waiver ? (
                      <>
                        <span className="tag tag-resolved">{t('description.findings.waived')}</span>
                        <span className="cell-sub">
                          {t('description.findings.waivedBy', {
                            name: f.waiver.by.displayName,
                            justification: f.waiver.justification,
                          })}
                        </span>
                      </>
                    ) : canWaive ? (
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => setWaiving(f)}
                        aria-label={t('description.waive.openFor', {
                          rule: f.ruleId,
                          file: locationOf(f.location),
                        })}
                      >
                        {t('description.waive.open')}
                      </button>
                    ) : (
                      <span className="tag tag-open">{t('description.findings.open')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {waiving && canWaive ? (
        <WaiveForm
          key={waiving.id}
          request={request}
          finding={waiving}
          onClose={(done) => {
            setWaiving(null);
            if (done) onWaived();
          }}
        />
      ) : null}
    </div>
  );
}

function WaiveForm({
  request,
  finding,
  onClose,
}: {
  request: RequestView;
  finding: Finding;
  onClose: (done: boolean) => void;
}) {
  const { t, i18n } = useTranslation(['requests', 'common']);
  const headingId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [justification, setJustification] = useState('');
  const [fieldError, setFieldError] = useState('');
  const after = useAfterDescriptionChange(request.id);
  const waive = useMutation({
    mutationFn: (text: string) =>
      unwrap(
        api.POST('/api/v1/requests/{id}/findings/{findingId}/waive', {
          params: { path: { id: request.id, findingId: finding.id } },
          body: { version: request.version, justification: text },
        }),
      ),
    ...after,
  });

  useEffect(() => {
    textRef.current?.focus();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = justification.trim();
    if (!text) {
      setFieldError(t('description.waive.required'));
      textRef.current?.focus();
      return;
    }
    setFieldError('');
    waive.mutate(text, { onSuccess: () => onClose(true) });
  }

  return (
    <form onSubmit={submit} noValidate className="waive-form" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('description.waive.title', { rule: finding.ruleId })}</h4>
      <p className="hint">{messageIn(finding.message, i18n.language)}</p>
      <ErrorAlert error={waive.error} />
      <Field label={t('description.waive.justification')} error={fieldError} required>
        {(props) => (
          <textarea
            {...props}
            ref={textRef}
            rows={3}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
          />
        )}
      </Field>
      <div className="actions form-actions">
        <button type="submit" className="button-primary" disabled={waive.isPending}>
          {t('description.waive.submit')}
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => onClose(false)}
          disabled={waive.isPending}
        >
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
