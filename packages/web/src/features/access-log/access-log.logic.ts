// Labels for the entries of 我的信息查阅记录: codes from the audit log → words a resident understands.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { TFunction } from 'i18next';
import { roleLabel } from '../../lib/labels';
import { accessLogZh } from './i18n';
import type { AccessEntry } from './api';

const ACTIONS = new Set(Object.keys(accessLogZh.actions).filter((a) => a !== 'other'));
const FIELDS = new Set(Object.keys(accessLogZh.fieldNames));
const READS = new Set(Object.keys(accessLogZh.reads));
const KNOWN_ROLES = new Set([
  'district_staff', 'street_staff', 'community_admin', 'grid_worker', 'doctor', 'collector',
  'volunteer', 'resident', 'device', 'auditor', 'security_admin', 'system_admin',
]);
const PURPOSES = new Set(['registry.maintenance', 'epidemic.followup', 'epidemic.sampling', 'epidemic.screening', 'epidemic.lab', 'epidemic.quarantine', 'epidemic.gates', 'epidemic.health_code', 'service.assistance']);

/** Role of whoever accessed the record; roles the app does not know take the server's label in the UI language. */
export function accessRoleLabel(e: Pick<AccessEntry, 'actorRole' | 'actorRoleLabel'>, t: TFunction, lang: string): string {
  if (!e.actorRole) return t('accessLog.system');
  if (KNOWN_ROLES.has(e.actorRole)) return roleLabel(e.actorRole, t);
  const [zh, en] = e.actorRoleLabel;
  return (lang.startsWith('zh') ? zh : en) || e.actorRole;
}

/** "查看了您的档案" etc.; an action added later on the server reads "处理了您的信息". */
export function accessActionLabel(action: string, t: TFunction): string {
  return ACTIONS.has(action) ? t(`accessLog.actions.${action as 'read'}`) : t('accessLog.actions.other');
}

/**
 * What an entry says was done: the action — or, when the resident was one of several people shown at once (ADR 0046),
 * how they appeared (in search results, on their household's page, in a list). A change to the whole household (a
 * move) keeps its action's words.
 */
export function accessEntryLabel(e: Pick<AccessEntry, 'action' | 'appearance' | 'objectType'>, t: TFunction): string {
  if (e.appearance && (e.action === 'search' || e.action === 'list' || e.action === 'read' || !ACTIONS.has(e.action))) {
    return t(`accessLog.appearances.${e.appearance}`);
  }
  // Reading one of the resident's requests (to decide it) is not reading their record.
  if (e.action === 'read' && e.objectType && READS.has(e.objectType)) return t(`accessLog.reads.${e.objectType as 'correction_request'}`);
  return accessActionLabel(e.action, t);
}

/**
 * Purpose code (X-Purpose) → label; an unknown code is shown as it is. None given: handling one of the resident's own
 * requests (a correction or deletion request, a request about a child's number) says so — its purpose is the request —
 * otherwise "未注明".
 */
export function purposeLabel(purpose: string | null, t: TFunction, objectType?: string | null): string {
  if (!purpose) return objectType && READS.has(objectType) ? t('accessLog.requestPurpose') : t('accessLog.noPurpose');
  return PURPOSES.has(purpose) ? t(`registry.purposes.${purpose as 'registry.maintenance'}`) : purpose;
}

/** Field code → label where one exists, else the code. */
export function fieldLabel(field: string, t: TFunction): string {
  // Table-qualified codes (a deletion decision's counts, e.g. residents.restricted) are keyed with "_" (i18n paths use ".").
  const key = field.replace(/\./g, '_');
  return FIELDS.has(key) ? t(`accessLog.fieldNames.${key as 'name'}`) : field;
}

/** Field labels without repeats (household and householdId both read "所在户"). */
export function fieldLabels(fields: readonly string[], t: TFunction): string[] {
  return [...new Set(fields.map((f) => fieldLabel(f, t)))];
}

/** Entries closer than this to the previous one of a run are the same visit (a list reloaded, a page reopened). */
export const REPEAT_WINDOW_MS = 10 * 60_000;

/** An entry with how many identical accesses it stands for (newest first; `earliest` = the oldest one's time). */
export type GroupedEntry = { entry: AccessEntry; count: number; earliest: string };

/**
 * Runs of the same access — same role, organisation, action, appearance, purpose, outcome and fields, each within
 * REPEAT_WINDOW_MS of the previous — shown as one card "×N": a staff list that reloads (it is audited each time) must
 * not bury the other entries. Input newest first, as the server pages it; nothing is dropped, only counted.
 */
export function groupRepeats(items: readonly AccessEntry[]): GroupedEntry[] {
  const key = (e: AccessEntry) => JSON.stringify([e.actorRole, e.organisation, e.action, e.appearance ?? null, e.objectType ?? null, e.purpose, e.outcome, [...e.fields].sort()]);
  const out: GroupedEntry[] = [];
  let lastKey = '';
  for (const e of items) {
    const k = key(e);
    const prev = out[out.length - 1];
    if (prev && k === lastKey && Date.parse(prev.earliest) - Date.parse(e.at) <= REPEAT_WINDOW_MS) {
      prev.count += 1;
      prev.earliest = e.at;
      continue;
    }
    out.push({ entry: e, count: 1, earliest: e.at });
    lastKey = k;
  }
  return out;
}

/** The time in the phone's own time zone, in the UI language's date format (month names in that language). */
export function formatAccessTime(iso: string, t: TFunction, lang: string): string {
  return dayjs(iso).locale(lang.startsWith('zh') ? 'zh-cn' : 'en').format(t('accessLog.timeFormat'));
}
