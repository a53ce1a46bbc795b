// 健康码概况 (health:read, everyone who opens the page — the street office sees nothing else): how many people of the area
// are green, yellow, red and unknown (no information: not green), each tile in its colour; how many disagree with the
// local facts; the open appeals; when the last upstream list came. Above the community a count under 5 is '<5'.
import { Button, Card, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { getSummary, SUMMARY_KEY, type Count } from './api';
import { fullAt } from './shared';

function Tile({ testId, value, label, tone }: { testId: string; value: Count | string | null; label: string; tone: string }) {
  const { t, i18n } = useTranslation();
  const shown = value === null ? '—' : typeof value === 'number' ? formatCount(value, i18n.language) : value;
  return (
    <div className={`rx-hc-tile rx-hc-tile-${tone}`} data-testid={testId}>
      <strong title={value === '<5' ? t('healthCodes.summary.small') : undefined}>{shown}</strong>
      <span>{label}</span>
    </div>
  );
}

export function SummaryCard() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: SUMMARY_KEY, queryFn: ({ signal }) => getSummary(signal), refetchInterval: 60_000 });
  const s = q.data;
  const small = !!s && [s.counts.green, s.counts.yellow, s.counts.red, s.counts.unknown, s.mismatches].includes('<5');
  return (
    <Card size="small" className="rx-hc-summary" data-testid="hc-summary">
      <div className="rx-hc-summary-head">
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('healthCodes.summary.title')}</Typography.Title>
        <Button size={isMobile ? 'middle' : 'small'} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('healthCodes.refresh')}</Button>
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : s && (
        <>
          <div className="rx-hc-tiles" data-testid="hc-tiles">
            <Tile testId="hc-tile-green" value={s.counts.green} label={t('healthCodes.colours.green')} tone="green" />
            <Tile testId="hc-tile-yellow" value={s.counts.yellow} label={t('healthCodes.colours.yellow')} tone="yellow" />
            <Tile testId="hc-tile-red" value={s.counts.red} label={t('healthCodes.colours.red')} tone="red" />
            <Tile testId="hc-tile-unknown" value={s.counts.unknown} label={t('healthCodes.colours.unknown')} tone="unknown" />
          </div>
          <div className="rx-hc-tiles rx-hc-tiles-facts">
            <Tile testId="hc-tile-mismatches" value={s.mismatches} label={t('healthCodes.summary.mismatches')} tone={s.mismatches === 0 ? 'plain' : 'warn'} />
            <Tile testId="hc-tile-appeals" value={s.openAppeals} label={t('healthCodes.summary.openAppeals')} tone={s.openAppeals > 0 ? 'warn' : 'plain'} />
            <Tile testId="hc-tile-import" value={s.lastImportAt ? fullAt(s.lastImportAt) : t('healthCodes.summary.noImport')} label={t('healthCodes.summary.lastImport')} tone="plain" />
          </div>
          {small && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }} data-testid="hc-small-note">{t('healthCodes.summary.smallNote')}</Typography.Paragraph>}
        </>
      )}
    </Card>
  );
}
