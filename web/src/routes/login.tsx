import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorAlert, Notice } from '../components/feedback';
import { Field } from '../components/form';
import { useSession } from '../session';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { user, logIn, expired, setLanguage } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const other = i18n.language === 'en' ? 'lv' : 'en';

  if (user) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Say what is missing in the interface language before asking the server anything.
    const problems = {
      ...(email.trim() === ''
        ? { email: t('login.missing.email') }
        : !/^[^\s@]+@[^\s@]+$/.test(email.trim())
          ? { email: t('login.missing.emailFormat') }
          : {}),
      ...(password === '' ? { password: t('login.missing.password') } : {}),
    };
    setMissing(problems);
    if (problems.email || problems.password) return;
    setBusy(true);
    setError(null);
    try {
      await logIn(email, password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const failed = error instanceof ApiError && error.problem.code === 'unauthenticated';
  return (
    <main id="main" className="login-page">
      <div className="login-card">
        <p className="brand-name">{t('appName')}</p>
        <p className="brand-tagline">{t('appTagline')}</p>
        <h1>{t('login.title')}</h1>
        <p>{t('login.intro')}</p>
        {expired ? <Notice>{t('session.expired')}</Notice> : null}
        {failed ? (
          <div className="alert alert-error" role="alert">
            {t('login.failed')}
          </div>
        ) : (
          <ErrorAlert error={error} />
        )}
        <form onSubmit={submit} noValidate>
          <Field label={t('login.email')} required {...(missing.email && { error: missing.email })}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('login.password')} required {...(missing.password && { error: missing.password })}>
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button-primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
        <button type="button" className="button-link" lang={other} onClick={() => void setLanguage(other)}>
          {t(`language.${other}`)}
        </button>
        <p>
          <Link to="/pieejamiba">{t('accessibility:link')}</Link>
        </p>
      </div>
    </main>
  );
}
