import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { NotFoundPage } from './not-found.page';

/** Last-resort page for render errors and failed chunk loads (e.g. after a new deploy). */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
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
