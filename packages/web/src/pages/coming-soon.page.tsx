import { Button, Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../app/use-page-title';

export function ComingSoonPage({ name }: { name: string }) {
  const { t } = useTranslation();
  usePageTitle(name);
  const navigate = useNavigate();
  return (
    <Result
      icon={<ToolOutlined aria-hidden />}
      title={<h1 className="rx-result-title">{t('comingSoon.title')}</h1>}
      subTitle={t('comingSoon.subtitle', { name })}
      extra={
        <Button size="large" onClick={() => void navigate('/')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
