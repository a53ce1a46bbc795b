// The pieces of the station's tube panel: a big scan field (a keyboard-wedge scanner or ID-card reader types into it and
// presses Enter), the members of the tube with 移除, and the list of tubes sent this visit.
import type { ReactNode, Ref } from 'react';
import { Button, Input, Tag, Typography, type InputRef } from 'antd';
import { DeleteOutlined, RedoOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { isRetryable } from '../../lib/errors.logic';
import type { RecentTube, TubeMember } from './sampling-station.logic';

export const time = (iso: string) => dayjs(iso).format('HH:mm');

/** How a member is named at the station: the masked name, 外来人员 without one, or (未登记姓名). */
export function memberName(m: TubeMember, t: TFunction): string {
  return m.nameMasked ?? (m.registered === false ? t('samplingStation.tube.walkIn') : t('samplingStation.tube.noName'));
}

/**
 * One big field and its button in a form: Enter (the scanner's or the reader's) submits the field's text. The text is
 * read from the field itself, not from React state, so that a reader typing 18 characters and Enter at once loses none.
 */
export function ScanField(p: {
  ref?: Ref<InputRef>;
  id: string;
  label: string;
  hint: string;
  placeholder: string;
  button: string;
  buttonIcon?: ReactNode;
  value: string;
  onChange: (v: string) => void;
  onScan: (text: string) => void;
  error: string | null;
  busy?: boolean;
  disabled?: boolean;
  testId: string;
  extra?: ReactNode;
}) {
  const errorId = `${p.id}-error`;
  const hintId = `${p.id}-hint`;
  return (
    <form
      className="rx-ss-scan"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const input = (e.currentTarget.elements.namedItem(p.id) as HTMLInputElement | null) ?? null;
        p.onScan(input?.value ?? p.value);
      }}
    >
      <label htmlFor={p.id} className="rx-ss-step-label">{p.label}</label>
      <p id={hintId} className="rx-ss-hint">{p.hint}</p>
      <div className="rx-ss-scan-row">
        <Input
          ref={p.ref}
          id={p.id}
          name={p.id}
          className="rx-ss-scan-input"
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
          placeholder={p.placeholder}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="done"
          // A personal sampling code is 66 characters (RXS-, a record id, the day, the mac); the server takes up to 80.
          maxLength={100}
          disabled={p.disabled}
          aria-invalid={p.error ? true : undefined}
          aria-describedby={p.error ? `${errorId} ${hintId}` : hintId}
          data-testid={p.testId}
        />
        <Button type="primary" size="large" htmlType="submit" icon={p.buttonIcon} loading={p.busy} disabled={p.disabled} className="rx-ss-scan-button" data-testid={`${p.testId}-submit`}>
          {p.button}
        </Button>
      </div>
      {p.error && (
        <div id={errorId} className="rx-ss-field-error rx-ss-scan-error" role="alert" data-testid={`${p.testId}-error`}>
          {p.error}
        </div>
      )}
      {p.extra}
    </form>
  );
}

/** Tags of a member: 外来人员, 本轮已采样, 复核单采, 未核对. The words say it; the colours help scanning. */
export function MemberTags({ m }: { m: TubeMember }) {
  const { t } = useTranslation();
  return (
    <>
      {m.registered === false && <Tag color="orange" data-testid="ss-tag-walkin">{t('samplingStation.tube.walkIn')}</Tag>}
      {m.registered === null && <Tag data-testid="ss-tag-unchecked">{t('samplingStation.tube.unchecked')}</Tag>}
      {m.sampledBefore.length > 0 && <Tag color="gold" data-testid="ss-tag-repeat">{t('samplingStation.tube.repeat')}</Tag>}
      {m.retest && <Tag color="red" data-testid="ss-tag-retest">{t('samplingStation.tube.retest')}</Tag>}
    </>
  );
}

export function MemberList({ members, poolSize, highlight, onRemove }: {
  members: TubeMember[];
  poolSize: number;
  /** 0-based: the member a refusal named. */
  highlight: number | null;
  onRemove: (m: TubeMember, i: number) => void;
}) {
  const { t } = useTranslation();
  if (members.length === 0) return <p className="rx-ss-hint" data-testid="ss-members-empty">{t('samplingStation.tube.empty')}</p>;
  return (
    <ol className="rx-ss-members" aria-label={t('samplingStation.tube.members')} data-testid="ss-members">
      {members.map((m, i) => {
        const name = memberName(m, t);
        return (
          <li key={m.uid} className={i === highlight ? 'rx-ss-member rx-ss-member-refused' : 'rx-ss-member'} data-testid="ss-member" data-position={i + 1}>
            <span className="rx-ss-member-pos" data-testid="ss-member-pos">{t('samplingStation.tube.position', { i: i + 1, size: poolSize })}</span>
            <div className="rx-ss-member-who">
              <div>
                <strong data-testid="ss-member-name">{name}</strong> <MemberTags m={m} />
              </div>
              <div className="rx-ss-quiet">
                {m.idMasked && <span className="rx-ss-mono" data-testid="ss-member-id">{m.idMasked}</span>}
                {m.gridName && <> · {m.gridName}</>}
                {m.sampledBefore.length > 0 && <> · {t('samplingStation.tube.repeat')} {m.sampledBefore.map((s) => time(s.at)).join('、')}</>}
              </div>
            </div>
            <Button
              size="large"
              icon={<DeleteOutlined />}
              onClick={() => onRemove(m, i)}
              aria-label={t('samplingStation.tube.removeLabel', { i: i + 1, name })}
              className="rx-ss-member-remove"
              data-testid="ss-member-remove"
            >
              {t('samplingStation.tube.remove')}
            </Button>
          </li>
        );
      })}
    </ol>
  );
}

export type RecentStatus = 'sending' | 'waiting' | 'ok' | 'error' | 'restored';
const STATUS_COLORS: Record<RecentStatus, string> = { sending: 'processing', waiting: 'orange', ok: 'green', error: 'red', restored: 'default' };

export function recentStatus(r: RecentTube, paused: boolean): RecentStatus {
  if (!r.outcome) return paused ? 'waiting' : 'sending';
  if (r.outcome.ok) return 'ok';
  return r.outcome.restored ? 'restored' : 'error';
}

/** The words of a refused tube, naming the member a refusal names. */
export function refusalText(barcode: string, o: RecentTube['outcome'], t: TFunction, lang: string): string {
  if (!o || o.ok) return '';
  if (o.refusal === 'tube_exists') return t('samplingStation.submit.tubeExists', { barcode });
  if (o.refusal === 'round_closed') return t('samplingStation.submit.roundClosed', { barcode });
  if (o.refusal === 'member' && o.named) {
    const code = isApiError(o.error) ? o.error.code : '';
    const reason = code === 'retest_needs_single_tube' ? t('samplingStation.submit.retestReason')
      : code === 'duplicate_in_tube' ? t('samplingStation.submit.duplicateReason')
      : errorText(o.error, t, lang);
    return t('samplingStation.submit.member', { barcode, i: o.named.position, name: o.named.name, reason });
  }
  return t('samplingStation.submit.failed', { barcode, reason: errorText(o.error, t, lang) });
}

export function RecentList({ items, paused, canRestore, onRestore, onRetry, describe }: {
  items: RecentTube[];
  paused: ReadonlySet<string>;
  canRestore: boolean;
  onRestore: (r: RecentTube) => void;
  onRetry: (r: RecentTube) => void;
  describe: (r: RecentTube) => string;
}) {
  const { t } = useTranslation();
  return (
    <section className="rx-ss-recent" aria-labelledby="ss-recent-title" data-testid="ss-recent">
      <h2 id="ss-recent-title" className="rx-ss-h2">{t('samplingStation.recent.title')}</h2>
      {items.length === 0 ? (
        <Typography.Text type="secondary" data-testid="ss-recent-empty">{t('samplingStation.recent.empty')}</Typography.Text>
      ) : (
        <ul className="rx-card-list" data-testid="ss-recent-list">
          {items.map((r) => {
            const status = recentStatus(r, paused.has(r.key));
            const text = describe(r);
            const place = 'doorToDoor' in r.place
              ? t('samplingStation.recent.door')
              : t('samplingStation.recent.place', { site: r.place.siteName, n: r.place.station });
            return (
              <li key={r.key} className={`rx-card rx-ss-recent-item rx-ss-recent-${status}`} data-testid="ss-recent-item" data-barcode={r.barcode} data-status={status}>
                <div className="rx-ss-recent-head">
                  <strong className="rx-ss-mono" data-testid="ss-recent-barcode">{r.barcode}</strong>
                  <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="ss-recent-status">{t(`samplingStation.recent.statuses.${status}`)}</Tag>
                </div>
                <div className="rx-ss-quiet">
                  <span data-testid="ss-recent-people">{t('samplingStation.recent.people', { n: r.people })}</span> · {place} · {time(r.sealedAt)}
                </div>
                {text && <div className="rx-ss-recent-error" data-testid="ss-recent-error">{text}</div>}
                {status === 'error' && r.members && r.members.length > 0 && (
                  <div className="rx-card-actions">
                    <Button icon={<RollbackOutlined />} disabled={!canRestore} onClick={() => onRestore(r)} data-testid="ss-recent-restore">
                      {t('samplingStation.submit.restore')}
                    </Button>
                    {!canRestore && <Typography.Text type="secondary">{t('samplingStation.submit.restoreBusy')}</Typography.Text>}
                  </div>
                )}
                {status === 'error' && r.outcome && !r.outcome.ok && r.outcome.refusal === 'retry' && isRetryable(r.outcome.error) && (
                  <div className="rx-card-actions">
                    <Button icon={<RedoOutlined />} onClick={() => onRetry(r)} data-testid="ss-recent-retry">{t('app.retry')}</Button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
