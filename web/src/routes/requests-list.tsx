import { useTranslation } from 'react-i18next';

export function MyRequestsPage() {
  const { t } = useTranslation();
  return <h1>{t('nav.myRequests')}</h1>;
}
