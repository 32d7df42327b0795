import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAgency } from '../api/agency-queries';
import { useDocumentTitle } from '../components/document-title';
import { useSession } from '../session';

// The accessibility statement Cabinet Regulation No. 445 (2020) asks every public body's site to
// publish. Open to everyone, signed in or not, and linked from every page's footer and the login page.

/** When the self-assessment behind the statement was made (the axe checks run on every test run). */
const preparedOn = '2026-12-03';

export function AccessibilityPage() {
  const { t, i18n } = useTranslation('accessibility');
  const { user } = useSession();
  const agency = useAgency().data;
  useDocumentTitle(t('title'));
  const date = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'lv-LV', {
    dateStyle: 'long',
  }).format(new Date(`${preparedOn}T12:00:00Z`));
  const gaps = t('gaps', { returnObjects: true }) as string[];
  return (
    <article className="statement">
      <h1 tabIndex={-1}>{t('title')}</h1>
      <p>{t('intro')}</p>
      <h2>{t('statusTitle')}</h2>
      <p>{t('status')}</p>
      <h2>{t('gapsTitle')}</h2>
      <ul>
        {gaps.map((gap) => (
          <li key={gap}>{gap}</li>
        ))}
      </ul>
      <h2>{t('howTitle')}</h2>
      <p>{t('how', { date })}</p>
      <h2>{t('feedbackTitle')}</h2>
      <p>{t('feedback')}</p>
      {agency ? (
        <p>
          {t('contact', { agency: i18n.language === 'en' ? agency.name.en : agency.name.lv })}{' '}
          <a href={`mailto:${agency.email}`}>{agency.email}</a>
          {agency.phone ? `, ${agency.phone}` : ''}
        </p>
      ) : null}
      <h2>{t('enforcementTitle')}</h2>
      <p>{t('enforcement')}</p>
      {user ? null : (
        <p>
          <Link to="/login">{t('back')}</Link>
        </p>
      )}
    </article>
  );
}
