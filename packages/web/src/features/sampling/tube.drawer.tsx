// One tube: its barcode, result, where and when it was taken, and its people in the order they went in — masked name
// and ID number, grid, 外来人员 for a walk-in, 重复采样 for someone sampled earlier in the round, the time. Reading it is
// audited (the server records the people it shows).
import { Empty, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { getTube, TUBE_KEY, type TubePerson } from './api';
import { actorName } from './sampling.logic';
import { at, poolText, ResultTag, usePlaceText } from './shared';

function PersonItem({ p, index }: { p: TubePerson; index: number }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-smp-person${p.repeat ? ' rx-smp-person-repeat' : ''}`} data-testid="smp-tube-person" data-walkin={p.walkIn} data-repeat={p.repeat}>
      <div className="rx-smp-row-head">
        <span className="rx-smp-quiet">{index + 1}.</span>
        <strong data-testid="smp-person-name">{p.nameMasked}</strong>
        <span className="rx-smp-mono" data-testid="smp-person-id">{p.idMasked}</span>
      </div>
      <div className="rx-smp-tags">
        {p.walkIn && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="smp-person-walkin">{t('sampling.tube.walkIn')}</Tag>}
        {p.repeat && <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="smp-person-repeat">{t('sampling.tube.repeat')}</Tag>}
        {p.gridName && <span className="rx-smp-quiet" data-testid="smp-person-grid">{p.gridName}</span>}
        <span className="rx-smp-quiet">{at(p.collectedAt)}</span>
      </div>
    </li>
  );
}

export function TubeDrawer({ tubeId, onClose }: { tubeId: string; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const place = usePlaceText();
  const q = useQuery({ queryKey: [...TUBE_KEY, tubeId], queryFn: ({ signal }) => getTube(tubeId, signal) });
  const tube = q.data;
  return (
    <Drawer
      {...drawerFocus}
      open
      title={tube ? t('sampling.tube.title', { barcode: tube.barcode }) : t('sampling.tube.loading')}
      onClose={onClose}
      size={isMobile ? '100%' : 480}
      closable={{ 'aria-label': t('sampling.tube.close') }}
      data-testid="smp-tube-drawer"
    >
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : tube ? (
        <>
          <dl className="rx-facts" data-testid="smp-tube-facts">
            <div><dt>{t('sampling.tube.result')}</dt><dd><ResultTag result={tube.result} />{tube.resultAt && <span className="rx-smp-quiet"> {at(tube.resultAt)}</span>}</dd></div>
            <div><dt>{t('sampling.tube.pool')}</dt><dd data-testid="smp-tube-pool">{t('sampling.tubes.fill', { members: tube.members, pool: tube.poolSize })} · {poolText(tube.poolSize, t)}</dd></div>
            <div><dt>{t('sampling.tube.place')}</dt><dd>{place(tube)}</dd></div>
            <div><dt>{t('sampling.tube.sealed')}</dt><dd>{t('sampling.tubes.sealedBy', { at: at(tube.sealedAt), who: actorName(tube.collectedBy) || '—' })}</dd></div>
          </dl>
          <Typography.Title level={2} style={{ fontSize: 16, margin: '16px 0 8px' }}>{t('sampling.tube.people', { n: tube.people.length })}</Typography.Title>
          {tube.people.length === 0 ? (
            <Empty description={t('sampling.tube.noPeople')} />
          ) : (
            <ol className="rx-card-list rx-smp-people" data-testid="smp-tube-people">
              {tube.people.map((p, i) => <PersonItem key={p.sampleId} p={p} index={i} />)}
            </ol>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>{t('sampling.tube.audited')}</Typography.Paragraph>
        </>
      ) : null}
    </Drawer>
  );
}
