// 值班日志 on the workbench (ADR 0071): how many follow-up items (待跟进) of the area are still open — a link to them —
// and the handover sheet one click away. A count only (GET /api/duty-logs/open-count, not audited); the same query as
// the duty-log page's 待跟进 N, so writing or settling an entry there updates it.
import { Button } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Figures, FiguresCard } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { DUTY_LOG_KEY, dutyOpenCount } from './api';

export function DutyOpenItemsCard() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: [...DUTY_LOG_KEY, 'open-count', ''], queryFn: ({ signal }) => dutyOpenCount(undefined, signal), refetchInterval: 60_000 });
  const open = q.data?.open;
  return (
    <FiguresCard testId="dashboard-duty" title={t('dutyLog.title')} openLabel={t('dutyLog.card.open')} to="/duty-log" loading={q.isPending} error={q.isError ? q.error : null} onRetry={() => void q.refetch()}>
      {open !== undefined && (
        <>
          <Figures>
            {/* The figure box is the link: its name is what it shows (the count and what it counts). */}
            <Link to="/duty-log?followUp=open" className="rx-figure" data-testid="dashboard-duty-open">
              <strong style={{ color: open ? '#ad6800' : undefined }}>{formatCount(open, i18n.language)}</strong>
              <span>{t('dutyLog.card.openItems')}</span>
            </Link>
          </Figures>
          <Button icon={<FileTextOutlined />} onClick={() => void navigate('/duty-log?view=handover')} data-testid="dashboard-duty-handover">
            {t('dutyLog.card.handover')}
          </Button>
        </>
      )}
    </FiguresCard>
  );
}
