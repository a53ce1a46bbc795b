// Labels for the change-history card (ADR 0041): audit codes → words a community worker understands.
import type { TFunction } from 'i18next';
import type { ResidentHistoryEntry } from '@renxing/shared';
import { roleLabel } from '../../lib/labels';
import { historyZh } from './history.i18n';

const ACTIONS = new Set(Object.keys(historyZh.actions).filter((a) => a !== 'other'));
const FIELDS = new Set(Object.keys(historyZh.fields));

/**
 * The change-history query's key. It holds the record's version, so the card reloads when the page shows a newer
 * version (after 修改信息, a move, a status change or a consent withdrawal) instead of keeping the list it had.
 */
export function historyQueryKey(residentId: string, purpose: string, page: number, version: number) {
  return ['resident-history', residentId, purpose, page, version] as const;
}

/** "修改信息" etc.; an action the app does not know yet reads "其他变更". */
export function historyActionLabel(action: string, t: TFunction): string {
  return ACTIONS.has(action) ? t(`registry.history.actions.${action as 'update'}`) : t('registry.history.actions.other');
}

/** Field codes → labels without repeats (household and householdId both read "所在户"); unknown codes as they are. */
export function historyFieldLabels(fields: readonly string[], t: TFunction): string[] {
  return [...new Set(fields.map((f) => (FIELDS.has(f) ? t(`registry.history.fields.${f as 'name'}`) : f)))];
}

/** "张主任 · 社区书记/主任 · A社区" or "系统". */
export function historyByLabel(by: ResidentHistoryEntry['by'], t: TFunction): string {
  if (by.kind === 'system') return t('registry.history.system');
  return [by.displayName, roleLabel(by.role, t), by.organisation].filter(Boolean).join(' · ');
}
