// 应急预案 (plan:read; ADR 0089): the plans of one's area, each with the "not paper only" signal — last drill and days
// since, its late steps, open revision actions, 超期未演练 — and 新建预案 for plan:manage.
import { useState } from 'react';
import { Button, Empty, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { listPlans, PLANS_KEY } from './api';
import { PlanEditor } from './editor';

export function PlansPage() {
  const { t } = useTranslation();
  usePageTitle(t('plans.title'));
  const canManage = hasPermission(useMe(), 'plan:manage');
  const q = useQuery({ queryKey: PLANS_KEY, queryFn: ({ signal }) => listPlans(signal) });
  const [creating, setCreating] = useState(false);
  return (
    <div className="rx-plans" data-testid="plans-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('plans.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('plans.description')}</Typography.Paragraph>
      {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">{t('plans.newPlan')}</Button>}
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? <Empty description={t('plans.empty')} /> : (
        <ul className="rx-plan-list" data-testid="plan-list">
          {q.data.items.map((p) => (
            <li key={p.id} className="rx-plan-card" data-testid="plan-card">
              <Link to={`/plans/${p.id}`} className="rx-plan-card-title">{p.title}</Link>
              <div className="rx-plan-tags">
                <Tag>{t(`plans.hazards.${p.hazard}`)}</Tag>
                <Tag color={p.status === 'active' ? 'green' : undefined}>{t(`plans.statuses.${p.status}`)}</Tag>
                <Tag>{t('plans.revision', { n: p.revision })}</Tag>
                {p.drillOverdue && <Tag color="red" data-testid="plan-overdue">{t('plans.overdue')}</Tag>}
                {p.hasDraft && <Tag color="blue">{t('plans.hasDraft')}</Tag>}
              </div>
              <div>{p.lastDrill ? t('plans.lastDrill', { days: p.lastDrill.daysSince, kind: t(`plans.kinds.${p.lastDrill.kind}`) }) : t('plans.neverDrilled')}
                {p.lastDrill && p.lastDrill.lateSteps.length > 0 && <Tag color="orange" style={{ marginLeft: 8 }}>{t('plans.lateSteps', { n: p.lastDrill.lateSteps.length })}</Tag>}
                {p.openActions > 0 && <Tag color="gold" style={{ marginLeft: 8 }} data-testid="plan-open-actions">{t('plans.openActions', { n: p.openActions })}</Tag>}
              </div>
              {p.nextDrill && <div>{t('plans.nextDrill', { at: shanghaiMinute(p.nextDrill.scheduledAt) })}</div>}
              {p.myRoles.length > 0 && <div>{t('plans.myRoles', { roles: p.myRoles.join('、') })}</div>}
            </li>
          ))}
        </ul>
      )}
      {creating && <PlanEditor onClose={() => setCreating(false)} />}
    </div>
  );
}
