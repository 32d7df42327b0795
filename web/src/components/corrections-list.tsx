import { useId, useState } from 'react';
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
  /** Resolve several at once (the reviewer's checkboxes); absent: no bulk selection. */
  onResolveMany?: (correctionIds: string[]) => void;
  /** Answer or reply in a correction's thread (either party until the request is finished). */
  onReply?: (correctionId: string, body: string) => void;
};

/** A correction's own short thread and, where the caller may write, a reply form. */
function CorrectionThread({
  correction,
  onReply,
}: {
  correction: Correction;
  onReply: ((correctionId: string, body: string) => void) | undefined;
}) {
  const { t, i18n } = useTranslation('requests');
  const [draft, setDraft] = useState('');
  const fieldId = useId();
  const messages = correction.messages ?? [];
  return (
    <div className="correction-thread">
      {messages.length > 0 ? (
        <ol className="correction-messages" aria-label={t('corrections.thread')}>
          {messages.map((m) => (
            <li key={m.id}>
              <span className="muted">
                {m.author.displayName}, {formatDateTime(m.createdAt, i18n.language)}
              </span>
              <p className="prewrap">{m.body}</p>
            </li>
          ))}
        </ol>
      ) : null}
      {onReply ? (
        <form
          className="correction-reply"
          onSubmit={(e) => {
            e.preventDefault();
            const body = draft.trim();
            if (!body) return;
            onReply(correction.id, body);
            setDraft('');
          }}
        >
          <label htmlFor={fieldId} className="visually-hidden">
            {t('corrections.replyLabel', { text: correction.text })}
          </label>
          <textarea
            id={fieldId}
            rows={2}
            maxLength={4000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button-secondary" disabled={!draft.trim()}>
            {t('corrections.reply')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function CorrectionsList({
  corrections,
  canResolve,
  onResolve,
  resolving,
  error,
  announcement,
  onResolveMany,
  onReply,
}: Props) {
  const { t, i18n } = useTranslation('requests');
  const headingId = useId();
  const open = corrections.filter((c) => !c.resolvedAt).length;
  const openIds = corrections.filter((c) => !c.resolvedAt).map((c) => c.id);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = openIds.filter((id) => selected.has(id));
  const bulk = canResolve && onResolveMany !== undefined && open > 0;
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
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
      {bulk ? (
        <div className="corrections-bulk">
          <label>
            <input
              type="checkbox"
              checked={chosen.length === openIds.length}
              onChange={(e) => setSelected(new Set(e.target.checked ? openIds : []))}
            />{' '}
            {t('corrections.selectAll')}
          </label>
          <button
            type="button"
            disabled={chosen.length === 0 || resolving !== null}
            onClick={() => {
              onResolveMany?.(chosen);
              setSelected(new Set());
            }}
          >
            {t('corrections.resolveSelected', { count: chosen.length })}
          </button>
        </div>
      ) : null}
      {groupByRound(corrections).map(({ round, items }) => (
        <div key={round} className="correction-round">
          <h3>{t('corrections.round', { round })}</h3>
          <ul className="correction-items">
            {items.map((c) => (
              <li key={c.id} className={c.resolvedAt ? 'is-resolved' : 'is-open'}>
                {bulk && !c.resolvedAt ? (
                  <input
                    type="checkbox"
                    className="correction-select"
                    checked={selected.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                    aria-label={t('corrections.select', { text: c.text })}
                  />
                ) : null}
                <p className="prewrap correction-text">{c.text}</p>
                {c.outdated ? <p className="hint">{t('corrections.outdatedHint')}</p> : null}
                <div className="correction-status">
                  {c.resolvedAt ? (
                    <span className="tag tag-resolved">{t('corrections.resolved')}</span>
                  ) : (
                    <span className="tag tag-open">{t('corrections.openTag')}</span>
                  )}
                  {c.outdated ? (
                    <span className="tag tag-outdated" title={t('corrections.outdatedHint')}>
                      {t('corrections.outdated')}
                    </span>
                  ) : null}
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
                <CorrectionThread correction={c} onReply={onReply} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
