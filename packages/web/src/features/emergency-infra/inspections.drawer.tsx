// 检查记录: a shelter's inspections, newest first — when, who, the checks found wrong (or 全部正常), the note.
import { useState } from 'react';
import { Empty, Pagination, Skeleton, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { INSPECTIONS_PAGE_SIZE, listInspections, SHELTER_CHECKS, SHELTERS_KEY, type Inspection, type Shelter } from './api';
import { agoText, at, useNow } from './shared';

function InspectionItem({ i, now }: { i: Inspection; now: Date }) {
  const { t } = useTranslation();
  const problems = SHELTER_CHECKS.filter((c) => i.problems.includes(c) || i.checks[c] === 'problem');
  return (
    <li className={`rx-card rx-ei-inspection rx-ei-inspection-${problems.length ? 'problem' : 'ok'}`} data-testid="sh-inspection" data-problems={problems.length}>
      <div className="rx-ei-inspection-head">
        <strong>{at(i.at)}</strong>
        <span className="rx-ei-quiet">{agoText(i.at, now, t)} · {i.by.name}</span>
      </div>
      <div className="rx-ei-tags" data-testid="sh-inspection-checks">
        {problems.length === 0 ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('emergencyInfra.shelters.history.allOk')}</Tag>
        ) : (
          problems.map((c) => <Tag key={c} color="red" style={{ marginInlineEnd: 0 }}>{t(`emergencyInfra.shelters.checks.${c}`)}</Tag>)
        )}
      </div>
      {i.note && <div className="rx-ei-line" data-testid="sh-inspection-note">{t('emergencyInfra.shelters.history.note', { note: i.note })}</div>}
    </li>
  );
}

export function InspectionsDrawer({ shelter, onClose }: { shelter: Shelter; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const now = useNow();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: [...SHELTERS_KEY, 'inspections', shelter.id, page],
    queryFn: ({ signal }) => listInspections(shelter.id, page, signal),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  return (
    <Drawer
      {...drawerFocus}
      open
      title={t('emergencyInfra.shelters.history.title', { name: shelter.name })}
      onClose={onClose}
      size={isMobile ? '100%' : 480}
      closable={{ 'aria-label': t('emergencyInfra.shelters.history.close') }}
      data-testid="sh-history"
    >
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('emergencyInfra.shelters.history.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="sh-inspections">
          {items.map((i) => <InspectionItem key={i.id} i={i} now={now} />)}
        </ul>
      )}
      {total > INSPECTIONS_PAGE_SIZE && (
        <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={INSPECTIONS_PAGE_SIZE} total={total} showSizeChanger={false} simple onChange={setPage} />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('emergencyInfra.shelters.history.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </Drawer>
  );
}
