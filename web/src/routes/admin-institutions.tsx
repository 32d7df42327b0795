import { useTranslation } from 'react-i18next';

export function InstitutionsPage() {
  const { t } = useTranslation();
  return <h1>{t('nav.institutions')}</h1>;
}
