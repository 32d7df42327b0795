import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerReport } from '../api/act-queries';
import { formatDateTime, formatNumber } from '../i18n/format';
import { TableRegion } from './table-region';
import '../styles/acts.css';

// One verification report, as the server made it: the container's problems, then each signature with
// its signer, party, time and the six checks, each problem in the interface language.

const checkOrder = [
  'signatureValue',
  'documentDigest',
  'trustedChain',
  'validAtSigningTime',
  'nonRepudiation',
  'party',
] as const;

export function VerificationReport({
  report,
  headingLevel = 3,
}: {
  report: ContainerReport;
  headingLevel?: 2 | 3 | 4;
}) {
  const { t, i18n } = useTranslation('acts');
  const lang = i18n.language === 'en' ? 'en' : 'lv';
  const headingId = useId();
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <section
      className={`verification-report ${report.valid ? 'is-valid' : 'is-invalid'}`}
      aria-labelledby={headingId}
    >
      <Heading id={headingId}>
        {t('report.title')}:{' '}
        <span className={`tag ${report.valid ? 'tag-valid' : 'tag-invalid'}`}>
          {report.valid ? t('report.valid') : t('report.invalid')}
        </span>
      </Heading>
      {report.readable ? null : <p>{t('report.unreadable')}</p>}
      {report.document ? (
        <p className="muted">
          {t('report.document', {
            name: report.document.name,
            size: formatNumber(report.document.size, lang),
          })}
        </p>
      ) : null}
      {report.problems.length > 0 ? (
        <ul className="report-problems">
          {report.problems.map((p) => (
            <li key={`${p.code}-${JSON.stringify(p.params)}`}>{p.text[lang]}</li>
          ))}
        </ul>
      ) : null}
      {report.parties.length > 0 ? (
        <ul className="report-parties">
          {report.parties.map((p) => (
            <li key={p.party} className={p.signed ? 'is-signed' : 'is-missing'}>
              {t(p.signed ? 'report.partySigned' : 'report.partyMissing', { name: p.name })}
            </li>
          ))}
        </ul>
      ) : null}
      {report.signatures.length > 0 ? (
        <TableRegion label={t('report.signatures')}>
          <table className="report-table">
            <caption className="visually-hidden">{t('report.signatures')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.signer')}</th>
                <th scope="col">{t('report.party')}</th>
                <th scope="col">{t('report.signingTime')}</th>
                <th scope="col">{t('report.checks')}</th>
                <th scope="col">{t('report.result')}</th>
              </tr>
            </thead>
            <tbody>
              {report.signatures.map((s) => (
                <tr key={s.file}>
                  <th scope="row">
                    {s.signer?.commonName ?? s.file}
                    {s.signer?.organisation ? <div className="muted">{s.signer.organisation}</div> : null}
                    {s.signer?.organisationIdentifier ? (
                      <div className="muted">
                        <code>{s.signer.organisationIdentifier}</code>
                      </div>
                    ) : null}
                  </th>
                  <td>{t(`report.parties.${s.party ?? 'unknown'}`)}</td>
                  <td>{s.signingTime ? formatDateTime(s.signingTime, lang) : '—'}</td>
                  <td>
                    <ul className="report-checks">
                      {checkOrder
                        .filter((c) => s.checks[c] !== 'not_checked')
                        .map((c) => (
                          <li key={c} className={`check-${s.checks[c]}`}>
                            <span aria-hidden="true">{s.checks[c] === 'passed' ? '✓' : '✗'} </span>
                            {t(`report.check.${c}`)}
                            <span className="visually-hidden">: {t(`report.status.${s.checks[c]}`)}</span>
                          </li>
                        ))}
                    </ul>
                    {s.problems.length > 0 ? (
                      <ul className="report-problems">
                        {s.problems.map((p) => (
                          <li key={`${p.code}-${JSON.stringify(p.params)}`}>{p.text[lang]}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>
                    <span className={`tag ${s.valid ? 'tag-valid' : 'tag-invalid'}`}>
                      {s.valid ? t('report.valid') : t('report.invalid')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
