import { useEffect, useState } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isStaleChunkError, reloadForNewVersion, serverAnswers } from '../lib/new-version';
import { FullPageLoading } from './full-page';
import { NotFoundPage } from './not-found.page';

const askServer = () => serverAnswers((url, init) => fetch(url, init));

/** Last-resort page for render errors and failed chunk loads (e.g. after a new deploy, or while the network is down). */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  const chunk = isStaleChunkError(error);
  // A page's code that did not load: a new build, or no server at all (then a reload would end on the browser's error
  // page). null while asking.
  const [up, setUp] = useState<boolean | null>(null);
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!chunk) return;
    let live = true;
    void askServer().then((answer) => live && setUp(answer));
    return () => {
      live = false;
    };
  }, [chunk]);
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (chunk && up === null) return <FullPageLoading />;
  if (chunk && !up) {
    // Try again: once the server answers, reload here (the page's code comes with it); until then, say so again.
    const retry = async () => {
      setAsking(true);
      const answer = await askServer();
      setAsking(false);
      if (answer) reloadForNewVersion();
      else setUp(false);
    };
    return (
      <Result
        status="warning"
        title={<span data-testid="route-error-unreachable">{t('app.unavailable')}</span>}
        subTitle={t('app.unavailableHint')}
        extra={
          <Button type="primary" size="large" loading={asking} onClick={() => void retry()}>
            {t('app.retry')}
          </Button>
        }
      />
    );
  }
  if (chunk) {
    // A new version was deployed and the automatic reload did not help (or could not run): say so, reload here.
    return (
      <Result
        status="info"
        title={t('errors.newVersion')}
        subTitle={t('errors.newVersionHint')}
        extra={
          <Button type="primary" size="large" onClick={() => reloadForNewVersion()}>
            {t('errors.reload')}
          </Button>
        }
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('errors.unknown')}
      extra={
        <Button type="primary" size="large" onClick={() => window.location.assign('/')}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
