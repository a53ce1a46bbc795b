import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { deadlineState } from './requests.logic';
import type { FigureMeta, ItemStatus } from './api';

export function useZh() {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh');
}
export const figName = (f: Pick<FigureMeta, 'zh' | 'en'>, zh: boolean) => (zh ? f.zh : f.en);
export const unitOf = (f: Pick<FigureMeta, 'unit'>, zh: boolean) => (zh ? f.unit.zh : f.unit.en);

export function DueTag({ deadline, status }: { deadline: string; status: ItemStatus | 'progress' }) {
  const { t } = useTranslation();
  const s = deadlineState(deadline, status, new Date());
  const color = { done: 'green', overdue: 'red', soon: 'orange', ok: 'blue' }[s];
  return (
    <Tag color={color} data-testid="rq-due">
      {s === 'done' || s === 'overdue' ? t(`requests.due.${s}`) : t('requests.deadline', { at: shanghaiMinute(deadline) })}
    </Tag>
  );
}
