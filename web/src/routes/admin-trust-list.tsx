import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type ResponseOf, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { TableRegion } from '../components/table-region';
import { formatDateTime, formatNumber } from '../i18n/format';
import '../styles/agency.css';

type Detail = ResponseOf<'getTrustList'>;
type Service = Detail['services'][number];
type Certificate = Service['certificates'][number];

/** One trusted list: what it is, whether its signature was checked, its services now, and its history. */
export function TrustListPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('trustLists');
  const detail = useQuery({
    queryKey: ['trust-lists', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/trust-lists/{id}', { params: { path: { id } } })),
  });
  const list = detail.data;
  useDocumentTitle(list ? t('detail.title', list) : t('title'));
  const lang = i18n.language;
  const when = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, lang)}</time>;

  return (
    <section>
      <p>
        <Link to="/admin/trust-lists">{t('detail.back')}</Link>
      </p>
      {detail.isPending ? <Loading /> : null}
      <ErrorAlert error={detail.error} />
      {list ? (
        <>
          <div className="page-header">
            <h1>{t('detail.title', list)}</h1>
          </div>
          {list.signature.status === 'not_checked' ? (
            <div className="alert alert-warning">
              <p>{t('detail.notChecked')}</p>
            </div>
          ) : null}
          <dl className="ag-facts card">
            <dt>{t('status')}</dt>
            <dd>
              <strong>{t(`statuses.${list.status}`)}</strong>
              {list.removal ? (
                <>
                  {' — '}
                  {t('detail.removal', {
                    at: formatDateTime(list.removal.at, lang),
                    reason: list.removal.reason,
                  })}
                </>
              ) : null}
            </dd>
            <dt>{t('operator')}</dt>
            <dd>{list.operator || '—'}</dd>
            <dt>{t('detail.type')}</dt>
            <dd>
              {list.isListOfLists ? `${t('listOfLists')} · ` : ''}
              <code>{list.listType}</code>
            </dd>
            <dt>{t('issuedAt')}</dt>
            <dd>{when(list.issuedAt)}</dd>
            <dt>{t('nextUpdate')}</dt>
            <dd>
              {list.nextUpdate ? when(list.nextUpdate) : '—'}
              {list.overdue ? (
                <>
                  {' '}
                  <strong className="ag-overdue">{t('overdue')}</strong>
                </>
              ) : null}
            </dd>
            <dt>{t('signature')}</dt>
            <dd>{t(`signatures.${list.signature.status}`)}</dd>
            <dt>{t('detail.signer')}</dt>
            <dd className="ag-cert">{list.signature.signer ?? '—'}</dd>
            <dt>SHA-256</dt>
            <dd className="ag-cert">
              <code>{list.sha256}</code>
            </dd>
            <dt>{t('detail.size')}</dt>
            <dd>{t('detail.bytes', { size: formatNumber(list.size, lang) })}</dd>
            <dt>{t('detail.source')}</dt>
            <dd>{t(`detail.sources.${list.source}`)}</dd>
            <dt>{t('loaded')}</dt>
            <dd>
              {list.loadedBy ? `${list.loadedBy.displayName}, ` : ''}
              {when(list.loadedAt)}
            </dd>
          </dl>

          <Services services={list.services} />

          {list.pointers.length > 0 ? (
            <>
              <h2>{t('detail.pointers', { count: list.pointers.length })}</h2>
              <TableRegion label={t('detail.pointersCaption')}>
                <table className="ag-table">
                  <caption className="visually-hidden">{t('detail.pointersCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('detail.territory')}</th>
                      <th scope="col">{t('detail.location')}</th>
                      <th scope="col">{t('detail.signers')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.pointers.map((pointer) => (
                      <tr key={`${pointer.territory} ${pointer.location}`}>
                        <th scope="row">{pointer.territory}</th>
                        <td className="ag-cert">{pointer.location}</td>
                        <td>
                          {pointer.signers.map((c) => (
                            <CertificateLine key={c.sha256} certificate={c} />
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </>
          ) : null}

          <h2>{t('detail.history')}</h2>
          <ol className="ag-history">
            {list.history.map((event) => (
              <li key={event.id}>
                <p>
                  <strong>{t(`detail.actions.${event.action}`)}</strong> {when(event.at)}
                  {' · '}
                  {event.by ? event.by.displayName : t('detail.byServer')}
                </p>
                {event.reason ? <p>{t('detail.reason', { reason: event.reason })}</p> : null}
                {event.file ? <p className="ag-cert">{t('detail.file', { file: event.file })}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function CertificateLine({ certificate }: { certificate: Certificate }) {
  return (
    <p className="ag-cert">
      {certificate.subject}
      <br />
      SHA-256 <code>{certificate.sha256}</code>
    </p>
  );
}

function Services({ services }: { services: Service[] }) {
  const { t, i18n } = useTranslation('trustLists');
  const lang = i18n.language;
  const statusName = (status: string) => t(`serviceStatus.${status.toLowerCase()}`, { defaultValue: status });
  return (
    <>
      <h2>{t('detail.services', { count: services.length })}</h2>
      {services.length === 0 ? (
        <p className="ag-empty">{t('detail.noServices')}</p>
      ) : (
        <TableRegion label={t('detail.servicesCaption')}>
          <table className="ag-table">
            <caption className="visually-hidden">{t('detail.servicesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.name')}</th>
                <th scope="col">{t('detail.type')}</th>
                <th scope="col">{t('detail.qualified')}</th>
                <th scope="col">{t('detail.current')}</th>
                <th scope="col">{t('detail.certificates')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((service, index) => (
                // A list may name one service twice (e.g. two certificates); the position keeps keys apart.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list's order is fixed
                <tr key={index} className={service.current?.granted ? undefined : 'ag-row-inactive'}>
                  <th scope="row">{service.name}</th>
                  <td className="ag-nowrap">{service.type}</td>
                  <td>{service.qualified ? t('common:yes') : t('common:no')}</td>
                  <td>
                    {service.current ? (
                      <>
                        <strong>{statusName(service.current.status)}</strong> (
                        {service.current.granted ? t('detail.trusted') : t('detail.notTrusted')}),{' '}
                        {t('detail.since', { date: formatDateTime(service.current.from, lang) })}
                      </>
                    ) : (
                      t('detail.noStatusYet')
                    )}
                    {service.history.length > 1 ? (
                      <details>
                        <summary>{t('detail.statusHistory')}</summary>
                        <ol>
                          {service.history.map((period) => (
                            <li key={`${period.status} ${period.from}`}>
                              {statusName(period.status)} —{' '}
                              <time dateTime={period.from}>{formatDateTime(period.from, lang)}</time>
                            </li>
                          ))}
                        </ol>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    {service.certificates.map((c) => (
                      <CertificateLine key={c.sha256} certificate={c} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
