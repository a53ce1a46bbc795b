// 申诉 (health:read; community staff and the district): the residents' appeals of their yellow or red code, newest first,
// by status (待处理 by default; in the address) — who (masked), where, the colour appealed, why, when, and the local signal
// beside it so that the community can help to check. The district (health:assign) decides: 核实转绿 (the code becomes
// green: 申诉核实后转绿) after one more question, or 驳回 with the reason. Decided appeals show the decision.
import { useState } from 'react';
import { Alert, App, Button, Empty, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import {
  APPEAL_STATUSES, APPEALS_KEY, decideAppeal, PEOPLE_KEY, PERSON_KEY, SUMMARY_KEY, listAppeals, type Appeal, type AppealStatus,
} from './api';
import { appealStatusFromParams } from './health.logic';
import { RejectModal } from './reject.modal';
import { appealConflictText, at, ColourTag, isConflict, ListError, LocalSignalView } from './shared';

const STATUS_COLORS: Record<AppealStatus, string> = { open: 'orange', upheld: 'green', rejected: 'default' };

function StatusTag({ status }: { status: AppealStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="hc-appeal-status" data-status={status}>
      {t(`healthCodes.appealStatuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

function Decide({ a }: { a: Appeal }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [rejecting, setRejecting] = useState(false);
  const size = isMobile ? 'large' : 'middle';
  const reread = () => {
    for (const key of [APPEALS_KEY, PEOPLE_KEY, SUMMARY_KEY]) void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: [...PERSON_KEY, a.residentId] });
  };
  const uphold = useMutation({
    mutationFn: () => decideAppeal(a.id, { decision: 'upheld', version: a.version }),
    onSuccess: (d) => void message.success(t('healthCodes.appeals.upheld', { name: d.nameMasked })),
    onSettled: reread,
  });
  return (
    <div className="rx-hc-decide" data-testid="hc-decide">
      <Space wrap>
        <Popconfirm
          title={t('healthCodes.appeals.upholdConfirm', { name: a.nameMasked })}
          description={<div style={{ maxWidth: 320 }}>{t('healthCodes.appeals.upholdHelp')}</div>}
          okText={t('healthCodes.appeals.upholdOk')}
          cancelText={t('healthCodes.appeals.cancel')}
          okButtonProps={{ 'data-testid': 'hc-uphold-ok' } as never}
          onConfirm={() => uphold.mutateAsync().catch(() => undefined)}
        >
          <Button type="primary" size={size} icon={<CheckOutlined />} loading={uphold.isPending} data-testid="hc-uphold">{t('healthCodes.appeals.uphold')}</Button>
        </Popconfirm>
        <Button danger size={size} icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="hc-reject">{t('healthCodes.appeals.reject')}</Button>
      </Space>
      {uphold.isError && (isConflict(uphold.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} title={appealConflictText(uphold.error, t, i18n.language)} data-testid="hc-decide-conflict" />
      ) : (
        <ErrorAlert error={uphold.error} style={{ marginTop: 8, marginBottom: 0 }} />
      ))}
      {rejecting && (
        <RejectModal
          appeal={a}
          onDone={(d) => {
            void message.success(t('healthCodes.appeals.rejected', { name: d.nameMasked }));
            reread();
          }}
          onClose={() => {
            setRejecting(false);
            reread();
          }}
        />
      )}
    </div>
  );
}

function AppealCard({ a, mayDecide }: { a: Appeal; mayDecide: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-hc-appeal rx-hc-appeal-${a.status}`} data-testid="hc-appeal" data-id={a.id} data-resident={a.residentId} data-status={a.status}>
      <div className="rx-hc-row-head">
        <h3 className="rx-hc-h3" data-testid="hc-appeal-name">{a.nameMasked}</h3>
        <StatusTag status={a.status} />
        <span className="rx-hc-quiet">{a.gridName}</span>
      </div>
      <div className="rx-hc-appeal-line">
        <span className="rx-hc-quiet">{t('healthCodes.appeals.colour')}</span>
        <ColourTag colour={a.colour} testId="hc-appeal-colour" />
        <span className="rx-hc-quiet">{t('healthCodes.appeals.createdAt', { at: at(a.createdAt) })}</span>
      </div>
      <div className="rx-hc-appeal-reason">
        <span className="rx-hc-quiet">{t('healthCodes.appeals.reason')}：</span>
        <span data-testid="hc-appeal-reason">{a.reason}</span>
      </div>
      <div className="rx-hc-local-line"><span className="rx-hc-quiet">{t('healthCodes.local.title')}：</span><LocalSignalView local={a.local} testId="hc-appeal-local" /></div>
      {a.status !== 'open' && (
        <div className="rx-hc-quiet" data-testid="hc-appeal-decision">
          {t('healthCodes.appeals.decidedAt', { at: at(a.decidedAt) })}
          {a.decisionNote && <> · {t('healthCodes.appeals.decisionNote', { note: a.decisionNote })}</>}
        </div>
      )}
      {mayDecide && a.status === 'open' && <Decide a={a} />}
    </li>
  );
}

export function AppealsTab({ mayDecide }: { mayDecide: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const status = appealStatusFromParams(params);
  const list = useQuery({ queryKey: [...APPEALS_KEY, status ?? 'all'], queryFn: ({ signal }) => listAppeals(status, signal), refetchInterval: 60_000 });
  const items = list.data?.items ?? [];
  return (
    <div data-testid="hc-appeals">
      <div className="rx-hc-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={isMobile ? 'large' : 'middle'}
            aria-label={t('healthCodes.appeals.filter')}
            value={status ?? 'all'}
            onChange={(e) => setParams({ status: e.target.value === 'open' ? null : String(e.target.value) })}
            options={[...APPEAL_STATUSES.map((s) => ({ value: s, label: t(`healthCodes.appealStatuses.${s}`) })), { value: 'all', label: t('healthCodes.appeals.all') }]}
            data-testid="hc-appeal-filter"
          />
        </div>
      </div>
      {!mayDecide && <Typography.Paragraph type="secondary" data-testid="hc-appeals-readonly">{t('healthCodes.appeals.readOnly')}</Typography.Paragraph>}
      {list.isError && <ListError error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? <Skeleton active /> : items.length === 0 ? (
        <Empty description={t(status === 'open' ? 'healthCodes.appeals.emptyOpen' : 'healthCodes.appeals.empty')} />
      ) : (
        <ul className="rx-card-list rx-hc-appeals" data-testid="hc-appeal-list">
          {items.map((a) => <AppealCard key={a.id} a={a} mayDecide={mayDecide} />)}
        </ul>
      )}
    </div>
  );
}
