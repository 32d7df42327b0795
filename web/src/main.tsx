import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './app';
import { i18n, storedLanguage } from './i18n';
import { SessionProvider } from './session';
import './styles.css';

document.documentElement.lang = storedLanguage();

const queryClient = new QueryClient({
  defaultOptions: {
    // Shared work changes under people's feet: show what is cached at once, and always fetch anew when a
    // page opens or the window regains focus.
    queries: { retry: false, refetchOnWindowFocus: true, staleTime: 0 },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <App />
          </SessionProvider>
        </BrowserRouter>
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
