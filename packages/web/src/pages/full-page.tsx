import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorRequestId, errorText } from '../lib/errors';

export function FullPageLoading() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }} role="status">
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t, i18n } = useTranslation();
  const requestId = errorRequestId(error);
  return (
    <Result
      status="warning"
      title={t('app.unavailable')}
      subTitle={
        <>
          <div>{errorText(error, t, i18n.language)}</div>
          <div>{t('app.unavailableHint')}</div>
          {requestId && <div>{t('errors.requestId', { id: requestId })}</div>}
        </>
      }
      extra={
        <Button type="primary" size="large" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
