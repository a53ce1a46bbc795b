import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Result, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, EditOutlined, HomeOutlined, RollbackOutlined, SwapOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { getResident, isStub, type Purpose, type ResidentRow } from './api';
import { EditResidentDrawer } from './edit-resident.drawer';
import { MoveResidentModal } from './move-resident.modal';
import { BreakGlassBanner, RestrictedProfile, RestrictedTag, RestrictionButton } from './restricted';
import { MinorRevealField } from './minor-reveal';
import type { ResidentDetailWithStatus } from './status.api';
import { ResidentStatusModal } from './status.modal';
import { CareTags, relationLabel, residenceLabel, sexLabel, usePurpose, withPurpose } from './shared';
import { ConsentSummary } from '../consent';
import { ResidentHistoryCard } from './history.card';
import { labelled, withNote } from '../../lib/labels';

export function PurposePicker({ value, onChange, allowed }: { value: Purpose; onChange: (p: Purpose) => void; allowed: readonly Purpose[] }) {
  const { t } = useTranslation();
  return (
    <div className="rx-reg-field rx-reg-purpose">
      <label htmlFor="reg-purpose">{t('registry.profile.purpose')}</label>
      <Select<Purpose>
        id="reg-purpose"
        value={value}
        onChange={onChange}
        options={allowed.map((p) => ({ value: p, label: t(`registry.purposes.${p}`) }))}
        style={{ minWidth: 180 }}
        data-testid="purpose-picker"
      />
    </div>
  );
}

/** Members of a household: a table on a desktop, one line each on a phone. */
export function MembersList({ members, currentId, purposeLink }: { members: ResidentRow[]; currentId?: string; purposeLink: (path: string) => string }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const name = (m: ResidentRow) =>
    m.id === currentId ? (
      <span>
        {m.nameMasked} <Tag>{t('registry.profile.self')}</Tag>
      </span>
    ) : (
      <Space size={4}>
        <Link to={purposeLink(`/registry/residents/${m.id}`)}>{m.nameMasked}</Link>
        {m.restricted && <RestrictedTag />}
      </Space>
    );
  const hidden = <Typography.Text type="secondary">{t('registry.restricted.hidden')}</Typography.Text>;
  if (isMobile) {
    return (
      <ul className="rx-reg-members">
        {members.map((m) => (
          <li key={m.id}>
            <div>
              <strong>{name(m)}</strong>
              {!isStub(m) && <> · {relationLabel(t, m.relation)} · {sexLabel(t, m.sex)} · {t('registry.ageYears', { age: m.age })}</>}
            </div>
            {!isStub(m) && <CareTags tags={m.tags} />}
          </li>
        ))}
      </ul>
    );
  }
  // A restricted member without a grant (stub) shows only the masked name.
  const columns: ColumnsType<ResidentRow> = [
    { title: t('registry.cols.name'), key: 'name', render: (_, m) => name(m) },
    { title: t('registry.cols.relation'), key: 'relation', render: (_, m) => (isStub(m) ? hidden : relationLabel(t, m.relation)) },
    { title: t('registry.cols.sex'), key: 'sex', render: (_, m) => (isStub(m) ? hidden : sexLabel(t, m.sex)) },
    { title: t('registry.cols.age'), key: 'age', render: (_, m) => (isStub(m) ? hidden : m.age) },
    { title: t('registry.cols.idNumber'), key: 'idMasked', render: (_, m) => (isStub(m) ? hidden : <span className="rx-mono">{m.idMasked}</span>) },
    { title: t('registry.cols.residenceType'), key: 'residenceType', render: (_, m) => (isStub(m) ? hidden : residenceLabel(t, m.residenceType)) },
    { title: t('registry.cols.tags'), key: 'tags', render: (_, m) => (isStub(m) ? hidden : <CareTags tags={m.tags} />) },
  ];
  return <DataTable rowKey="id" size="small" columns={columns} dataSource={members} pagination={false} scroll={{ x: 700 }} />;
}

export function ResidentPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const [purpose, setPurpose, allowed] = usePurpose();
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);
  const [changingStatus, setChangingStatus] = useState(false);
  const link = (path: string) => withPurpose(path, purpose, allowed);

  const detail = useQuery({
    queryKey: ['registry', 'resident', id, purpose],
    queryFn: ({ signal }) => getResident(id, purpose, signal),
    // Personal data: do not keep it around after the page is left.
    gcTime: 0,
  });
  const r = detail.data;
  usePageTitle(r ? `${isStub(r) ? r.nameMasked : r.name} · ${t('registry.profile.title')}` : t('registry.profile.title'));

  const back = (
    <Link to="/registry" className="rx-reg-back">
      <ArrowLeftOutlined /> {t('registry.backToList')}
    </Link>
  );
  // While the record loads, cannot be shown or is restricted, the page still has its level-1 heading (ADR 0061).
  const heading = (
    <Typography.Title level={1} className="rx-page-title">
      {t('registry.profile.title')}
    </Typography.Title>
  );

  if (detail.isPending) {
    return (
      <div>
        {back}
        {heading}
        <Spin style={{ display: 'block', marginTop: 48 }} />
      </div>
    );
  }
  if (detail.error || !r) {
    const notFound = isApiError(detail.error) && detail.error.status === 404;
    return (
      <div>
        {back}
        {heading}
        {notFound ? (
          <Result status="404" title={t('registry.profile.notFound')} />
        ) : (
          <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} style={{ marginTop: 16 }} />
        )}
        <div style={{ marginTop: 16 }}>
          <PurposePicker value={purpose} onChange={setPurpose} allowed={allowed} />
        </div>
      </div>
    );
  }

  const canReveal = hasPermission(me, 'resident:reveal');
  const canWrite = hasPermission(me, 'resident:write');
  const canRestrict = hasPermission(me, 'resident:restrict');

  if (isStub(r)) {
    return (
      <div>
        {back}
        {heading}
        <Card size="small" style={{ margin: '16px 0' }}>
          <PurposePicker value={purpose} onChange={setPurpose} allowed={allowed} />
        </Card>
        <RestrictedProfile stub={r} purpose={purpose} canRead={hasPermission(me, 'resident:read')} onOpened={() => void detail.refetch()} />
        {canRestrict && (
          <div style={{ marginTop: 16 }}>
            <RestrictionButton id={r.id} restricted version={r.version} onChanged={() => void detail.refetch()} />
          </div>
        )}
      </div>
    );
  }
  const active = r.status === 'active';

  return (
    <div>
      {back}
      <div className="rx-reg-titlebar">
        <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 0 }} data-testid="resident-name">
          {r.name}
        </Typography.Title>
        <Space wrap>
          {r.restricted && <RestrictedTag />}
          <Tag>{sexLabel(t, r.sex)}</Tag>
          <Tag>{t('registry.ageYears', { age: r.age })}</Tag>
          <Tag color="blue">{residenceLabel(t, r.residenceType)}</Tag>
          {!active && (
            <Tag color={r.status === 'deceased' ? 'default' : 'orange'} data-testid="resident-status">
              {t(`residentStatus.status.${r.status as 'moved_out' | 'deceased'}`)}
            </Tag>
          )}
        </Space>
      </div>
      {!active && <Alert type="warning" showIcon title={t(`residentStatus.banner.${r.status as 'moved_out' | 'deceased'}`)} style={{ marginBottom: 16 }} />}
      {r.breakGlass && <BreakGlassBanner expiresAt={r.breakGlass.expiresAt} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap align="end" style={{ width: '100%', justifyContent: 'space-between' }}>
          <PurposePicker value={purpose} onChange={setPurpose} allowed={allowed} />
          {(canWrite || canRestrict) && (
            <Space wrap>
              {canRestrict && <RestrictionButton id={r.id} restricted={r.restricted} version={r.version} onChanged={() => void detail.refetch()} />}
              {canWrite && (
                <>
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-resident">
                    {t('registry.profile.edit')}
                  </Button>
                  {active && (
                    <Button icon={<SwapOutlined />} onClick={() => setMoving(true)}>
                      {t('registry.profile.move')}
                    </Button>
                  )}
                  <Button icon={active ? <UserDeleteOutlined /> : <RollbackOutlined />} onClick={() => setChangingStatus(true)} data-testid="change-status">
                    {t(active ? 'residentStatus.leave' : 'residentStatus.comeBack')}
                  </Button>
                </>
              )}
            </Space>
          )}
        </Space>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 13 }}>
          {t('registry.profile.purposeHint')}
        </Typography.Text>
      </Card>

      <Card title={t('registry.profile.basic')} size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={isMobile ? 1 : 2} size="small" bordered={!isMobile} data-testid="resident-details">
          <Descriptions.Item label={t('registry.profile.name')}>{r.name}</Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.sex')}>{sexLabel(t, r.sex)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.profile.birthDate')}>
            {withNote(r.birthDate, t('registry.ageYears', { age: r.age }), i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.idNumber')}>
            <MinorRevealField key={`id-${r.id}`} residentId={r.id} field="idNumber" masked={r.idMasked} purpose={purpose} canReveal={canReveal} age={r.age} />
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.phone')}>
            {r.phoneMasked ? (
              <MinorRevealField key={`ph-${r.id}`} residentId={r.id} field="phone" masked={r.phoneMasked} purpose={purpose} canReveal={canReveal} age={r.age} />
            ) : (
              <Typography.Text type="secondary">{t('registry.noPhone')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.profile.household')}>
            <Space wrap>
              <span>{r.address}</span>
              <Link to={link(`/registry/households/${r.householdId}`)}>
                <HomeOutlined /> {t('registry.profile.openHousehold')}
              </Link>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.relation')}>{relationLabel(t, r.relation)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.residenceType')}>{residenceLabel(t, r.residenceType)}</Descriptions.Item>
          <Descriptions.Item label={t('registry.cols.tags')}>
            {r.tags.length ? <CareTags tags={r.tags} /> : <Typography.Text type="secondary">{t('registry.none')}</Typography.Text>}
          </Descriptions.Item>
          {r.consent && (
            <Descriptions.Item label={t('consent.label')}>
              <ConsentSummary residentId={r.id} name={r.name} consent={r.consent} canWrite={canWrite} active={active} onChanged={() => void detail.refetch()} />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('registry.profile.guardian')}>
            {r.guardian ? <Link to={link(`/registry/residents/${r.guardian.id}`)}>{r.guardian.nameMasked}</Link> : t('registry.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.profile.externalRef')}><span className="rx-reg-break">{r.externalRef ?? t('registry.none')}</span></Descriptions.Item>
        </Descriptions>
      </Card>

      <Card title={t('registry.profile.members')} size="small" style={{ marginBottom: 16 }}>
        <MembersList members={r.household.members} currentId={r.id} purposeLink={link} />
      </Card>

      <Card title={t('registry.profile.moves')} size="small">
        {r.moves.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.profile.noMoves')} />
        ) : (
          <Timeline
            items={r.moves.map((m) => ({
              content: (
                <div>
                  <div>{dayjs(m.at).format('YYYY-MM-DD HH:mm')}</div>
                  <Typography.Text type="secondary">
                    {labelled(t('registry.profile.moveReason'), m.reason, i18n.language)}
                  </Typography.Text>{' '}
                  <Link to={link(`/registry/households/${m.toHouseholdId}`)}>{t('registry.profile.openHousehold')}</Link>
                </div>
              ),
            }))}
          />
        )}
      </Card>

      {(r as ResidentDetailWithStatus).statusHistory?.length ? (
        <Card title={t('residentStatus.history')} size="small" style={{ marginTop: 16 }} data-testid="status-history">
          <Timeline
            items={(r as ResidentDetailWithStatus).statusHistory!.map((c) => ({
              content: (
                <div>
                  <div>
                    {t('residentStatus.historyItem', { from: t(`residentStatus.status.${c.from}`), to: t(`residentStatus.status.${c.to}`), date: c.effectiveDate })}
                  </div>
                  <Typography.Text type="secondary">
                    {dayjs(c.at).format('YYYY-MM-DD HH:mm')} · {c.reason}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </Card>
      ) : null}

      <ResidentHistoryCard residentId={r.id} purpose={purpose} version={r.version} />

      {changingStatus && <ResidentStatusModal resident={r} onClose={() => setChangingStatus(false)} onChanged={() => void detail.refetch()} />}
      {editing && <EditResidentDrawer resident={r} onClose={() => setEditing(false)} onChanged={() => void detail.refetch()} />}
      {moving && <MoveResidentModal resident={r} onClose={() => setMoving(false)} onMoved={() => void detail.refetch()} />}
    </div>
  );
}
