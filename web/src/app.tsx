import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './components/feedback';
import { Layout } from './components/layout';
import { pageRoutes } from './routes';
import { AccessibilityPage } from './routes/accessibility';
import { LoginPage } from './routes/login';
import { NotFoundPage } from './routes/not-found';
import { isAgency, type Role, useSession } from './session';

/** Sends each user to their home: institution members to their requests, the agency to its queue. */
function Home() {
  const { user } = useSession();
  return <Navigate to={isAgency(user?.role) ? '/queue' : '/requests'} replace />;
}

function RequireUser({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { user, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <Loading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.role)) return <NotFoundPage />;
  return <>{children}</>;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* The accessibility statement is public: the layout shows no navigation to a visitor. */}
      <Route element={<Layout />}>
        <Route path="/pieejamiba" element={<AccessibilityPage />} />
      </Route>
      <Route
        element={
          <RequireUser>
            <Layout />
          </RequireUser>
        }
      >
        <Route index element={<Home />} />
        {pageRoutes.map((r) => (
          <Route
            key={r.path}
            path={r.path}
            element={<RequireUser roles={r.roles}>{r.element}</RequireUser>}
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
