// Small pieces shared by the warning pages.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { type AlertStatus, type IndicatorRef, type Level } from './api';
import { alertGridLabel, englishUnit, LEVEL_TAG } from './warnings.logic';

export function isZh(lang: string): boolean {
  return lang.startsWith('zh');
}

export function indicatorName(i: Pick<IndicatorRef, 'nameZh' | 'nameEn'>, lang: string): string {
  return isZh(lang) ? i.nameZh : i.nameEn;
}

/** The unit after a number (" 人", " pools"); with `count`, English says "1 pool". */
export function unitOf(i: Pick<IndicatorRef, 'unitZh' | 'unitEn'>, lang: string, count?: number | null): string {
  return isZh(lang) ? ` ${i.unitZh}` : ` ${englishUnit(i.unitEn, count)}`;
}

export function LevelTag({ level, big = false }: { level: Level; big?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_TAG[level]} title={t(`warnings.levelHelp.${level}`)} style={big ? { fontSize: 15, padding: '2px 10px' } : undefined} data-level={level}>
      {t(`warnings.levels.${level}`)}
    </Tag>
  );
}

const STATUS_TAG: Record<AlertStatus, string> = { raised: 'volcano', acknowledged: 'processing', resolved: 'success' };

export function StatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_TAG[status]}>{t(`warnings.statuses.${status}`)}</Tag>;
}

export function detectorLabel(detector: string | null, t: TFunction): string {
  if (!detector) return '—';
  return t(`warnings.detail.detectors.${detector}` as 'warnings.detail.detectors.ears_c1', { defaultValue: detector });
}

/** How to name an alert's grid (with its community for street and district staff; alertGridLabel). */
export function useGridLabel(): (grid: { name: string; communityName?: string | null }) => string {
  const me = useMe();
  return (grid) => alertGridLabel(grid, me.org.level);
}
