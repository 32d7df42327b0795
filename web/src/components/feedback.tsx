import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

/** An error as the user should read it: translated by the problem's code (and reason), never its English text. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const code = problem?.code ?? 'internal';
  const reason = problem?.reason && t(`error.reason.${problem.reason}`, { defaultValue: '' });
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{t(`error.${code}`, { defaultValue: t('error.internal') })}</strong>
        {reason ? ` ${reason}` : null}
      </p>
      {problem?.openRequest ? (
        <p>
          {/* A plain link: the alert is also shown outside the router (in component tests). */}
          <a href={`/requests/${problem.openRequest.id}`}>
            {t('error.openRequest', { reference: problem.openRequest.reference })}
          </a>
        </p>
      ) : null}
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path}>{fieldErrorText(t, e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <div className="alert alert-info" role="status">
      {children}
    </div>
  );
}

/**
 * A field problem in the interface language: the field's name and what is wrong with it, by the
 * validator's code. The server's English message is the fallback only for a problem with no known code
 * (a rule of the server's own, which words its message for people).
 */
export function fieldErrorText(
  t: (key: string, options?: Record<string, unknown>) => string,
  error: { path: string; message: string; code?: string | undefined },
): string {
  const segments = error.path
    .split('.')
    .filter((s) => s !== 'body' && s !== 'query' && s !== 'params' && !/^\d+$/.test(s));
  const last = segments.at(-1) ?? error.path;
  const field = t(`fieldName.${last}`, { defaultValue: last });
  const known = error.code ? t(`error.field.${error.code}`, { defaultValue: '' }) : '';
  return known ? `${field}: ${known}` : `${field}: ${error.message}`;
}
