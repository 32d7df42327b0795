import { useTranslation } from 'react-i18next';

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation('workflow');
  return <span className={`badge badge-${state}`}>{t(`state.${state}`)}</span>;
}
