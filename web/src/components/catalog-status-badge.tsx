import { useTranslation } from 'react-i18next';

/** A catalog entry's status (active / deprecated / retired), as a badge. */
export function CatalogStatusBadge({ status }: { status: 'active' | 'deprecated' | 'retired' }) {
  const { t } = useTranslation('catalog');
  return <span className={`badge cat-status-${status}`}>{t(`status.${status}`)}</span>;
}
