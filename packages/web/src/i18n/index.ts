import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN, type Resources } from './zh-CN';
import { en } from './en';
import { readQuietly, storeQuietly } from '../lib/storage';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

// Only the UI language is kept in the browser; no personal data goes into storage.
const STORAGE_KEY = 'renxing.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function storedLanguage(): Language {
  // Storage may be disabled (private mode): the default then.
  const value = readQuietly(STORAGE_KEY);
  return isLanguage(value) ? value : 'zh-CN';
}

function applyDocumentLanguage(lng: Language): void {
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lng;
}

export const i18n = i18next.createInstance();

export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyDocumentLanguage(lng);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  // Refused (private mode): the choice then lasts for this page only.
  storeQuietly(STORAGE_KEY, lng);
  // dayjs first: the re-render that changeLanguage triggers must already format dates in the new language.
  applyDocumentLanguage(lng);
  await i18n.changeLanguage(lng);
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}
