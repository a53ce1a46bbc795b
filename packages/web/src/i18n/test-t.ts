// For tests: the app's real resources in a real i18next instance (the same key lookup as in the browser).
import i18next, { type TFunction } from 'i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Translation functions for zh-CN and English over the app's resources (zh-CN is the fallback, as in the app). */
export async function appTranslations(): Promise<{ zh: TFunction; en: TFunction }> {
  const i = i18next.createInstance();
  await i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', fallbackLng: 'zh-CN', interpolation: { escapeValue: false } });
  return { zh: i.getFixedT('zh-CN'), en: i.getFixedT('en') };
}
