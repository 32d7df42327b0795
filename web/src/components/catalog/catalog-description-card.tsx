import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogDescriptionFileUrl, useCatalogDescription } from '../../api/catalog-queries';
import { api, type ResponseOf, unwrap } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { DescriptionUploadForm } from '../description-upload-form';
import { ErrorAlert, Loading } from '../feedback';

// The description documents registered with a catalog entry: what a request can take instead of an
// upload, and what a new description is compared with. Admins (and the owner, for its test entries)
// register a new one; everyone signed in can download the files.

type Service = ResponseOf<'getCatalogService'>;

export function CatalogDescriptionCard({ service, mayRegister }: { service: Service; mayRegister: boolean }) {
  const { t, i18n } = useTranslation('catalog');
  const headingId = useId();
  const queryClient = useQueryClient();
  const description = useCatalogDescription(service.id);
  const [announcement, setAnnouncement] = useState('');
  const d = description.data;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('registered.title')}</h2>
      <p className="hint">{t('registered.intro')}</p>
      <p role="status" className={announcement ? 'alert alert-success' : 'visually-hidden'}>
        {announcement}
      </p>
      {description.isPending ? <Loading /> : <ErrorAlert error={description.error} />}
      {d === null ? <p className="muted">{t('registered.none')}</p> : null}
      {d ? (
        <>
          <p>
            {t('registered.summary', {
              format: d.format,
              operations: d.operations.length,
              date: formatDateTime(d.createdAt, i18n.language),
            })}
          </p>
          <ul className="cat-code-list">
            {d.files.map((f) => (
              <li key={f.name}>
                <a
                  href={catalogDescriptionFileUrl(service.id, f.name)}
                  download={f.name.split('/').pop()}
                  aria-label={t('registered.download', { file: f.name })}
                >
                  <code>{f.name}</code>
                </a>{' '}
                <span className="muted">
                  {t('registered.size', { kb: Math.max(1, Math.round(f.size / 1024)) })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {mayRegister ? (
        <details className="cat-register">
          <summary>{d ? t('registered.replace') : t('registered.add')}</summary>
          <DescriptionUploadForm
            upload={(body) =>
              unwrap(
                api.POST('/api/v1/catalog/services/{id}/description', {
                  params: { path: { id: service.id } },
                  body,
                }),
              ).then((saved) => {
                queryClient.setQueryData(['catalog', 'description', service.id], saved);
                return saved;
              })
            }
            onUploaded={() => setAnnouncement(t('registered.saved'))}
          />
        </details>
      ) : null}
    </section>
  );
}
