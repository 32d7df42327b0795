import { useTranslation } from 'react-i18next';

export function QueuePage() {
  const { t } = useTranslation();
  return <h1>{t('nav.queue')}</h1>;
}
