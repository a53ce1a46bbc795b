// 个人信息处理规则 (PIPL Art. 17, PRIV-03): public — anyone reads it before signing in (linked from the login page).
import { Alert, Button, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PublicTopBar } from '../../app/public-top-bar';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { fetchNotice, NOTICE_KEY } from './api';
import { NoticeView } from './notice.view';

export function NoticePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('notice.link'));
  const notice = useQuery({ queryKey: NOTICE_KEY, queryFn: ({ signal }) => fetchNotice(signal), staleTime: 5 * 60_000 });
  return (
    <main className="rx-notice-page">
      <PublicTopBar className="rx-notice-top" />
      {notice.isPending && <Skeleton active paragraph={{ rows: 10 }} className="rx-notice" />}
      {notice.isError && (
        <Alert
          type="error"
          showIcon
          className="rx-notice"
          title={t('notice.loadFailed')}
          description={errorText(notice.error, t, i18n.language)}
          action={<Button onClick={() => void notice.refetch()}>{t('notice.retry')}</Button>}
        />
      )}
      {notice.data && <NoticeView notice={notice.data} />}
    </main>
  );
}
