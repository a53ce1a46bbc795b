// Small pieces the two roll-call pages share: a person's state, the counts, the progress bar and the deadline.
import { Form, Progress, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/numbers';
import { type Counts, ROLL_CALL_NEEDS, type RollCallNeed, type RollCallStatus } from './api';
import { checkedCount, COUNT_ORDER, isOverdue, minutesLeft, progressPercent, timeLeft } from './roll-call.logic';

export const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

// Colours only help scanning a long list; the word says it.
const STATUS_COLORS: Record<RollCallStatus, string> = { pending: 'gold', safe: 'green', needs_help: 'red', unreachable: 'volcano', helped: 'cyan' };

export function StatusTag({ status }: { status: RollCallStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="rc-item-status">{t(`rollCall.statuses.${status}`)}</Tag>;
}

/** 平安 / 需要帮助 / 联系不上 / 未点到 / 已帮扶, each with its number. */
export function CountsList({ counts, testId, small }: { counts: Counts; testId?: string; small?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className={small ? 'rx-rc-counts rx-rc-counts-small' : 'rx-rc-counts'} data-testid={testId}>
      {COUNT_ORDER.map((s) => (
        <li key={s} className={counts[s] > 0 ? `rx-rc-count-${s}` : undefined} data-testid={`rc-count-${s}`}>
          {t(`rollCall.statuses.${s}`)}<strong>{formatCount(counts[s], i18n.language)}</strong>
        </li>
      ))}
    </ul>
  );
}

/** The share checked (everyone not still 未点到), as a bar and in words. */
export function ProgressLine({ r, label }: { r: { total: number; counts: Counts }; label: string }) {
  const { t, i18n } = useTranslation();
  const pct = progressPercent(r);
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <div data-testid="rc-progress">
      <Progress percent={pct} size="small" aria-label={`${label} ${pct}%`} strokeColor={pct >= 100 ? '#389e0d' : '#0958d9'} />
      <span data-testid="rc-progress-text">{t('rollCall.progress.checked', { checked: n(checkedCount(r)), total: n(r.total) })}</span>
    </div>
  );
}


/** 截止 12-03 16:00 · 还剩 3 小时 20 分 — 已超时 in red once past with someone not reached — or when it ended. */
export function Deadline({ r, now }: { r: { dueAt: string; closedAt: string | null; overdue: boolean; total: number; counts: Counts }; now: Date }) {
  const { t } = useTranslation();
  if (r.closedAt) return <span data-testid="rc-due">{t('rollCall.due.at', { at: at(r.dueAt) })} · {t('rollCall.due.closedAt', { at: at(r.closedAt) })}</span>;
  const left = timeLeft(r.dueAt, now);
  const tail = isOverdue(r, now) ? (
    <span className="rx-rc-overdue" data-testid="rc-overdue">{t('rollCall.due.overdue')}</span>
  ) : minutesLeft(r.dueAt, now) < 0 ? null : left.hours > 0 ? (
    t('rollCall.due.left', { h: left.hours, m: left.minutes })
  ) : (
    t('rollCall.due.leftMinutes', { m: left.minutes })
  );
  return (
    <span data-testid="rc-due">
      {t('rollCall.due.at', { at: at(r.dueAt) })}
      {tail && <> · {tail}</>}
    </span>
  );
}

/** 需要什么帮助: the required choice of a need, in a worker's check and a resident's answer alike (form field `need`). */
export function NeedField({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="need"
      label={label}
      required
      rules={[{ validator: async (_, v: RollCallNeed | undefined) => { if (!v) throw new Error(t('rollCall.check.problems.needEmpty')); } }]}
    >
      <Select placeholder={t('rollCall.check.needPlaceholder')} options={ROLL_CALL_NEEDS.map((n) => ({ value: n, label: t(`rollCall.needs.${n}`) }))} />
    </Form.Item>
  );
}

export { useNow } from '../../lib/use-now';
