import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "<page> · 韧性" in the browser tab (helps people with several tabs and screen-reader users after navigation). */
export function usePageTitle(page: string | null): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = page ? `${page} · ${app}` : t('app.fullName');
  }, [page, app, t]);
}
