import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContainerReport } from '../api/act-queries';
import { formatDateTime, formatNumber } from '../i18n/format';
import '../styles/acts.css';

// One verification report, as the server made it: the container's problems and warnings, then each
// signature with its signer, party, the level it reached, the proven and the claimed time, its checks
// and, always, what was not checked — no signature is shown as valid without saying how far.

type Signature = ContainerReport['signatures'][number];
type Reason = Signature['problems'][number];

const checkOrder = [
  'signatureValue',
  'documentDigest',
  'signedProperties',
  'trustedChain',
  'validAtSigningTime',
  'nonRepudiation',
  'timestamp',
  'revocation',
  'party',
] as const;

function Reasons({ reasons, className, lang }: { reasons: Reason[]; className: string; lang: 'lv' | 'en' }) {
  if (reasons.length === 0) return null;
  return (
    <ul className={className}>
      {reasons.map((p) => (
        <li key={`${p.code}-${JSON.stringify(p.params)}`}>{p.text[lang]}</li>
      ))}
    </ul>
  );
}

export function VerificationReport({
  report,
  headingLevel = 3,
  awaiting,
}: {
  report: ContainerReport;
  headingLevel?: 2 | 3 | 4;
  /**
   * Words for a container that is not complete yet but not wrong either (an act signed by the agency,
   * waiting for the institution): shown instead of "not valid" when every signature holds and the
   * only problem is a party's missing signature.
   */
  awaiting?: string;
}) {
  const { t, i18n } = useTranslation('acts');
  const lang = i18n.language === 'en' ? 'en' : 'lv';
  const headingId = useId();
  const Heading = `h${headingLevel}` as 'h3';
  const SignatureHeading = `h${Math.min(headingLevel + 1, 6)}` as 'h4';
  const waiting =
    awaiting !== undefined &&
    !report.valid &&
    report.signatures.length > 0 &&
    report.signatures.every((s) => s.valid) &&
    report.problems.every((p) => p.code === 'missing_signature');
  return (
    <section
      className={`verification-report ${report.valid ? 'is-valid' : 'is-invalid'}`}
      aria-labelledby={headingId}
    >
      <Heading id={headingId}>
        {t('report.title')}:{' '}
        {waiting ? (
          <span className="tag tag-waiting">{awaiting}</span>
        ) : (
          <span className={`tag ${report.valid ? 'tag-valid' : 'tag-invalid'}`}>
            {report.valid ? t('report.valid') : t('report.invalid')}
          </span>
        )}
      </Heading>
      {report.readable ? null : <p>{t('report.unreadable')}</p>}
      {report.documents.length > 1 ? (
        <ul className="report-documents muted">
          {report.documents.map((d) => (
            <li key={d.name}>{t('report.document', { name: d.name, size: formatNumber(d.size, lang) })}</li>
          ))}
        </ul>
      ) : report.document ? (
        <p className="muted">
          {t('report.document', {
            name: report.document.name,
            size: formatNumber(report.document.size, lang),
          })}
        </p>
      ) : null}
      <Reasons reasons={report.problems} className="report-problems" lang={lang} />
      {report.warnings.length > 0 ? (
        <>
          <p className="report-label">{t('report.warnings')}</p>
          <Reasons reasons={report.warnings} className="report-warnings" lang={lang} />
        </>
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
        <ol className="report-signatures" aria-label={t('report.signatures')}>
          {report.signatures.map((s) => (
            <li
              key={`${s.file}#${s.id}`}
              className={`report-signature ${s.valid ? 'is-valid' : 'is-invalid'}`}
            >
              <SignatureHeading>
                {s.signer?.commonName ?? s.file}{' '}
                <span className={`tag ${s.valid ? 'tag-valid' : 'tag-invalid'}`}>
                  {s.valid && s.level ? t('report.validAtLevel', { level: s.level }) : t('report.invalid')}
                </span>
              </SignatureHeading>
              <dl className="report-facts">
                {s.signer?.organisation || s.signer?.organisationIdentifier ? (
                  <>
                    <dt>{t('report.organisation')}</dt>
                    <dd>
                      {[s.signer.organisation, s.signer.organisationIdentifier].filter(Boolean).join(', ')}
                    </dd>
                  </>
                ) : null}
                <dt>{t('report.party')}</dt>
                <dd>
                  {t(`report.parties.${s.party ?? 'unknown'}`)}
                  {s.representative
                    ? ` — ${t('report.representative', {
                        name: s.representative.name,
                        position: s.representative.position ?? '',
                        code: s.representative.maskedCode,
                      })}`
                    : null}
                </dd>
                <dt>{t('report.provenTime')}</dt>
                <dd>{s.provenTime ? formatDateTime(s.provenTime, lang) : t('report.noProvenTime')}</dd>
                <dt>{t('report.signingTime')}</dt>
                <dd>{s.signingTime ? formatDateTime(s.signingTime, lang) : '—'}</dd>
                <dt>{t('report.qualification')}</dt>
                <dd>{t(`report.qualifications.${s.qualification}`)}</dd>
                {s.revocation ? (
                  <>
                    <dt>{t('report.revocation')}</dt>
                    <dd>
                      {t(`report.revocationStatus.${s.revocation.status}`)}
                      {s.revocation.producedAt ? ` (${formatDateTime(s.revocation.producedAt, lang)})` : null}
                    </dd>
                  </>
                ) : null}
                {s.policy?.kind === 'explicit' ? (
                  <>
                    <dt>{t('report.policy')}</dt>
                    <dd>
                      <code>{s.policy.identifier}</code>
                    </dd>
                  </>
                ) : null}
                <dt className="visually-hidden">{t('report.file')}</dt>
                <dd className="muted">
                  <code>{s.file}</code>
                </dd>
              </dl>
              <ul className="report-checks" aria-label={t('report.checks')}>
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
              <Reasons reasons={s.problems} className="report-problems" lang={lang} />
              <Reasons reasons={s.warnings} className="report-warnings" lang={lang} />
              {s.notChecked.length > 0 ? (
                <>
                  <p className="report-label">{t('report.notChecked')}</p>
                  <Reasons reasons={s.notChecked} className="report-not-checked" lang={lang} />
                </>
              ) : null}
              {s.counterSignatures.length > 0 ? (
                <p className="muted">
                  {t('report.counterSignatures', {
                    names: s.counterSignatures
                      .map((c) => `${c.signer ?? '?'} (${c.valid ? t('report.valid') : t('report.invalid')})`)
                      .join(', '),
                  })}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {report.trust.length > 0 ? (
        <p className="muted report-trust">
          {t('report.trustFrom', {
            sources: report.trust
              .map((s) =>
                s.kind === 'trusted_list'
                  ? `${s.name} (${s.territory ?? ''} #${s.sequenceNumber ?? ''})`
                  : s.name,
              )
              .join('; '),
          })}
        </p>
      ) : null}
    </section>
  );
}
