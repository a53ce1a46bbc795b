import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, CrownOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { getHousehold } from './api';
import { CreateResidentDrawer } from './create-resident.drawer';
import { HouseholdHeadModal } from './household-head.modal';
import { headConflict } from './household-head.logic';
import { MembersList, PurposePicker } from './resident.page';
import { RelocateHouseholdModal } from './relocate-household.modal';
import { type HouseholdRelocation, relocationSummary } from './relocate.logic';
import { usePurpose, withPurpose } from './shared';

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [purpose, setPurpose, allowed] = usePurpose();
  const [adding, setAdding] = useState(false);
  const [naming, setNaming] = useState(false);
  const [relocating, setRelocating] = useState(false);
  const navigate = useNavigate();
  // After 整户迁移 the app comes here (the target household) with the server's answer in the history state.
  const location = useLocation();
  const relocated = (location.state as { relocated?: HouseholdRelocation } | null)?.relocated;
  const link = (path: string) => withPurpose(path, purpose, allowed);

  const hh = useQuery({
    queryKey: ['registry', 'household', id, purpose],
    queryFn: ({ signal }) => getHousehold(id, purpose, signal),
    gcTime: 0,
  });
  const h = hh.data;
  usePageTitle(h ? h.address : t('registry.household.title'));

  const back = (
    <Link to="/registry" className="rx-reg-back">
      <ArrowLeftOutlined /> {t('registry.backToList')}
    </Link>
  );
  // While the household loads or cannot be shown, the page still has its level-1 heading (ADR 0061).
  const heading = (
    <Typography.Title level={1} className="rx-page-title">
      {t('registry.household.title')}
    </Typography.Title>
  );
  if (hh.isPending) {
    return (
      <div>
        {back}
        {heading}
        <Spin style={{ display: 'block', marginTop: 48 }} />
      </div>
    );
  }
  if (hh.error || !h) {
    return (
      <div>
        {back}
        {heading}
        {isApiError(hh.error) && hh.error.status === 404 ? (
          <Result status="404" title={t('registry.household.notFound')} />
        ) : (
          <ErrorAlert error={hh.error} onRetry={() => void hh.refetch()} style={{ marginTop: 16 }} />
        )}
      </div>
    );
  }

  const head = h.members.find((m) => m.id === h.headResidentId);
  return (
    <div>
      {back}
      <div className="rx-reg-titlebar">
        <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 0 }} data-testid="household-address">
          {h.address}
        </Typography.Title>
        {hasPermission(me, 'resident:write') && (
          <Space wrap>
            {h.members.length > 0 && (
              <Button icon={<SwapOutlined />} onClick={() => setRelocating(true)} data-testid="relocate-household">
                {t('relocate.action')}
              </Button>
            )}
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="add-resident">
              {t('registry.household.add')}
            </Button>
          </Space>
        )}
      </div>
      {relocated && relocated.toHouseholdId === h.id && <RelocatedNotice r={relocated} sourceLink={link(`/registry/households/${relocated.id}`)} onClose={() => void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null })} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Descriptions column={isMobile ? 1 : 3} size="small">
            <Descriptions.Item label={t('registry.household.room')}>{h.room}</Descriptions.Item>
            <Descriptions.Item label={t('registry.household.type')}>{t(`registry.household.types.${h.householdType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('registry.household.head')}>
              <Space wrap size={8}>
                {head ? (
                  <Link to={link(`/registry/residents/${head.id}`)}>{head.nameMasked}</Link>
                ) : (
                  <Typography.Text type="warning" data-testid="household-no-head">{t('householdHead.missing')}</Typography.Text>
                )}
                {hasPermission(me, 'resident:write') && h.members.length > 0 && (
                  <Button size="small" icon={<CrownOutlined />} onClick={() => setNaming(true)} data-testid="set-head">
                    {t(head ? 'householdHead.change' : 'householdHead.action')}
                  </Button>
                )}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <PurposePicker value={purpose} onChange={setPurpose} allowed={allowed} />
        </Space>
      </Card>
      {headConflict(h) && <Alert type="warning" showIcon title={t('householdHead.conflict')} style={{ marginBottom: 16 }} data-testid="household-head-conflict" />}
      <Card title={t('registry.household.members', { n: h.members.length })} size="small">
        {h.members.length ? (
          <MembersList members={h.members} purposeLink={link} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.household.noMembers')} />
        )}
      </Card>
      {relocating && (
        <RelocateHouseholdModal
          household={h}
          onClose={() => setRelocating(false)}
          onChanged={() => void hh.refetch()}
          onMoved={(r) => void navigate(link(`/registry/households/${r.toHouseholdId}`), { state: { relocated: r } })}
        />
      )}
      {naming && <HouseholdHeadModal household={h} onClose={() => setNaming(false)} onChanged={() => void hh.refetch()} />}
      {adding && <CreateResidentDrawer household={h} onClose={() => setAdding(false)} onCreated={() => void hh.refetch()} />}
    </div>
  );
}

/** What a relocation did, shown on the target household's page: members moved, the head, who stayed behind. */
function RelocatedNotice({ r, sourceLink, onClose }: { r: HouseholdRelocation; sourceLink: string; onClose: () => void }) {
  const { t } = useTranslation();
  const s = relocationSummary(r, t);
  return (
    <Alert
      type={s.warn ? 'warning' : 'success'}
      showIcon
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      data-testid="relocated-notice"
      title={s.title}
      description={
        <div>
          {s.lines.map((line) => (
            <div key={line}>{line}</div>
          ))}
          <Link to={sourceLink}>{t('relocate.from')}</Link>
        </div>
      }
    />
  );
}
