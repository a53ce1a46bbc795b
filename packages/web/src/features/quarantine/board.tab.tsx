// 今日 (quarantine:read): today's figures — 隔离中, 待审批, 未测体温, 今日需采样, 今日期满 — and one card per active order,
// ending soonest first: the masked name (a link to the order's page), 第 N/M 天, the address and grid, today's checks
// (上午 ✓ / 下午 待测), 今日采样, the open needs and the last door opening (in orange when today). 录入体温 on a card for
// quarantine:check opens the check dialog on the slot due.
import { useState } from 'react';
import { Button, Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { BOARD_KEY, getBoard, type BoardItem } from './api';
import { CheckModal, type CheckTarget } from './check.modal';
import { orderPath } from './notice.logic';
import { checksComplete, defaultSlot, openedToday } from './quarantine.logic';
import { at, dayText, SlotMarks } from './shared';

const REFRESH_MS = 60_000;

function BoardRow({ item, today, mayCheck, onCheck }: { item: BoardItem; today: string; mayCheck: boolean; onCheck: (t: CheckTarget) => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const doorToday = openedToday(item.lastDoorOpenAt, today);
  const missing = !checksComplete(item.checksDue, item.checksDone);
  const classes = ['rx-card', 'rx-qr-row', missing ? 'rx-qr-row-missing' : '', doorToday ? 'rx-qr-row-door' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes} data-testid="qr-board-row" data-id={item.id} data-name={item.nameMasked}>
      <div className="rx-qr-row-head">
        <h3 className="rx-qr-name">
          <Link to={orderPath(item.id)} data-testid="qr-board-link">{item.nameMasked}</Link>
        </h3>
        <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="qr-board-day">{dayText(item.day, item.days, t)}</Tag>
        {item.samplingToday && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="qr-board-sampling">{t('quarantine.board.sampling')}</Tag>}
        {item.endDate === today && <Tag color="green" style={{ marginInlineEnd: 0 }} data-testid="qr-board-ending">{t('quarantine.board.endsToday')}</Tag>}
        {mayCheck && item.checksDue.length > 0 && (
          <Button
            size={isMobile ? 'large' : 'middle'}
            icon={<ThunderboltOutlined />}
            className="rx-qr-row-action"
            onClick={() => onCheck({ orderId: item.id, nameMasked: item.nameMasked, slots: item.checksDue, slot: defaultSlot(item.checksDue, item.checksDone) })}
            data-testid="qr-board-check"
          >
            {t('quarantine.board.record')}
          </Button>
        )}
      </div>
      <div className="rx-qr-quiet" data-testid="qr-board-address">
        {[item.address ?? t('quarantine.restricted'), item.gridName, item.policyName].filter(Boolean).join(' · ')}
      </div>
      <div className="rx-qr-row-facts">
        <span>
          <span className="rx-qr-quiet">{t('quarantine.board.checks')}</span>
          <SlotMarks due={item.checksDue} done={item.checksDone} />
        </span>
        {item.openNeeds > 0 && <span className="rx-qr-needcount" data-testid="qr-board-needs">{t('quarantine.board.needs', { n: item.openNeeds })}</span>}
        {item.lastDoorOpenAt && (
          <span className={doorToday ? 'rx-qr-door rx-qr-door-today' : 'rx-qr-door'} data-testid="qr-board-door" data-today={doorToday ? 'true' : 'false'}>
            {t('quarantine.board.door', { at: at(item.lastDoorOpenAt) })}
          </span>
        )}
      </div>
    </li>
  );
}

export function BoardTab({ mayCheck }: { mayCheck: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [checking, setChecking] = useState<CheckTarget | null>(null);
  const board = useQuery({ queryKey: BOARD_KEY, queryFn: ({ signal }) => getBoard(signal), refetchInterval: REFRESH_MS });
  const b = board.data;
  return (
    <div data-testid="qr-board">
      {board.isError && <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />}
      {board.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : b && (
        <>
          <Card size="small" data-testid="qr-board-figures" className="rx-qr-figures">
            <div className="rx-qr-figures-head">
              <Typography.Text strong>{t('quarantine.board.figures')}</Typography.Text>
              <span className="rx-qr-quiet" data-testid="qr-board-date">{t('quarantine.board.date', { date: b.date })}</span>
              <Button size={isMobile ? 'middle' : 'small'} icon={<ReloadOutlined />} onClick={() => void board.refetch()} loading={board.isFetching}>{t('quarantine.refresh')}</Button>
            </div>
            <Figures>
              <Figure testId="qr-fig-active" value={b.counts.active} label={t('quarantine.board.active')} />
              <Figure testId="qr-fig-pending" value={b.counts.pending} label={t('quarantine.board.pending')} valueClassName={b.counts.pending > 0 ? 'rx-qr-warn' : undefined} />
              <Figure testId="qr-fig-checksMissing" value={b.counts.checksMissing} label={t('quarantine.board.checksMissing')} valueClassName={b.counts.checksMissing > 0 ? 'rx-qr-alarm' : undefined} />
              <Figure testId="qr-fig-samplingToday" value={b.counts.samplingToday} label={t('quarantine.board.samplingToday')} />
              <Figure testId="qr-fig-endingToday" value={b.counts.endingToday} label={t('quarantine.board.endingToday')} />
            </Figures>
          </Card>
          {b.items.length === 0 ? (
            <Empty description={t('quarantine.board.empty')} style={{ marginTop: 16 }} />
          ) : (
            <ul className="rx-card-list rx-qr-rows" data-testid="qr-board-list">
              {b.items.map((item) => <BoardRow key={item.id} item={item} today={b.date} mayCheck={mayCheck} onCheck={setChecking} />)}
            </ul>
          )}
        </>
      )}
      {checking && <CheckModal target={checking} onClose={() => setChecking(null)} />}
    </div>
  );
}
