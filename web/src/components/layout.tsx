import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { pageRoutes } from '../routes';
import { useSession } from '../session';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, logOut, setLanguage } = useSession();
  const navigate = useNavigate();
  const nav = user ? pageRoutes.filter((r) => r.nav && (!r.roles || r.roles.includes(user.role))) : [];
  useFocusHeadingOnNavigation();
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
        <p>
          <Link to="/pieejamiba">{t('accessibility:link')}</Link>
        </p>
      </footer>
    </>
  );
}

/**
 * After a navigation inside the app (not on the first load), focus moves to the new page's heading,
 * so a screen reader announces where the user is and the keyboard starts from the page, not from
 * the link that was followed (WCAG 2.4.3).
 */
function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is for each new path, which it does not read
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The page renders its heading in the same commit or just after (data pages show it at once).
    const timer = setTimeout(() => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (!heading) return;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [pathname]);
}
