// Small pieces shared by the warning pages.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AlertStatus, IndicatorRef, Level } from './api';
import { LEVEL_TAG } from './warnings.logic';

export function isZh(lang: string): boolean {
  return lang.startsWith('zh');
}

export function indicatorName(i: Pick<IndicatorRef, 'nameZh' | 'nameEn'>, lang: string): string {
  return isZh(lang) ? i.nameZh : i.nameEn;
}

export function unitOf(i: Pick<IndicatorRef, 'unitZh' | 'unitEn'>, lang: string): string {
  return isZh(lang) ? ` ${i.unitZh}` : ` ${i.unitEn}`;
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
