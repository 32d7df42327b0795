import { useTranslation } from 'react-i18next';

export type ConsultationStatus = 'open' | 'answered' | 'closed';

const look: Record<ConsultationStatus, string> = {
  open: 'badge-submitted',
  answered: 'badge-completed',
  closed: 'badge-withdrawn',
};

export function ConsultationBadge({ status }: { status: ConsultationStatus }) {
  const { t } = useTranslation('consultations');
  return <span className={`badge ${look[status]}`}>{t(`status.${status}`)}</span>;
}

/** The reply-by time; when it has passed, an "overdue" mark in words, not only in colour. */
export function ReplyBy({
  replyBy,
  overdue,
  label,
}: {
  replyBy: string | null;
  overdue: boolean;
  label: string;
}) {
  const { t } = useTranslation('consultations');
  if (!replyBy) return <>—</>;
  return (
    <span className={overdue ? 'consultation-overdue' : undefined}>
      <time dateTime={replyBy}>{label}</time>
      {overdue ? (
        <strong className="badge badge-rejected consultation-overdue-mark">{t('overdue')}</strong>
      ) : null}
    </span>
  );
}
