// Small pieces shared by the warning pages.
import { Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { listScopes, type AlertStatus, type IndicatorRef, type Level } from './api';
import { englishUnit, gridLabels, LEVEL_TAG } from './warnings.logic';

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

/** How to name a grid on the warning pages (with its community when the area has several; see gridLabels). */
export function useGridLabel(): (grid: { id: string; name: string }) => string {
  const scopes = useQuery({ queryKey: ['warnings', 'scopes'], queryFn: ({ signal }) => listScopes(signal), staleTime: 300_000 });
  const labels = scopes.data ? gridLabels(scopes.data.items) : null;
  return (grid) => labels?.get(grid.id) ?? grid.name;
}
