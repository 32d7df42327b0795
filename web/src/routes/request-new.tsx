import { useTranslation } from 'react-i18next';

export function NewRequestPage() {
  const { t } = useTranslation();
  return <h1>{t('nav.newRequest')}</h1>;
}
