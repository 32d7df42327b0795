import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useDocumentTitle } from '../components/document-title';
import { ErrorAlert, Loading } from '../components/feedback';
import { RepresentativesSection } from '../components/representatives-section';
import '../styles/agency.css';

// An institution member's own institution: its details as the agency keeps them, and its register of
// representatives (read only), so the institution knows whose signature on an act counts as its own.

export function MyInstitutionPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(t('myInstitution.title'));
  // For an institution member the list holds only their own institution.
  const institutions = useQuery({
    queryKey: ['institutions'],
    queryFn: () => unwrap(api.GET('/api/v1/institutions')),
  });
  const institution = institutions.data?.items[0];

  return (
    <section>
      <h1>{t('myInstitution.title')}</h1>
      <ErrorAlert error={institutions.error} />
      {institutions.isPending ? <Loading /> : null}
      {institution ? (
        <>
          <p className="ag-lead">{t('myInstitution.intro')}</p>
          <dl className="ag-facts card">
            <dt>{t('myInstitution.name')}</dt>
            <dd>{institution.name}</dd>
            <dt>{t('myInstitution.registrationNumber')}</dt>
            <dd>{institution.registrationNumber}</dd>
            <dt>{t('myInstitution.vissCode')}</dt>
            <dd>{institution.vissCode ?? '—'}</dd>
            <dt>{t('myInstitution.contacts')}</dt>
            <dd>{[institution.contactEmail, institution.contactPhone].filter(Boolean).join(', ') || '—'}</dd>
          </dl>
          <RepresentativesSection institution={institution} canManage={false} />
        </>
      ) : null}
    </section>
  );
}
