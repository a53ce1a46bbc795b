// Small pieces the supplies pages share: a time, the dialogs' size on a phone (the whole width), a field's problem in
// words, the rule's name, a round's state and progress.
import { Progress, Tag } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { formatCount } from '../../lib/numbers';
import { NOTE_MAX, type OfferStatus, type ReservationStatus, type Round, type RoundStatus } from './api';
import { roundProgress, type TextProblem } from './supplies.logic';

export const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm');

export { useDialogSize } from '../../lib/use-dialog-size';

/** A free text's problem in words (the party names its field: 请填写捐赠方). */
export function problemText(p: TextProblem, t: TFunction, max = NOTE_MAX, label = ''): string {
  if (p === 'empty') return label ? t('supplies.problems.partyEmpty', { label }) : t('supplies.problems.empty');
  return t(`supplies.problems.${p}`, { max });
}

export function RoundStatusTag({ status }: { status: RoundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="sup-round-status">
      {t(status === 'open' ? 'supplies.round.open' : 'supplies.round.closed')}
    </Tag>
  );
}

/** Households delivered of those given something, and the quantity handed out of that allocated: a bar and the words. */
export function RoundProgressLines({ r, label }: { r: Pick<Round, 'servedHouseholds' | 'deliveredHouseholds' | 'allocated' | 'delivered' | 'unit'>; label: string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const p = roundProgress(r);
  return (
    <div className="rx-sup-progress" data-testid="sup-progress">
      <div>
        <span data-testid="sup-progress-households">{t('supplies.rounds.households', { done: n(p.households.done), total: n(p.households.total) })}</span>
        <Progress percent={p.households.percent} size="small" aria-label={`${label} ${p.households.percent}%`} strokeColor={p.households.percent >= 100 ? '#389e0d' : '#0958d9'} />
      </div>
      <div>
        <span data-testid="sup-progress-quantity">{t('supplies.rounds.quantity', { done: n(p.quantity.done), total: n(p.quantity.total), unit: r.unit })}</span>
      </div>
    </div>
  );
}

/** A refusal's words: ours for a line someone else changed meanwhile, else the server's. */
export function conflictText(error: unknown, t: TFunction, lang: string): string {
  return isApiError(error) && error.code === 'stale_version' ? t('supplies.lines.conflict') : errorText(error, t, lang);
}

export const isConflict = (e: unknown): boolean => isApiError(e) && e.status === 409;

export function OfferStatusTag({ status }: { status: OfferStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="sup-offer-status">
      {t(status === 'open' ? 'supplies.offer.open' : 'supplies.offer.closed')}
    </Tag>
  );
}

const RESERVATION_COLORS: Record<ReservationStatus, string | undefined> = { reserved: 'gold', picked_up: 'green', cancelled: undefined, expired: undefined };

/** 已预约 / 已领取 / 已取消 / 已过期: the word says it; the colour helps scanning. */
export function ReservationStatusTag({ status, testId = 'sup-res-status' }: { status: ReservationStatus; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={RESERVATION_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={testId}>{t(`supplies.reservationStatuses.${status}`)}</Tag>;
}
