import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action, ActionInput, BlockedAction, RequestView, Workflow } from '../api/request-queries';
import { ErrorAlert } from './feedback';
import { Field } from './form';
import {
  checkCheckedUrl,
  checkProductionValues,
  InstallationField,
  type ProductionValues,
  productionValuesFrom,
  RegistrationFields,
} from './production-fields';
import { minimumDescriptionLength } from './request-form-model';
import '../styles/requests.css';

// The workflow actions the caller may take now, exactly as the API lists them in `allowedActions`,
// each with the small form its action needs. What an action needs (a reason, a list of corrections)
// comes from the server's workflow description, not from this file.

export type ActionNeeds = { commentRequired: boolean; needsCorrections: boolean };
export type ActionRequirements = Partial<Record<Action, ActionNeeds>>;

export function actionRequirementsOf(workflow: Workflow | undefined): ActionRequirements {
  return Object.fromEntries(
    (workflow?.actions ?? []).map((a) => [
      a.id,
      { commentRequired: a.commentRequired, needsCorrections: a.needsCorrections },
    ]),
  );
}

/** Actions that end the procedure early look different from the ones that move it forward, and come last. */
const leaving: readonly Action[] = ['reject', 'withdraw'];
const forwardFirst = (allowed: readonly Action[]) => [
  ...allowed.filter((a) => !leaving.includes(a)),
  ...allowed.filter((a) => leaving.includes(a)),
];

type Props = {
  /**
   * Taking the request, offered right where an action is blocked because someone must take it first
   * (on a phone the assignment card is far below).
   */
  take?: { onTake: () => void; pending: boolean } | undefined;
  allowed: readonly Action[];
  blocked: readonly BlockedAction[];
  requirements: ActionRequirements;
  /** Fields the request still lacks (the `incomplete` reason lists them). */
  missingFields?: readonly string[];
  /** What is happening in the procedure now, in words. */
  status?: string;
  onRun: (action: Action, input: ActionInput) => Promise<unknown>;
  /** Corrections to start the corrections form with: the description's open findings, for the reviewer to edit. */
  suggestedCorrections?: readonly string[];
  /** Errors in the attached description not accepted by the agency: submitting them asks for confirmation. */
  openDescriptionErrors?: number;
  /** Step 4's data: the registration form starts from its defaults; installation names its endpoint. */
  production?: RequestView['production'] | undefined;
};

type LocalErrors = {
  comment?: string;
  corrections?: string;
  acknowledge?: string;
  production?: string;
  installation?: string;
};

export function ActionPanel({
  allowed,
  blocked,
  requirements,
  missingFields = [],
  status,
  onRun,
  suggestedCorrections = [],
  openDescriptionErrors = 0,
  take,
  production,
}: Props) {
  const { t } = useTranslation(['requests', 'workflow']);
  const headingId = useId();
  const [open, setOpen] = useState<Action | null>(null);
  const [comment, setComment] = useState('');
  const [corrections, setCorrections] = useState<string[]>(['']);
  const [errors, setErrors] = useState<LocalErrors>({});
  const [productionValues, setProductionValues] = useState<ProductionValues | null>(null);
  const [checkedUrl, setCheckedUrl] = useState('');
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // When the request changes under an open form (after a refetch) and the action is gone, close it.
  const current = open && allowed.includes(open) ? open : null;
  const needs = current
    ? (requirements[current] ?? { commentRequired: false, needsCorrections: false })
    : null;

  useEffect(() => {
    if (current) formRef.current?.querySelector<HTMLElement>('textarea, input')?.focus();
  }, [current]);

  function choose(action: Action) {
    setOpen(open === action ? null : action);
    setComment('');
    setCorrections(
      action === 'requestCorrections' && suggestedCorrections.length > 0 ? [...suggestedCorrections] : [''],
    );
    setErrors({});
    setServerError(null);
    setAnnouncement('');
    setAcknowledged(false);
    setProductionValues(production ? productionValuesFrom(production) : null);
    setCheckedUrl(production?.endpointUrl ?? '');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!current || !needs) return;
    const listed = corrections.map((c) => c.trim()).filter(Boolean);
    const found: LocalErrors = {};
    if (needs.commentRequired && !comment.trim()) found.comment = t('actions.error.reasonRequired');
    if (needs.needsCorrections && listed.length === 0)
      found.corrections = t('actions.error.correctionsRequired');
    const mustAcknowledge = current === 'submit' && openDescriptionErrors > 0;
    if (mustAcknowledge && !acknowledged)
      found.acknowledge = t('actions.openErrors.required', { count: openDescriptionErrors });
    const registering = current === 'registerInProduction' && productionValues;
    const productionProblem = registering
      ? checkProductionValues(productionValues, production?.testEndpointUrl ?? null)
      : null;
    if (productionProblem) found.production = t(`actions.production.error.${productionProblem}`);
    const installationProblem = current === 'confirmInstallation' ? checkCheckedUrl(checkedUrl) : null;
    if (installationProblem) found.installation = t(`actions.installation.error.${installationProblem}`);
    setErrors(found);
    if (found.comment || found.corrections || found.acknowledge || found.production || found.installation) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(true);
    setServerError(null);
    try {
      await onRun(current, {
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(needs.needsCorrections ? { corrections: listed } : {}),
        ...(registering
          ? {
              production: {
                endpointUrl: productionValues.endpointUrl.trim(),
                hosting: productionValues.hosting,
                ...(productionValues.version.trim() ? { version: productionValues.version.trim() } : {}),
                ...(productionValues.sameAsTestConfirmed ? { sameAsTestConfirmed: true } : {}),
              },
            }
          : {}),
        ...(current === 'confirmInstallation' ? { installation: { checkedUrl: checkedUrl.trim() } } : {}),
      });
      setOpen(null);
      setAnnouncement(t(`workflow:done.${current}`));
      headingRef.current?.focus();
    } catch (error) {
      setServerError(error);
    } finally {
      setBusy(false);
    }
  }

  const nothingToDo = allowed.length === 0 && blocked.length === 0;
  return (
    <section className="card action-panel" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('actions.title')}
      </h2>
      {status ? <p className="action-status">{status}</p> : null}
      <div role="status" className={announcement ? 'alert alert-success' : undefined}>
        {announcement ? <p>{announcement}</p> : null}
      </div>
      {current ? null : <ErrorAlert error={serverError} />}
      {nothingToDo ? <p className="muted">{t('actions.none')}</p> : null}

      {allowed.length > 0 ? (
        <div className="actions action-buttons">
          {forwardFirst(allowed).map((action) => (
            <button
              key={action}
              type="button"
              className={leaving.includes(action) ? 'button-secondary button-leave' : 'button-primary'}
              aria-expanded={current === action}
              onClick={() => choose(action)}
            >
              {t(`workflow:action.${action}`)}
            </button>
          ))}
        </div>
      ) : null}

      {current && needs ? (
        <form
          ref={formRef}
          className="action-form"
          onSubmit={submit}
          noValidate
          aria-label={t(`workflow:action.${current}`)}
        >
          <h3>{t(`workflow:action.${current}`)}</h3>
          <p className="hint">{t(`actions.explain.${current}`)}</p>
          {current === 'submit' && openDescriptionErrors > 0 ? (
            <div className={errors.acknowledge ? 'alert alert-warning field-invalid' : 'alert alert-warning'}>
              <p>{t('actions.openErrors.warning', { count: openDescriptionErrors })}</p>
              {errors.acknowledge ? <p className="field-error">{errors.acknowledge}</p> : null}
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={acknowledged}
                  aria-invalid={errors.acknowledge ? true : undefined}
                  onChange={(e) => setAcknowledged(e.target.checked)}
                />{' '}
                {t('actions.openErrors.confirm', { count: openDescriptionErrors })}
              </label>
            </div>
          ) : null}
          {current === 'registerInProduction' && productionValues ? (
            <RegistrationFields
              values={productionValues}
              onChange={setProductionValues}
              testEndpointUrl={production?.testEndpointUrl ?? null}
              error={errors.production}
            />
          ) : null}
          {current === 'confirmInstallation' ? (
            <InstallationField
              value={checkedUrl}
              onChange={setCheckedUrl}
              endpointUrl={production?.endpointUrl ?? null}
              error={errors.installation}
            />
          ) : null}
          {needs.needsCorrections ? (
            <fieldset className={errors.corrections ? 'field-invalid' : undefined}>
              <legend>{t('actions.corrections.legend')}</legend>
              <p className="hint">{t('actions.corrections.hint')}</p>
              {errors.corrections ? <p className="field-error">{errors.corrections}</p> : null}
              <ol className="correction-rows">
                {corrections.map((text, index) => (
                  // The rows have no identity beyond their position; they are edited in place.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <li key={index}>
                    <Field label={t('actions.corrections.item', { n: index + 1 })}>
                      {(props) => (
                        <textarea
                          {...props}
                          rows={2}
                          value={text}
                          aria-invalid={errors.corrections && !text.trim() ? true : undefined}
                          onChange={(e) =>
                            setCorrections(corrections.map((c, i) => (i === index ? e.target.value : c)))
                          }
                        />
                      )}
                    </Field>
                    {corrections.length > 1 ? (
                      <button
                        type="button"
                        className="button-link"
                        onClick={() => setCorrections(corrections.filter((_, i) => i !== index))}
                      >
                        {t('actions.corrections.remove', { n: index + 1 })}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ol>
              <button
                type="button"
                className="button-secondary"
                onClick={() => setCorrections([...corrections, ''])}
              >
                {t('actions.corrections.add')}
              </button>
            </fieldset>
          ) : null}
          <Field
            label={t(needs.commentRequired ? 'actions.reason' : 'actions.comment')}
            hint={t(needs.commentRequired ? 'actions.reasonHint' : 'actions.commentHint')}
            error={errors.comment}
            required={needs.commentRequired}
          >
            {(props) => (
              <textarea {...props} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            )}
          </Field>
          <ErrorAlert error={serverError} />
          <div className="actions">
            <button
              type="submit"
              className={leaving.includes(current) ? 'button-danger' : 'button-primary'}
              disabled={busy}
            >
              {t(`workflow:action.${current}`)}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(null)} disabled={busy}>
              {t('common:cancel')}
            </button>
          </div>
        </form>
      ) : null}

      {blocked.length > 0 ? (
        <div className="blocked-actions">
          <h3>{t('actions.blocked.title')}</h3>
          <ul>
            {blocked.map((b) => (
              <li key={`${b.action}-${b.reason}`}>
                <strong className="blocked-action">{t(`workflow:action.${b.action}`)}</strong>
                <span className="blocked-reason">
                  {t(`actions.blocked.reason.${b.reason}`, {
                    defaultValue: t('actions.blocked.reason.other'),
                  })}
                </span>
                {b.reason === 'not_assignee' && take ? (
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={take.onTake}
                    disabled={take.pending}
                  >
                    {t('assignment.take')}
                  </button>
                ) : null}
                {b.reason === 'incomplete' && missingFields.length > 0 ? (
                  <ul>
                    {missingFields.map((f) => (
                      <li key={f}>
                        {t(`missingField.${f}`, { defaultValue: f, min: minimumDescriptionLength })}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
