import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogService } from '../api/request-queries';
import { Field } from './form';
import {
  type FieldProblem,
  type FormErrors,
  type FormField,
  formFields,
  minimumDescriptionLength,
  type RequestFormValues,
} from './request-form-model';
import '../styles/requests.css';

// The fields of a request, shared by the new-request page and the request page's edit form. The
// caller owns the <form>, its buttons and what saving means.

type Props = {
  values: RequestFormValues;
  onChange: (patch: Partial<RequestFormValues>) => void;
  errors: FormErrors;
  /** The institution's test-catalog services to choose from; without it the service is fixed. */
  services?: readonly CatalogService[];
};

/** The translated message for a field's problem: a field-specific text when there is one. */
export function useFieldMessage() {
  const { t } = useTranslation('requests');
  return (field: FormField, problem: FieldProblem | undefined): string | undefined =>
    problem
      ? t([`form.error.${field}.${problem}`, `form.error.${problem}`], { min: minimumDescriptionLength })
      : undefined;
}

/** Focuses the first invalid control inside `root` (after the errors are rendered). */
export function focusFirstInvalid(root: HTMLElement | null): void {
  requestAnimationFrame(() => {
    root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}

export function errorCount(errors: FormErrors): number {
  return formFields.filter((f) => errors[f]).length;
}

function Decision({
  name,
  value,
  onChange,
  error,
}: {
  name: 'usedInVissInfrastructure' | 'hostedInProduction';
  value: boolean | null;
  onChange: (value: boolean) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation(['requests', 'common']);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const options = [
    { value: true, label: t('common:yes'), explanation: t(`form.${name}.yes`) },
    { value: false, label: t('common:no'), explanation: t(`form.${name}.no`) },
  ];
  return (
    <fieldset
      className={`decision${error ? ' field-invalid' : ''}`}
      aria-describedby={[hintId, error ? errorId : ''].filter(Boolean).join(' ')}
    >
      <legend>
        {t(`form.${name}.legend`)}
        <span className="required"> ({t('common:field.required')})</span>
      </legend>
      <p className="hint" id={hintId}>
        {t(`form.${name}.hint`)}
      </p>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div className="choices">
        {options.map((option) => {
          const optionId = `${id}-${option.value ? 'yes' : 'no'}`;
          return (
            <div className={`choice${value === option.value ? ' is-selected' : ''}`} key={optionId}>
              <input
                type="radio"
                id={optionId}
                name={`${name}-${id}`}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                aria-describedby={`${optionId}-explanation`}
                aria-invalid={error ? true : undefined}
              />
              <div>
                <label htmlFor={optionId}>{option.label}</label>
                <p className="hint" id={`${optionId}-explanation`}>
                  {option.explanation}
                </p>
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function RequestForm({ values, onChange, errors, services }: Props) {
  const { t } = useTranslation(['requests', 'common']);
  const message = useFieldMessage();
  const selected = services?.find((s) => s.id === values.serviceId);
  const periodRequired = values.usedInVissInfrastructure === true;
  const periodHintId = useId();

  return (
    <div className="request-form">
      {services ? (
        <Field
          label={t('form.service.label')}
          hint={t('form.service.hint')}
          error={message('serviceId', errors.serviceId)}
          required
        >
          {(props) => (
            <select
              {...props}
              value={values.serviceId}
              onChange={(e) => onChange({ serviceId: e.target.value })}
            >
              <option value="">{t('form.service.placeholder')}</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('form.service.option', { name: s.name, identifier: s.identifier })}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {selected ? (
        <dl className="service-facts">
          <div>
            <dt>{t('form.service.identifier')}</dt>
            <dd>
              <code>{selected.identifier}</code>
            </dd>
          </div>
          <div>
            <dt>{t('form.service.system')}</dt>
            <dd>{t('form.service.systemValue', selected.informationSystem)}</dd>
          </div>
          <div>
            <dt>{t('form.service.protocol')}</dt>
            <dd>{t(`form.service.protocols.${selected.protocol}`)}</dd>
          </div>
          {selected.endpointUrl ? (
            <div>
              <dt>{t('form.service.endpoint')}</dt>
              <dd>
                <code>{selected.endpointUrl}</code>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      <Field
        label={t('form.description.label')}
        hint={t('form.description.hint', { min: minimumDescriptionLength })}
        error={message('description', errors.description)}
      >
        {(props) => (
          <textarea
            {...props}
            rows={8}
            value={values.description}
            onChange={(e) => onChange({ description: e.target.value })}
          />
        )}
      </Field>

      <Decision
        name="usedInVissInfrastructure"
        value={values.usedInVissInfrastructure}
        onChange={(v) => onChange({ usedInVissInfrastructure: v })}
        error={message('usedInVissInfrastructure', errors.usedInVissInfrastructure)}
      />
      <Decision
        name="hostedInProduction"
        value={values.hostedInProduction}
        onChange={(v) => onChange({ hostedInProduction: v })}
        error={message('hostedInProduction', errors.hostedInProduction)}
      />

      <fieldset aria-describedby={periodHintId}>
        <legend>
          {t('form.testPeriod.legend')}
          {periodRequired ? <span className="required"> ({t('common:field.required')})</span> : null}
        </legend>
        <p className="hint" id={periodHintId}>
          {t(periodRequired ? 'form.testPeriod.hintRequired' : 'form.testPeriod.hintOptional')}
        </p>
        <div className="field-row">
          <Field label={t('form.testPeriod.from')} error={message('testPeriodFrom', errors.testPeriodFrom)}>
            {(props) => (
              <input
                {...props}
                type="date"
                value={values.testPeriodFrom}
                onChange={(e) => onChange({ testPeriodFrom: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('form.testPeriod.to')} error={message('testPeriodTo', errors.testPeriodTo)}>
            {(props) => (
              <input
                {...props}
                type="date"
                min={values.testPeriodFrom || undefined}
                value={values.testPeriodTo}
                onChange={(e) => onChange({ testPeriodTo: e.target.value })}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('form.contact.legend')}</legend>
        <p className="hint">{t('form.contact.hint')}</p>
        <Field label={t('form.contact.name')} error={message('contactName', errors.contactName)} required>
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="name"
              value={values.contactName}
              onChange={(e) => onChange({ contactName: e.target.value })}
            />
          )}
        </Field>
        <div className="field-row">
          <Field
            label={t('form.contact.email')}
            error={message('contactEmail', errors.contactEmail)}
            required
          >
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="email"
                value={values.contactEmail}
                onChange={(e) => onChange({ contactEmail: e.target.value })}
              />
            )}
          </Field>
          <Field
            label={t('form.contact.phone')}
            hint={t('form.contact.phoneHint')}
            error={message('contactPhone', errors.contactPhone)}
            required
          >
            {(props) => (
              <input
                {...props}
                type="tel"
                autoComplete="tel"
                value={values.contactPhone}
                onChange={(e) => onChange({ contactPhone: e.target.value })}
              />
            )}
          </Field>
        </div>
      </fieldset>
    </div>
  );
}

/** Shown above a form whose fields have problems; the fields say what is wrong. */
export function FormErrorSummary({ errors }: { errors: FormErrors }) {
  const { t } = useTranslation('requests');
  const count = errorCount(errors);
  if (count === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{t('form.errorSummary', { count })}</strong>
      </p>
    </div>
  );
}
