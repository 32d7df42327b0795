import { useTranslation } from 'react-i18next';

export function TokensPage() {
  const { t } = useTranslation();
  return <h1>{t('nav.tokens')}</h1>;
}
