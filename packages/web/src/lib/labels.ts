import type { TFunction } from 'i18next';

const ROLES = new Set([
  'district_staff', 'street_staff', 'community_admin', 'grid_worker', 'doctor', 'collector',
  'volunteer', 'resident', 'device', 'auditor', 'security_admin', 'system_admin', 'system',
]);
const ORG_LEVELS = new Set(['city', 'district', 'street', 'community', 'grid']);

/** Role code → label in the UI language; unknown codes are shown as they are. */
export function roleLabel(role: string | null | undefined, t: TFunction): string {
  if (!role) return '';
  return ROLES.has(role) ? t(`roles.${role}` as 'roles.auditor') : role;
}

/** An audit row without a user: a scheduled job or the command line (role 'system'), or a request before login. */
export function noActorLabel(role: string | null | undefined, t: TFunction): string {
  return role === 'system' ? t('audit.systemJob') : t('audit.anonymous');
}

export function orgLevelLabel(level: string, t: TFunction): string {
  return ORG_LEVELS.has(level) ? t(`orgLevels.${level}` as 'orgLevels.city') : level;
}

/** "m 分 s 秒" style duration for lock-out countdowns. */
export function durationLabel(totalSeconds: number, t: TFunction): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const m = Math.floor(s / 60);
  return m > 0 ? t('duration.minutesSeconds', { m, s: s % 60 }) : t('duration.seconds', { s });
}

/** Audit action code → plain label; unknown codes (new modules) are shown as they are. */
export function auditActionLabel(action: string, t: TFunction): string {
  return t(`audit.actions.${action}` as 'audit.actions.login', { defaultValue: action });
}

export function auditObjectLabel(objectType: string, t: TFunction): string {
  return t(`audit.objects.${objectType}` as 'audit.objects.session', { defaultValue: objectType });
}

const chinese = (lang: string) => lang.startsWith('zh');
/** "name（note）" in Chinese, "name (note)" in English: full-width brackets only in Chinese text. */
export const withNote = (main: string, note: string, lang: string): string => (chinese(lang) ? `${main}（${note}）` : `${main} (${note})`);
/** "label：value" in Chinese, "label: value" in English. */
export const labelled = (label: string, value: string, lang: string): string => (chinese(lang) ? `${label}：${value}` : `${label}: ${value}`);
/** Parts of one phrase (a name, then its address) joined with ， in Chinese, with ", " in English. */
export const phraseText = (parts: readonly string[], lang: string): string => parts.join(chinese(lang) ? '，' : ', ');
/** Items joined with 、 in Chinese, with ", " in English. */
export const listText = (items: readonly string[], lang: string): string => items.join(chinese(lang) ? '、' : ', ');
