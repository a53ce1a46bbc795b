// The error banner every page shows for a failed request: the server's message in the user's language, the request id
// (what a supporter asks for) and, for a failed read, a retry button — only when sending the request again can help
// (network or server failure; not a refusal of bad input, see isRetryable in errors.logic.ts).
import type { CSSProperties } from 'react';
import { Alert, Button } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorRequestId, errorText } from './errors';
import { isRetryable } from './errors.logic';

export function ErrorAlert({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: CSSProperties }) {
  const { t, i18n } = useTranslation();
  const id = errorRequestId(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error, t, i18n.language)}
      description={id ? t('errors.requestId', { id }) : undefined}
      action={onRetry && isRetryable(error) ? <Button icon={<ReloadOutlined />} onClick={onRetry}>{t('app.retry')}</Button> : undefined}
      style={{ marginBottom: 12, ...style }}
    />
  );
}
