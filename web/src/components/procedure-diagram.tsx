import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { State } from '../api/request-queries';
import { formatDateTime } from '../i18n/format';
import { procedureProgress, type StepOf, type StepStatus } from './procedure';
import '../styles/requests.css';

type Props = {
  request: {
    state: State;
    usedInVissInfrastructure: boolean;
    hostedInProduction: boolean;
    correctionRounds: number;
    decisionReason: string | null;
    stateChangedAt: string;
  };
  stepOf: StepOf;
  /** For a rejected or withdrawn request, the state it left from (the request's `endedFrom`). */
  endedFrom?: State | null;
};

/** The five steps of the procedure with the request's place in them, the branch taken and the outcome. */
export function ProcedureDiagram({ request, stepOf, endedFrom }: Props) {
  const { t, i18n } = useTranslation(['requests', 'workflow']);
  const headingId = useId();
  const steps = procedureProgress({ ...request, endedFrom }, stepOf);
  const { state } = request;

  const statusText = (status: StepStatus, skipReason: string): string => {
    switch (status) {
      case 'current':
        return t('procedure.status.current', { state: t(`workflow:state.${state}`) });
      case 'stopped':
        return t(`procedure.status.stopped.${state}`);
      case 'skipped':
        return t('procedure.status.skipped', { reason: skipReason });
      default:
        return t(`procedure.status.${status}`);
    }
  };

  return (
    <section className="card procedure" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('procedure.title')}</h2>
      <ol className="procedure-steps">
        {steps.map(({ step, status, parts }) => (
          <li
            key={step}
            className={`procedure-step is-${status}`}
            aria-current={status === 'current' ? 'step' : undefined}
          >
            <span className="procedure-marker" aria-hidden="true">
              {step}
            </span>
            <div className="procedure-body">
              <span className="procedure-name">{t(`workflow:step.${step}`)}</span>
              <span className="procedure-status">
                {statusText(status, t('workflow:branch.notUsedInViss'))}
              </span>
              {step === 2 && request.correctionRounds > 0 ? (
                <span className="procedure-note">
                  {t('procedure.rounds', { count: request.correctionRounds })}
                </span>
              ) : null}
              {parts ? (
                <ul className="procedure-parts">
                  {parts.map((part) => (
                    <li key={part.state} className={`is-${part.status}`}>
                      <span className="procedure-part-name">{t(`workflow:state.${part.state}`)}</span>
                      <span className="procedure-status">
                        {statusText(part.status, t('workflow:branch.notHosted'))}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
      {state === 'completed' || state === 'rejected' || state === 'withdrawn' ? (
        <div
          className={`alert procedure-outcome ${state === 'completed' ? 'alert-success' : state === 'rejected' ? 'alert-error' : 'alert-warning'}`}
        >
          <p>
            <strong>{t(`procedure.outcome.${state}`)}</strong>{' '}
            {t('procedure.outcome.when', { date: formatDateTime(request.stateChangedAt, i18n.language) })}
          </p>
          {request.decisionReason ? (
            <p className="procedure-reason">
              {t('procedure.outcome.reason')} <span className="prewrap">{request.decisionReason}</span>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
