import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestView } from '../api/request-queries';
import { Field } from './form';

// Step 4's own inputs inside the action form: what goes into the production catalog entry at
// registration, and the URL at which the production endpoint answered at installation. The server
// checks the same rules (422 production-data-invalid); this only saves a round trip.

export type Hosting = 'agency' | 'institution';
export type ProductionValues = {
  endpointUrl: string;
  hosting: Hosting;
  version: string;
  sameAsTestConfirmed: boolean;
};
export type ProductionErrors = { endpointUrl?: string; checkedUrl?: string };

export function productionValuesFrom(production: RequestView['production']): ProductionValues {
  return {
    endpointUrl: production.defaults.endpointUrl ?? '',
    hosting: production.defaults.hosting,
    version: production.defaults.version ?? '',
    sameAsTestConfirmed: false,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const trimmed = (url: string) => url.trim().replace(/\/$/, '');

export function isTestEndpoint(values: ProductionValues, testEndpointUrl: string | null): boolean {
  return testEndpointUrl !== null && trimmed(values.endpointUrl) === trimmed(testEndpointUrl);
}

/** Error keys (actions.production.error.*) of the registration form, checked before sending. */
export function checkProductionValues(
  values: ProductionValues,
  testEndpointUrl: string | null,
): 'required' | 'invalidUrl' | 'sameAsTest' | null {
  const url = values.endpointUrl.trim();
  if (!url) return 'required';
  if (!isHttpUrl(url)) return 'invalidUrl';
  if (isTestEndpoint(values, testEndpointUrl) && !values.sameAsTestConfirmed) return 'sameAsTest';
  return null;
}

export function checkCheckedUrl(value: string): 'required' | 'invalidUrl' | null {
  if (!value.trim()) return 'required';
  return isHttpUrl(value.trim()) ? null : 'invalidUrl';
}

export function RegistrationFields({
  values,
  onChange,
  testEndpointUrl,
  error,
}: {
  values: ProductionValues;
  onChange: (values: ProductionValues) => void;
  testEndpointUrl: string | null;
  error: string | undefined;
}) {
  const { t } = useTranslation('requests');
  const name = useId();
  const sameAsTest = isTestEndpoint(values, testEndpointUrl);
  return (
    <fieldset className="production-fields">
      <legend>{t('actions.production.legend')}</legend>
      <Field
        label={t('actions.production.endpointUrl')}
        hint={
          testEndpointUrl
            ? t('actions.production.endpointHint', { test: testEndpointUrl })
            : t('actions.production.endpointHintNoTest')
        }
        error={error}
        required
      >
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            autoComplete="off"
            value={values.endpointUrl}
            onChange={(e) => onChange({ ...values, endpointUrl: e.target.value })}
          />
        )}
      </Field>
      {sameAsTest ? (
        <label className="ag-check">
          <input
            type="checkbox"
            checked={values.sameAsTestConfirmed}
            onChange={(e) => onChange({ ...values, sameAsTestConfirmed: e.target.checked })}
          />{' '}
          {t('actions.production.sameAsTestConfirm')}
        </label>
      ) : null}
      <fieldset>
        <legend>{t('actions.production.hosting')}</legend>
        {(['agency', 'institution'] as const).map((hosting) => (
          <div className="choice" key={hosting}>
            <input
              type="radio"
              id={`${name}-${hosting}`}
              name={`${name}-hosting`}
              checked={values.hosting === hosting}
              onChange={() => onChange({ ...values, hosting })}
            />
            <label htmlFor={`${name}-${hosting}`}>{t(`actions.production.hostingOption.${hosting}`)}</label>
          </div>
        ))}
      </fieldset>
      <Field label={t('actions.production.version')} hint={t('actions.production.versionHint')}>
        {(props) => (
          <input
            {...props}
            value={values.version}
            onChange={(e) => onChange({ ...values, version: e.target.value })}
          />
        )}
      </Field>
    </fieldset>
  );
}

export function InstallationField({
  value,
  onChange,
  endpointUrl,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  endpointUrl: string | null;
  error: string | undefined;
}) {
  const { t } = useTranslation('requests');
  return (
    <Field
      label={t('actions.installation.checkedUrl')}
      hint={t('actions.installation.hint', { endpoint: endpointUrl ?? '—' })}
      error={error}
      required
    >
      {(props) => (
        <input
          {...props}
          type="url"
          inputMode="url"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
