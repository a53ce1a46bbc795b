// On the workbench of those who patrol (control-point:patrol; ADR 0074): the unmanaged compounds that need them now —
// an open problem, or a patrol that is due — problems first, at most five, with the way to the board. Nothing is drawn
// when every point is fine: a card that always says "all fine" is soon not read.
import { Button, Card, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CONTROL_POINTS_KEY, listPoints, type PointView } from './api';
import { needingAttention } from './control-points.logic';
import { at, StatusTag, useNow } from './shared';
import './control-points.css';

const SHOWN = 5;
const usePoints = (enabled = true) => useQuery({ queryKey: CONTROL_POINTS_KEY, queryFn: ({ signal }) => listPoints(signal), refetchInterval: 60_000, enabled });

/** Whether any point needs the caller now (the workbench places the card only then; one query with the card's). */
export function useControlPointsAttention(enabled: boolean): boolean {
  const now = useNow();
  return needingAttention(usePoints(enabled).data?.items ?? [], now).length > 0;
}

export function ControlPointsAttentionCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow();
  const todo = needingAttention(usePoints().data?.items ?? [], now);
  if (todo.length === 0) return null;
  const line = (p: PointView & { shown: 'problem' | 'due' }) =>
    p.shown === 'problem' ? t('controlPoint.attention.problem', { n: p.openProblems }) : p.nextDueAt ? t('controlPoint.attention.due', { at: at(p.nextDueAt) }) : t('controlPoint.attention.never');
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('controlPoint.attention.title')}</h2>} data-testid="cp-attention">
      <Typography.Paragraph type="secondary">{t('controlPoint.attention.intro')}</Typography.Paragraph>
      <ul className="rx-cp-attention">
        {todo.slice(0, SHOWN).map((p) => (
          <li key={p.compoundId} data-testid="cp-attention-item" data-status={p.shown}>
            <Typography.Text strong>{p.compoundName}</Typography.Text> <StatusTag status={p.shown} />
            <div><Typography.Text type={p.shown === 'problem' ? 'danger' : 'secondary'}>{line(p)}</Typography.Text></div>
          </li>
        ))}
      </ul>
      {todo.length > SHOWN && <Typography.Paragraph type="secondary">{t('controlPoint.attention.more', { n: todo.length - SHOWN })}</Typography.Paragraph>}
      <Button type="primary" size="large" block onClick={() => void navigate(`/control-points?status=${todo[0]!.shown}`)} data-testid="cp-attention-open">
        {t('controlPoint.attention.open')}
      </Button>
    </Card>
  );
}
