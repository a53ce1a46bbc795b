import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { isStaleChunkError, reloadForNewVersion } from '../lib/new-version';
import { NotFoundPage } from './not-found.page';

/** Last-resort page for render errors and failed chunk loads (e.g. after a new deploy). */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isStaleChunkError(error)) {
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
