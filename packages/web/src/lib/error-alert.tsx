// The error banner every page shows for a failed request: the server's message in the user's language, the request id
// (what a supporter asks for) and, for a failed read, a retry button — only when sending the request again can help
// (network or server failure; not a refusal of bad input, see isRetryable in errors.logic.ts). The fields a refused
// request names read as the page's labels (`labels`), and with `form` each message is also put on the form's own field.
// A card that says what failed in its own words (删除证明加载失败) passes `title`: the server's message then follows as
// the first line of the description, the request id as the second.
import { useEffect, type CSSProperties } from 'react';
import { Alert, Button, type FormInstance } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorRequestId, errorText } from './errors';
import { formFieldErrors, isRetryable, type FieldLabels } from './errors.logic';

export function ErrorAlert({ error, onRetry, title, style, className, labels, form }: {
  error: unknown;
  onRetry?: () => void;
  /** What failed, in the page's words; without it the server's message is the title. */
  title?: string;
  style?: CSSProperties;
  /** The page's own banner look (the resident's report page: larger type). */
  className?: string;
  /** The page's names for its fields, by field name or path (`relation`, `members.relation`). */
  labels?: FieldLabels;
  /** The form the request came from: a message for one of its fields is shown under that field too. */
  form?: FormInstance;
}) {
  const { t, i18n } = useTranslation();
  const id = errorRequestId(error);
  const text = errorText(error, t, i18n.language, labels);
  const idLine = id ? t('errors.requestId', { id }) : undefined;
  useEffect(() => {
    if (!form) return;
    const fields = formFieldErrors(error, i18n.language, form.getFieldsError().map((f) => f.name));
    if (fields.length) form.setFields(fields);
  }, [error, form, i18n.language]);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? text}
      description={
        title === undefined ? idLine : (
          <>
            <div>{text}</div>
            {idLine && <div>{idLine}</div>}
          </>
        )
      }
      action={onRetry && isRetryable(error) ? <Button icon={<ReloadOutlined />} onClick={onRetry}>{t('app.retry')}</Button> : undefined}
      style={{ marginBottom: 12, ...style }}
      className={className}
    />
  );
}
