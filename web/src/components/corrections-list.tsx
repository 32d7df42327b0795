import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction } from '../api/request-queries';
import { formatDateTime } from '../i18n/format';
import { ErrorAlert } from './feedback';
import '../styles/requests.css';

/** Corrections grouped by round, newest round first. */
export function groupByRound(corrections: readonly Correction[]): { round: number; items: Correction[] }[] {
  const rounds = new Map<number, Correction[]>();
  for (const c of corrections) rounds.set(c.round, [...(rounds.get(c.round) ?? []), c]);
  return [...rounds.entries()].sort(([a], [b]) => b - a).map(([round, items]) => ({ round, items }));
}

type Props = {
  corrections: readonly Correction[];
  /** Offer "mark as resolved" on open corrections (agency users while the request is in review). */
  canResolve: boolean;
  onResolve: (correctionId: string) => void;
  resolving: string | null;
  error: unknown;
  announcement: string;
};

export function CorrectionsList({
  corrections,
  canResolve,
  onResolve,
  resolving,
  error,
  announcement,
}: Props) {
  const { t, i18n } = useTranslation('requests');
  const headingId = useId();
  const open = corrections.filter((c) => !c.resolvedAt).length;
  return (
    <section className="card corrections" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('corrections.title')}</h2>
      <p className={open > 0 ? 'corrections-summary has-open' : 'corrections-summary'}>
        {open > 0 ? t('corrections.open', { count: open }) : t('corrections.allResolved')}
      </p>
      <ErrorAlert error={error} />
      <p role="status" className="muted">
        {announcement}
      </p>
      {groupByRound(corrections).map(({ round, items }) => (
        <div key={round} className="correction-round">
          <h3>{t('corrections.round', { round })}</h3>
          <ul className="correction-items">
            {items.map((c) => (
              <li key={c.id} className={c.resolvedAt ? 'is-resolved' : 'is-open'}>
                <p className="prewrap correction-text">{c.text}</p>
                <div className="correction-status">
                  {c.resolvedAt ? (
                    <span className="tag tag-resolved">{t('corrections.resolved')}</span>
                  ) : (
                    <span className="tag tag-open">{t('corrections.openTag')}</span>
                  )}
                  {c.resolvedAt ? (
                    <span className="muted">
                      {t('corrections.resolvedBy', {
                        name: c.resolvedBy?.displayName ?? '',
                        date: formatDateTime(c.resolvedAt, i18n.language),
                      })}
                    </span>
                  ) : null}
                  {!c.resolvedAt && canResolve ? (
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={resolving !== null}
                      onClick={() => onResolve(c.id)}
                      aria-label={`${t('corrections.resolve')}${t('corrections.resolveWhich', { text: c.text })}`}
                    >
                      {t('corrections.resolve')}
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
