import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actions } from '../../../src/requests/workflow.ts';
import type { HistoryEntry } from '../api/request-queries';
import { formatDateTime } from '../i18n/format';
import { StateBadge } from './state-badge';
import '../styles/requests.css';

// The request's history, newest first: who did what, when, from which state to which, and the
// details each kind of entry carries (the corrections asked for, the production catalog entry…).

// The workflow's own action names come from the transition table; other entries have UI keys.
const workflowActions = new Set<string>(actions);

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** Columns the update entry lists, grouped into the fields a person recognises. */
const changedField: Record<string, string> = {
  description: 'description',
  contact_name: 'contact',
  contact_email: 'contact',
  contact_phone: 'contact',
  test_period_from: 'testPeriod',
  test_period_to: 'testPeriod',
  used_in_viss_infrastructure: 'usedInVissInfrastructure',
  hosted_in_production: 'hostedInProduction',
};

type Props = {
  entries: readonly HistoryEntry[];
  /** Names of people the entries refer to by id (assignments), where the page knows them. */
  people: Readonly<Record<string, string>>;
};

export function Timeline({ entries, people }: Props) {
  const { t, i18n } = useTranslation(['requests', 'workflow', 'common']);
  const person = (id: unknown): string => {
    const key = text(id);
    return (key && people[key]) || t('history.someone');
  };

  function details(entry: HistoryEntry): ReactNode {
    const d = entry.details;
    const parts: ReactNode[] = [];
    const branch = text(d.branch);
    if (branch)
      parts.push(<p key="branch">{t('history.branch', { branch: t(`workflow:branch.${branch}`) })}</p>);
    switch (entry.action) {
      case 'submit': {
        const round = num(d.resubmission);
        if (round) parts.push(<p key="resubmission">{t('history.resubmission', { round })}</p>);
        break;
      }
      case 'requestCorrections': {
        const items = texts(d.corrections);
        parts.push(
          <div key="corrections">
            <p>{t('history.correctionsRound', { round: num(d.round) ?? '' })}</p>
            <ul className="timeline-list">
              {items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed history
                <li key={i}>{item}</li>
              ))}
            </ul>
          </div>,
        );
        break;
      }
      case 'resolveCorrection': {
        const correction = text(d.text);
        if (correction)
          parts.push(
            <p key="resolved">
              {t('history.resolved', { round: num(d.round) ?? '' })} <q className="prewrap">{correction}</q>
            </p>,
          );
        break;
      }
      case 'resolveCorrections': {
        const items = Array.isArray(d.corrections) ? d.corrections : [];
        parts.push(
          <div key="resolvedMany">
            <p>{t('history.resolvedMany', { count: num(d.count) ?? items.length })}</p>
            <ul className="timeline-list">
              {items.map((item, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed history
                <li key={i}>{text((item as { text?: unknown }).text)}</li>
              ))}
            </ul>
          </div>,
        );
        break;
      }
      case 'reopenCorrection':
      case 'postCorrectionMessage': {
        const correction = text(d.text);
        if (correction)
          parts.push(
            <p key="correction">
              {t(entry.action === 'reopenCorrection' ? 'history.reopened' : 'history.correctionMessage', {
                round: num(d.round) ?? '',
              })}{' '}
              <q className="prewrap">{correction}</q>
            </p>,
          );
        break;
      }
      case 'attachDescription': {
        const diff = d.diff as { added?: unknown; removed?: unknown; changed?: unknown } | undefined;
        if (diff && typeof diff === 'object')
          parts.push(
            <p key="diff">
              {t('history.descriptionDiff', {
                added: num(diff.added) ?? 0,
                removed: num(diff.removed) ?? 0,
                changed: num(diff.changed) ?? 0,
              })}
            </p>,
          );
        break;
      }
      case 'registerInProduction': {
        const identifier = text(d.identifier);
        if (identifier)
          parts.push(
            <p key="entry">
              {t('history.productionEntry', { version: num(d.entryVersion) ?? '' })} <code>{identifier}</code>
            </p>,
          );
        if (text(d.endpointUrl))
          parts.push(
            <p key="endpoint">
              {t('history.productionEndpoint')} <code>{text(d.endpointUrl)}</code>
              {d.hosting === 'agency' || d.hosting === 'institution'
                ? ` (${t(`actions.production.hostingOption.${d.hosting}`)})`
                : ''}
              {d.sameAsTestConfirmed === true ? ` — ${t('history.sameAsTestConfirmed')}` : ''}
            </p>,
          );
        break;
      }
      case 'confirmInstallation': {
        if (text(d.checkedUrl))
          parts.push(
            <p key="checked">
              {t('history.installationChecked')} <code>{text(d.checkedUrl)}</code>
            </p>,
          );
        break;
      }
      case 'assign':
        parts.push(
          <p key="assign">
            {d.to
              ? t('history.assignedTo', { name: person(d.to) })
              : t('history.released', { name: person(d.from) })}
          </p>,
        );
        break;
      case 'update': {
        const fields = [...new Set(texts(d.changed).map((c) => changedField[c] ?? 'other'))];
        if (fields.length)
          parts.push(
            <p key="changed">
              {t('history.changed', {
                fields: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
                  fields.map((f) => t(`history.field.${f}`)),
                ),
              })}
            </p>,
          );
        break;
      }
    }
    return parts;
  }

  if (entries.length === 0) return <p className="muted">{t('history.empty')}</p>;
  const newestFirst = [...entries].sort((a, b) => b.seq - a.seq);
  return (
    <ol className="timeline">
      {newestFirst.map((entry) => (
        <li key={entry.id} className={`timeline-entry${entry.visibility === 'agency' ? ' is-internal' : ''}`}>
          <div className="timeline-head">
            <strong className="timeline-action">
              {workflowActions.has(entry.action)
                ? t(`workflow:action.${entry.action}`)
                : t(`history.action.${entry.action}`, { defaultValue: entry.action })}
            </strong>
            {entry.visibility === 'agency' ? (
              <span className="tag tag-internal">{t('history.internal')}</span>
            ) : null}
            <time dateTime={entry.createdAt} className="timeline-time">
              {formatDateTime(entry.createdAt, i18n.language)}
            </time>
          </div>
          <p className="timeline-actor">
            {t('history.actor', {
              name: entry.actor.displayName,
              role: t(`common:role.${entry.actor.role}`),
            })}
          </p>
          {entry.toState && entry.fromState !== entry.toState ? (
            <p className="timeline-states">
              {entry.fromState ? (
                <>
                  <StateBadge state={entry.fromState} />
                  <span className="arrow" aria-hidden="true" />
                  <span className="visually-hidden">{t('history.to')}</span>
                </>
              ) : null}
              <StateBadge state={entry.toState} />
            </p>
          ) : null}
          {details(entry)}
          {entry.comment ? (
            <blockquote className="timeline-comment">
              <p className="prewrap">{entry.comment}</p>
            </blockquote>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
