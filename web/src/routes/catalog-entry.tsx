import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { CatalogDescriptionCard } from '../components/catalog/catalog-description-card';
import { CatalogEntryEdit } from '../components/catalog/catalog-entry-edit';
import { InformationSystemEdit } from '../components/catalog/information-system-edit';
import { CatalogStatusBadge } from '../components/catalog-status-badge';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useSession } from '../session';
import { catalogParamsOf, defaultCatalogFilters } from './catalog-filters';
import { type CatalogVersion, type VersionChange, versionChanges } from './catalog-versions';
import '../styles/agency.css';
import '../styles/catalog.css';

// One catalog entry: everything the catalog says about the service, and every version of the entry
// with what changed from the one before.

type Service = ResponseOf<'getCatalogService'>;

export function CatalogEntryPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('catalog');
  const service = useQuery({
    queryKey: ['catalog', 'service', id],
    queryFn: () => unwrap(api.GET('/api/v1/catalog/services/{id}', { params: { path: { id } } })),
  });
  const versions = useQuery({
    queryKey: ['catalog', 'versions', id],
    queryFn: () => unwrap(api.GET('/api/v1/catalog/services/{id}/versions', { params: { path: { id } } })),
  });
  useDocumentTitle(service.data?.name ?? t('title'));

  const back = catalogParamsOf({
    ...defaultCatalogFilters,
    environment: service.data?.environment ?? 'test',
  }).toString();

  return (
    <article className="cat-entry">
      <p className="cat-back">
        <Link to={{ pathname: '/catalog', search: back ? `?${back}` : '' }}>{t('entry.back')}</Link>
      </p>
      {service.isPending ? <Loading /> : null}
      <ErrorAlert error={service.error} />
      {service.data ? <Entry service={service.data} /> : null}
      {service.data ? (
        <section className="card" aria-labelledby="cat-versions-title">
          <h2 id="cat-versions-title">{t('versions.title')}</h2>
          <p className="hint">{t('versions.intro')}</p>
          <ErrorAlert error={versions.error} />
          {versions.isPending ? <Loading /> : null}
          {versions.data ? (
            <Versions items={versions.data.items} current={service.data.entryVersion} />
          ) : null}
        </section>
      ) : null}
    </article>
  );
}

function Entry({ service: s }: { service: Service }) {
  const { t, i18n } = useTranslation('catalog');
  const lang = i18n.language;
  const { user } = useSession();
  const isAdmin = user?.role === 'agency_admin';
  const mayRegister =
    isAdmin ||
    (user?.role === 'institution_member' &&
      user.institutionId === s.institutionId &&
      s.environment === 'test');
  const [editing, setEditing] = useState<'entry' | 'system' | null>(null);
  const [saved, setSaved] = useState('');
  const done = (what: string) => (ok: boolean) => {
    setEditing(null);
    setSaved(ok ? what : '');
  };
  const none = <span className="muted">{t('entry.notGiven')}</span>;
  const fact = (label: string, value: ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );

  return (
    <>
      <div className="page-header cat-entry-header">
        <div>
          <h1>{s.name}</h1>
          <p className="cat-entry-identifier">
            <span className="visually-hidden">{t('entry.identifier')}: </span>
            <code>{s.identifier}</code>
          </p>
        </div>
        <CatalogStatusBadge status={s.status} />
      </div>

      {isAdmin ? (
        <div className="actions cat-admin-actions">
          <button type="button" className="button-secondary" onClick={() => setEditing('entry')}>
            {t('edit.open')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setEditing('system')}>
            {t('system.open')}
          </button>
        </div>
      ) : null}
      <p role="status" className={saved ? 'alert alert-success' : 'visually-hidden'}>
        {saved}
      </p>
      {editing === 'entry' ? <CatalogEntryEdit service={s} onDone={done(t('edit.saved'))} /> : null}
      {editing === 'system' ? <InformationSystemEdit service={s} onDone={done(t('system.saved'))} /> : null}

      {s.status !== 'active' ? (
        <div className="alert alert-warning cat-status-alert">
          <p>
            <strong>{t(`entry.${s.status}`)}</strong>
            {s.deprecationNotice ? ` ${s.deprecationNotice}` : null}
          </p>
        </div>
      ) : null}

      <div className="cat-entry-grid">
        <section className="card" aria-labelledby="cat-facts-title">
          <h2 id="cat-facts-title">{t('entry.facts')}</h2>
          <dl className="cat-facts">
            {fact(t('entry.environment'), t(`environment.${s.environment}`))}
            {fact(t('entry.institution'), s.institutionName)}
            {fact(
              t('entry.system'),
              <>
                {s.informationSystem.name} <span className="cat-code">{s.informationSystem.code}</span>
                {s.informationSystem.status === 'retired' ? (
                  <span className="cat-tag">{t('system.statusValue.retired')}</span>
                ) : null}
              </>,
            )}
            {fact(t('system.controller'), s.informationSystem.controller?.name ?? none)}
            {fact(t('system.holder'), s.informationSystem.holder?.name ?? none)}
            {fact(t('entry.protocol'), t(`protocol.${s.protocol}`))}
            {fact(t('entry.kind'), t(`kind.${s.kind}`))}
            {fact(t('entry.serviceType'), t(`serviceType.${s.serviceType}`))}
            {fact(t('entry.authLevel'), s.authLevel || none)}
            {fact(
              t('entry.endpointUrl'),
              s.endpointUrl ? <code className="cat-url">{s.endpointUrl}</code> : none,
            )}
            {fact(t('entry.hosting'), t(`hosting.${s.hosting}`))}
            {fact(t('entry.version'), formatNumber(s.entryVersion, lang))}
            {fact(
              t('entry.updated'),
              <time dateTime={s.updatedAt}>{formatDateTime(s.updatedAt, lang)}</time>,
            )}
            {s.sourceRequestId
              ? fact(
                  t('entry.sourceRequest'),
                  <Link to={`/requests/${s.sourceRequestId}`}>{t('entry.openRequest')}</Link>,
                )
              : null}
          </dl>
        </section>

        <div>
          <section className="card" aria-labelledby="cat-description-title">
            <h2 id="cat-description-title">{t('entry.description')}</h2>
            {s.description ? (
              <p className="cat-prewrap">{s.description}</p>
            ) : (
              <p className="muted">{t('entry.noDescription')}</p>
            )}
          </section>

          <section className="card" aria-labelledby="cat-operations-title">
            <h2 id="cat-operations-title">{t('entry.operations')}</h2>
            {s.operations.length ? (
              <ul className="cat-code-list">
                {s.operations.map((o) => (
                  <li key={o}>
                    <code>{o}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('entry.noOperations')}</p>
            )}
          </section>

          <section className="card" aria-labelledby="cat-schemas-title">
            <h2 id="cat-schemas-title">{t('entry.schemas')}</h2>
            <h3>{t('entry.inputSchemas')}</h3>
            <CodeList items={s.inputSchemas} />
            <h3>{t('entry.outputSchemas')}</h3>
            <CodeList items={s.outputSchemas} />
          </section>

          <CatalogDescriptionCard service={s} mayRegister={mayRegister} />

          <section className="card" aria-labelledby="cat-documents-title">
            <h2 id="cat-documents-title">{t('entry.documents')}</h2>
            {s.documents.length ? (
              <ul>
                {s.documents.map((d, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: documents may share a name; the list is fixed
                  <li key={i}>{d.url ? <a href={d.url}>{d.name}</a> : d.name}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('entry.noDocuments')}</p>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

function CodeList({ items }: { items: string[] }) {
  const { t } = useTranslation('catalog');
  if (items.length === 0) return <p className="muted">{t('entry.noSchemas')}</p>;
  return (
    <ul className="cat-code-list">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  );
}

function Versions({ items, current }: { items: CatalogVersion[]; current: number }) {
  const { t, i18n } = useTranslation('catalog');
  const lang = i18n.language;
  if (items.length === 0) return <p className="muted">{t('versions.empty')}</p>;
  const changes = versionChanges(items);
  const describe = (change: VersionChange | null | undefined) => {
    if (!change) return t('versions.unknown');
    if (change.kind === 'first') return t('versions.first');
    if (change.fields.length === 0) return t('versions.unchanged');
    return t('versions.changed', {
      fields: new Intl.ListFormat(lang, { type: 'conjunction' }).format(
        change.fields.map((f) => t(`versions.field.${f}`)),
      ),
    });
  };

  return (
    <ol className="cat-versions">
      {items.map((v, i) => (
        <li key={v.entryVersion} className="cat-version">
          <div className="cat-version-head">
            <strong>{t('versions.version', { version: formatNumber(v.entryVersion, lang) })}</strong>
            {v.entryVersion === current ? <span className="cat-tag">{t('versions.current')}</span> : null}
            <span className="cat-version-source">{t(`versions.source.${v.source}`)}</span>
            <time dateTime={v.createdAt} className="cat-version-time">
              {formatDateTime(v.createdAt, lang)}
            </time>
          </div>
          <p className="cat-version-meta">
            {v.createdBy ? t('versions.by', { name: v.createdBy.displayName }) : t('versions.bySystem')}
            {v.reason ? ` · ${t('versions.reason', { reason: v.reason })}` : null}
            {v.source === 'registration' && v.sourceRequestId ? (
              <>
                {' · '}
                <Link to={`/requests/${v.sourceRequestId}`}>{t('versions.request')}</Link>
              </>
            ) : null}
          </p>
          <p className="cat-version-changes">{describe(changes[i])}</p>
        </li>
      ))}
    </ol>
  );
}
