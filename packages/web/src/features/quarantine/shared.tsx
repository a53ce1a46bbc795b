// Small pieces the 居家隔离 pages, their dialogs and the resident's card share: times in the device's local time, the
// state tags, 第 N/M 天, today's check marks, a temperature in red from 37.3 °C, the names of policies, reasons, needs
// and symptoms, and what a conflict (409) says.
import { Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { listText } from '../../lib/labels';
import { SYMPTOMS, type Symptom } from '../self-reports';
import { NEED_KINDS, REASONS, type NeedStatus, type OrderStatus, type Slot } from './api';
import { isFeverish, samplingTimeline, slotStates, temperatureText, type TextProblem } from './quarantine.logic';

/** A time in the device's local time, as the other pages show it. */
export const at = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
/** A time with its year (the certificate, the order's facts). */
export const fullAt = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

// Colours only help scanning; the word says it.
const STATUS_COLORS: Record<OrderStatus, string> = { pending: 'gold', active: 'processing', released: 'green', cancelled: 'default' };
const NEED_COLORS: Record<NeedStatus, string> = { open: 'orange', taken: 'blue', done: 'green' };

export function StatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="qr-status" data-status={status}>
      {t(`quarantine.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={NEED_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="qr-need-status" data-status={status}>
      {t(`quarantine.needStatuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** 第 3/14 天, or 共 14 天 outside the period. */
export const dayText = (day: number | null, days: number, t: TFunction): string => (day === null ? t('quarantine.dayNone', { m: days }) : t('quarantine.day', { n: day, m: days }));

/** The policy's name in the UI language (ours for the codes we know, else the server's). */
export function policyText(o: { policyCode?: string; policyName?: string }, t: TFunction): string {
  const code = o.policyCode;
  if (code === 'home14' || code === 'home7' || code === 'monitor7') return t(`quarantine.policies.${code}`);
  return o.policyName ?? code ?? '';
}

export function reasonText(r: string, t: TFunction): string {
  const k = REASONS.find((x) => x === r);
  return k ? t(`quarantine.reasons.${k}`) : r;
}

export function needKindText(k: string, t: TFunction): string {
  const x = NEED_KINDS.find((v) => v === k);
  return x ? t(`quarantine.needKinds.${x}`) : k;
}

export const slotText = (s: Slot, t: TFunction): string => t(`quarantine.slots.${s}`);

/** The self-report's symptom names (features/self-reports), joined as the language joins a list; none → `none`. */
export function symptomsText(list: readonly string[], t: TFunction, lang: string, none: string): string {
  if (!list.length) return none;
  return listText(list.map((s) => ((SYMPTOMS as readonly string[]).includes(s) ? t(`selfReports.symptoms.${s as Symptom}`) : s)), lang);
}

/** A temperature, in red (and bold) from 37.3 °C. */
export function TemperatureValue({ value, testId = 'qr-temperature' }: { value: number; testId?: string }) {
  const { t } = useTranslation();
  const fever = isFeverish(value);
  return (
    <span className={fever ? 'rx-qr-temp rx-qr-fever' : 'rx-qr-temp'} data-testid={testId} data-fever={fever ? 'true' : 'false'}>
      {t('quarantine.degrees', { t: temperatureText(value) })}
    </span>
  );
}

/** Today's checks: 上午 ✓ / 下午 待测 (a due slot in orange). */
export function SlotMarks({ due, done }: { due: readonly Slot[]; done: readonly Slot[] }) {
  const { t } = useTranslation();
  return (
    <span className="rx-qr-slots" data-testid="qr-slots">
      {slotStates(due, done).map(({ slot, done: d }) => (
        <span
          key={slot}
          className={d ? 'rx-qr-slot rx-qr-slot-done' : 'rx-qr-slot rx-qr-slot-due'}
          data-testid={`qr-slot-${slot}`}
          data-done={d ? 'true' : 'false'}
        >
          {!d && <><ClockCircleOutlined aria-hidden />{' '}</>}
          <span aria-hidden>{t(d ? 'quarantine.board.slotDone' : 'quarantine.board.slotDue', { slot: slotText(slot, t) })}</span>
          <span className="sr-only">{t(d ? 'quarantine.board.slotDoneLabel' : 'quarantine.board.slotDueLabel', { slot: slotText(slot, t) })}</span>
        </span>
      ))}
    </span>
  );
}

/** A free text's problem in words. */
export const problemText = (p: TextProblem, t: TFunction, max: number): string => t(`quarantine.problems.${p}`, { max });

/** A validator for a Form.Item of free text (required or not), with the words of `problemText` (`empty`: its own). */
export const textRule = (check: (v: string | undefined) => TextProblem | null, t: TFunction, max: number, empty: string) => [{
  validator: async (_: unknown, v: string | undefined) => {
    const p = check(v);
    if (p) throw new Error(p === 'empty' ? empty : problemText(p, t, max));
  },
}];

const CONFLICTS: Readonly<Record<string, string>> = {
  stale_version: 'stale', not_pending: 'notPending', too_early: 'tooEarly', not_active: 'notActive', not_open: 'notOpen',
  already_done: 'alreadyDone', already_checked: 'alreadyChecked', already_ordered: 'alreadyOrdered', sensor_in_use: 'sensorInUse',
};

export const isConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;
export const isStale = (e: unknown): boolean => isApiError(e) && e.status === 409 && e.code === 'stale_version';

/** A conflict's words: ours for the codes these pages know, else the server's. */
export function conflictText(error: unknown, t: TFunction, lang: string): string {
  if (isApiError(error) && error.status === 409) {
    const key = CONFLICTS[error.code];
    if (key === 'tooEarly') return error.localized(lang) || t('quarantine.conflict.tooEarly');
    if (key) return t(`quarantine.conflict.${key as 'stale'}`);
  }
  return errorText(error, t, lang);
}

/** The resident's own certificate (from their card; they hold self:quarantine, not quarantine:read). */
export const MY_CERTIFICATE_PATH = '/me/quarantine/certificate';

/** The sampling days as a timeline: 第 N 天 with its date, past, today (highlighted) or ahead. */
export function SamplingTimeline({ o, today }: { o: { startDate: string; samplingDays: readonly number[] }; today: string }) {
  const { t } = useTranslation();
  return (
    <ol className="rx-qr-timeline" data-testid="qr-timeline">
      {samplingTimeline(o, today).map((d) => (
        <li key={d.day} className={`rx-qr-tl rx-qr-tl-${d.state}`} data-testid="qr-timeline-day" data-day={d.day} data-state={d.state} aria-current={d.state === 'today' ? 'date' : undefined}>
          <strong>{t('quarantine.order.timelineDay', { n: d.day })}</strong>
          <span className="rx-qr-tl-date">{d.date.slice(5)}</span>
          <span className="rx-qr-tl-state">{t(`quarantine.order.timelineStates.${d.state}`)}</span>
        </li>
      ))}
    </ol>
  );
}
