import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, onSessionExpired, type ResponseOf, setCsrfToken, unwrap } from './api/client';
import { i18n, type Language, rememberLanguage } from './i18n';

// Who is signed in, shared by every page. The session lives in an httpOnly cookie the page cannot
// read; GET /api/v1/session tells who it belongs to and hands over the CSRF token for writes.

type SessionData = ResponseOf<'getSession'>;
export type SessionUser = SessionData['user'];
export type Role = SessionUser['role'];

type SessionContext = {
  user: SessionData['user'] | null;
  isLoading: boolean;
  expired: boolean;
  logIn: (email: string, password: string) => Promise<void>;
  logOut: () => Promise<void>;
  setLanguage: (lang: Language) => Promise<void>;
};

const Context = createContext<SessionContext | null>(null);

/** Drops cached data of the previous user; the session query itself stays observed and is overwritten. */
function forgetEverythingButSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
}

async function fetchSession(): Promise<SessionData | null> {
  const { data, response } = await api.GET('/api/v1/session');
  if (response.status === 401) return null;
  if (!data) throw new Error(`session: ${response.status}`);
  return data;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const session = useQuery({
    queryKey: ['session'],
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    const data = session.data;
    setCsrfToken(data?.csrfToken ?? '');
    if (data && data.user.locale !== i18n.language) {
      void i18n.changeLanguage(data.user.locale);
      rememberLanguage(data.user.locale);
    }
  }, [session.data]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setExpired(true);
        setCsrfToken('');
        forgetEverythingButSession(queryClient);
        queryClient.setQueryData(['session'], null);
      }),
    [queryClient],
  );

  const logIn = useCallback(
    async (email: string, password: string) => {
      const data = await unwrap(api.POST('/api/v1/session', { body: { email, password } }));
      setCsrfToken(data.csrfToken);
      setExpired(false);
      forgetEverythingButSession(queryClient);
      queryClient.setQueryData(['session'], data);
    },
    [queryClient],
  );

  const logOut = useCallback(async () => {
    await api.DELETE('/api/v1/session');
    setCsrfToken('');
    forgetEverythingButSession(queryClient);
    queryClient.setQueryData(['session'], null);
  }, [queryClient]);

  const setLanguage = useCallback(
    async (lang: Language) => {
      await i18n.changeLanguage(lang);
      rememberLanguage(lang);
      const current = queryClient.getQueryData<SessionData | null>(['session']);
      if (current) {
        await unwrap(api.PATCH('/api/v1/me', { body: { locale: lang } }));
        queryClient.setQueryData(['session'], { ...current, user: { ...current.user, locale: lang } });
      }
    },
    [queryClient],
  );

  const value = useMemo(
    () => ({
      user: session.data?.user ?? null,
      isLoading: session.isLoading,
      expired,
      logIn,
      logOut,
      setLanguage,
    }),
    [session.data, session.isLoading, expired, logIn, logOut, setLanguage],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

export function isAgency(role: Role | undefined): boolean {
  return role === 'agency_reviewer' || role === 'agency_admin';
}
