import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { pageRoutes } from '../routes';
import { useSession } from '../session';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, logOut, setLanguage } = useSession();
  const navigate = useNavigate();
  const nav = pageRoutes.filter((r) => r.nav && (!r.roles || (user && r.roles.includes(user.role))));
  const other = i18n.language === 'en' ? 'lv' : 'en';

  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <a className="brand" href="/">
            <span className="brand-name">{t('appName')}</span>
            <span className="brand-tagline">{t('appTagline')}</span>
          </a>
          <div className="header-tools">
            <button
              type="button"
              className="button-link"
              lang={other}
              onClick={() => void setLanguage(other)}
              aria-label={t('language.switchTo')}
            >
              {t(`language.${other}`)}
            </button>
            {user ? (
              <>
                <span className="user-name">
                  {t('session.signedInAs', { name: user.displayName })}
                  <span className="user-meta">
                    {t(`role.${user.role}`)}
                    {user.institutionName ? ` · ${user.institutionName}` : ''}
                  </span>
                </span>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={async () => {
                    await logOut();
                    navigate('/login');
                  }}
                >
                  {t('session.logout')}
                </button>
              </>
            ) : null}
          </div>
        </div>
        <nav className="main-nav" aria-label={t('nav.label')}>
          <ul>
            {nav.map((r) => (
              <li key={r.path}>
                <NavLink to={`/${r.path}`} end>
                  {t(r.nav as string)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('appTagline')}</p>
      </footer>
    </>
  );
}
