import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../app/use-page-title';

export function ForbiddenPage() {
  const { t } = useTranslation();
  usePageTitle(t('forbidden.title'));
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={<h1 className="rx-result-title">{t('forbidden.title')}</h1>}
      subTitle={t('forbidden.subtitle')}
      extra={
        <Button type="primary" size="large" onClick={() => void navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
