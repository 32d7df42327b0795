import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { i18n } from '../i18n';
import { SessionProvider } from '../session';

// Rendering a page for a component test: the app's providers around it, a router at the given
// address, and a probe that shows the address the page navigated to.

export const adminSession = {
  user: {
    id: '0190a1b2-0000-7000-8000-000000000001',
    email: 'anna.berzina@vraa.demo',
    displayName: 'Anna Bērziņa',
    role: 'agency_admin',
    institutionId: null,
    institutionName: 'Valsts reģionālās attīstības aģentūra',
    locale: 'lv',
  },
  csrfToken: 'csrf',
  expiresAt: null,
};

export const reviewerSession = {
  ...adminSession,
  user: {
    ...adminSession.user,
    id: '0190a1b2-0000-7000-8000-000000000002',
    email: 'janis.ozolins@vraa.demo',
    displayName: 'Jānis Ozoliņš',
    role: 'agency_reviewer',
  },
};

/** Shows the router's current search, so tests can read the URL a page wrote. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

export function renderPage(path: string, page: ReactNode, route = path.split('?')[0] ?? '/') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[path]}>
          <SessionProvider>
            <Routes>
              <Route path={route} element={page} />
            </Routes>
            <LocationProbe />
          </SessionProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </I18nextProvider>,
  );
}

/** jsdom has <dialog> but not its methods; enough of them for the pages' modals. */
export function polyfillDialog(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & { showModal?: () => void };
  proto.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
