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
      {problem?.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code>: {e.message}
            </li>
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
