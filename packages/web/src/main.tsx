import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { setLanguageProvider, setPasswordChangeHandler, setUnauthorizedHandler } from './api/client';
import { Providers, createQueryClient } from './app/providers';
import { createRouter, isShellPath } from './app/router';
import { appLayout, dashboard } from './app/shell-loader';
import { loginPath } from './auth/redirect';
import { SESSION_KEY, storeSession } from './auth/session';
import { currentLanguage, initI18n } from './i18n';
import { installNewVersionReload } from './lib/new-version';
import './styles.css';
import './lib/cards.css';

async function start(): Promise<void> {
  installNewVersionReload();
  // Opening on a signed-in page: fetch the shell's code now, beside the session request and the translations, instead
  // of after them (ADR 0064). A failure here reloads for a new version, as any needed chunk does.
  const { pathname } = window.location;
  if (isShellPath(pathname)) {
    void appLayout.preload().catch(() => undefined);
    if (pathname === '/') void dashboard.preload().catch(() => undefined);
  }
  await initI18n();
  setLanguageProvider(currentLanguage);

  const queryClient = createQueryClient();
  const router = createRouter();

  // Any authenticated request answering 401 means the session is gone: back to login, then back here.
  setUnauthorizedHandler(() => {
    const { pathname, search } = router.state.location;
    if (pathname === '/login') return;
    void router.navigate(loginPath(pathname + search, true), { replace: true });
    queryClient.clear();
    storeSession(queryClient, null);
  });

  // The server says this session must first set its own password (one-time password): reload the session, whose
  // mustChangePassword flag makes <RequireAuth> show the change-password page.
  setPasswordChangeHandler(() => {
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  });

  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <RouterProvider router={router} />
      </Providers>
    </StrictMode>,
  );
}

void start();
