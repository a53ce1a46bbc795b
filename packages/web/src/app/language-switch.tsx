import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

/** One button that switches between 中文 and English (the label is in the target language). */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const target = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined aria-hidden />}
      onClick={() => void setLanguage(target)}
      // On a phone the button shows only "EN" / "中": its name starts with that text (WCAG 2.5.3, label in name).
      aria-label={compact ? t('lang.switchToAriaCompact') : t('lang.switchToAria')}
      lang={target}
      data-testid="language-switch"
    >
      {compact ? (target === 'en' ? 'EN' : '中') : t('lang.switchTo')}
    </Button>
  );
}
