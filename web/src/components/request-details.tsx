import { useTranslation } from 'react-i18next';
import type { RequestView } from '../api/request-queries';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format';
import '../styles/requests.css';

/** What the institution asked for: description, the two decisions, test period and contact person. */
export function RequestDetails({ request }: { request: RequestView }) {
  const { t, i18n } = useTranslation(['requests', 'common']);
  const lang = i18n.language;
  const yesNo = (v: boolean) => t(v ? 'common:yes' : 'common:no');
  return (
    <dl className="details">
      <div className="details-wide">
        <dt>{t('details.description')}</dt>
        <dd className="prewrap">
          {request.description.trim() ? (
            request.description
          ) : (
            <span className="muted">{t('details.none')}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('details.usedInVissInfrastructure')}</dt>
        <dd>
          <strong>{yesNo(request.usedInVissInfrastructure)}</strong>
          <span className="details-note">
            {t(
              `details.consequence.usedInVissInfrastructure.${request.usedInVissInfrastructure ? 'yes' : 'no'}`,
            )}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('details.hostedInProduction')}</dt>
        <dd>
          <strong>{yesNo(request.hostedInProduction)}</strong>
          <span className="details-note">
            {t(`details.consequence.hostedInProduction.${request.hostedInProduction ? 'yes' : 'no'}`)}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('details.testPeriod')}</dt>
        <dd>
          {request.testPeriod
            ? t('details.period', {
                from: formatDate(request.testPeriod.from, lang),
                to: formatDate(request.testPeriod.to, lang),
              })
            : t('details.none')}
        </dd>
      </div>
      <div>
        <dt>{t('details.contact')}</dt>
        <dd>
          <span className="details-line">{request.contact.name}</span>
          <span className="details-line">
            <a href={`mailto:${request.contact.email}`}>{request.contact.email}</a>
          </span>
          <span className="details-line">
            <a href={`tel:${request.contact.phone.replace(/[^+0-9]/g, '')}`}>{request.contact.phone}</a>
          </span>
        </dd>
      </div>
      {request.productionService ? (
        <div className="details-wide">
          <dt>{t('details.productionService')}</dt>
          <dd>
            <span className="details-line">{request.productionService.name}</span>
            <span className="details-line">
              <code>{request.productionService.identifier}</code>
            </span>
            <span className="details-line muted">
              {t('details.productionEntry', {
                version: request.productionService.entryVersion,
                date: formatDateTime(request.productionService.updatedAt, lang),
              })}
            </span>
            {request.production.endpointUrl ? (
              <span className="details-line">
                {t('details.productionEndpoint')}{' '}
                <code className="break-anywhere">{request.production.endpointUrl}</code>
              </span>
            ) : null}
            {request.production.hosting ? (
              <span className="details-line">
                {t(`actions.production.hostingOption.${request.production.hosting}`)}
                {request.production.version
                  ? ` · ${t('details.productionVersion', { version: request.production.version })}`
                  : ''}
              </span>
            ) : null}
            {request.production.installationCheckUrl ? (
              <span className="details-line">
                {t('details.installationChecked')}{' '}
                <code className="break-anywhere">{request.production.installationCheckUrl}</code>
              </span>
            ) : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

/** Facts about the request's handling: who has it, rounds, when it was submitted and last changed. */
export function RequestFacts({ request }: { request: RequestView }) {
  const { t, i18n } = useTranslation('requests');
  const lang = i18n.language;
  return (
    <dl className="facts">
      <div>
        <dt>{t('facts.institution')}</dt>
        <dd>{request.institution.name}</dd>
      </div>
      <div>
        <dt>{t('facts.assignee')}</dt>
        <dd>{request.assignee?.displayName ?? t('facts.unassigned')}</dd>
      </div>
      <div>
        <dt>{t('facts.correctionRounds')}</dt>
        <dd>{formatNumber(request.correctionRounds, lang)}</dd>
      </div>
      <div>
        <dt>{t('facts.created')}</dt>
        <dd>{formatDateTime(request.createdAt, lang)}</dd>
      </div>
      <div>
        <dt>{t('facts.submitted')}</dt>
        <dd>{request.submittedAt ? formatDateTime(request.submittedAt, lang) : t('facts.notSubmitted')}</dd>
      </div>
      <div>
        <dt>{t('facts.stateSince')}</dt>
        <dd>{formatDateTime(request.stateChangedAt, lang)}</dd>
      </div>
      <div>
        <dt>{t('facts.updated')}</dt>
        <dd>{formatDateTime(request.updatedAt, lang)}</dd>
      </div>
    </dl>
  );
}
