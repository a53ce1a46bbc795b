import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../app/use-page-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={<h1 className="rx-result-title">{t('notFound.title')}</h1>}
      subTitle={t('notFound.subtitle')}
      extra={
        <Button type="primary" size="large" onClick={() => void navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
