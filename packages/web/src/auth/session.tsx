import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMutation } from '../lib/single-flight';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError, setCsrfToken } from '../api/client';
import { fetchSession, login, logout } from '../api/auth';
import type { Me, Session } from '../api/types';
import { ForbiddenPage } from '../pages/forbidden.page';
import { FullPageError, FullPageLoading } from '../pages/full-page';
import { loginPath } from './redirect';
import { tellSignedIn, tellSignedOut } from './session-lost';

export const SESSION_KEY = ['session'] as const;

/** The change-password page: the only page of a session that must set its own password first. */
export const CHANGE_PASSWORD_PATH = '/account/password';

/** Current session: a Session when logged in, null when not, undefined while the first probe runs. */
export function useSession() {
  return useQuery<Session | null>({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        const session = await fetchSession();
        setCsrfToken(session?.csrfToken ?? null);
        return session;
      } catch (e) {
        if (isApiError(e) && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

export function storeSession(queryClient: QueryClient, session: Session | null): void {
  setCsrfToken(session?.csrfToken ?? null);
  queryClient.setQueryData(SESSION_KEY, session);
}

export function hasPermission(me: Pick<Me, 'permissions'>, permission: string | null | undefined): boolean {
  return !permission || me.permissions.includes(permission);
}

const MeContext = createContext<Me | null>(null);

/** The logged-in user; only inside <RequireAuth>. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside <RequireAuth>');
  return me;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageLoading />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  // A one-time password from a security admin (ADR 0017): the server refuses everything else until the user has set
  // their own password, so the app offers nothing else either.
  if (session.data.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return (
    <MeContext.Provider value={session.data.user}>
      {children}
    </MeContext.Provider>
  );
}

/** Renders the 403 page in place (the URL stays) when the user lacks the permission. */
export function RequirePermission({ permission, children }: { permission: string | null; children: ReactNode }) {
  const me = useMe();
  return hasPermission(me, permission) ? <>{children}</> : <ForbiddenPage />;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => login(input.username, input.password),
    onSuccess: (session) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      storeSession(queryClient, session);
      // A tab of this browser waiting for the same user to sign in again takes this session up (ADR 0066).
      tellSignedIn(session.user.id);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Whatever the server answered, forget everything this browser tab knows about the user.
      queryClient.clear();
      storeSession(queryClient, null);
      // The other tabs of this browser share the cookie: they cover their pages with the sign-in dialog now.
      tellSignedOut();
      void navigate('/login', { replace: true });
    },
  });
}
