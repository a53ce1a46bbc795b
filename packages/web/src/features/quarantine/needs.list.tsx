// The needs of people in quarantine (quarantine:serve or quarantine:read), open first: the masked name and the address
// (they are delivered to the door), what is needed and the line about it, when and by whom it was asked, its state, who
// handles it and what was done. 我来办 (take) and 已办结 (with what was done) for quarantine:serve, against the version
// seen. A state filter in the address. Used by 隔离需求 (the volunteers' page) and the 隔离需求 tab of 居家隔离.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Pagination, Radio, Skeleton, Tag, Typography } from 'antd';
import { CheckOutlined, ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { BOARD_KEY, finishNeed, listNeeds, NEED_STATUSES, NEEDS_KEY, NEEDS_PAGE_SIZE, ORDER_KEY, takeNeed, type Need } from './api';
import { NoteModal } from './note.modal';
import { byText, needFiltersFromParams } from './quarantine.logic';
import { at, conflictText, isConflict, needKindText, NeedStatusTag } from './shared';

function NeedCard({ n, mayServe, onTake, taking, onDone }: { n: Need; mayServe: boolean; onTake: (n: Need) => void; taking: boolean; onDone: (n: Need) => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  return (
    <li className={`rx-card rx-qr-need rx-qr-need-${n.status}`} data-testid="qr-need" data-id={n.id} data-status={n.status} data-kind={n.kind}>
      <div className="rx-qr-row-head">
        <Tag color="geekblue" style={{ marginInlineEnd: 0 }} data-testid="qr-need-kind">{needKindText(n.kind, t)}</Tag>
        <NeedStatusTag status={n.status} />
        <strong data-testid="qr-need-name">{n.nameMasked}</strong>
      </div>
      <div className="rx-qr-address" data-testid="qr-need-address">{n.address ?? t('quarantine.noAddress')}{n.gridName ? ` · ${n.gridName}` : ''}</div>
      <div className="rx-qr-detail" data-testid="qr-need-detail">{n.detail}</div>
      <div className="rx-qr-quiet" data-testid="qr-need-meta">
        {t('quarantine.needs.at', { at: at(n.createdAt) })} · {t('quarantine.needs.by', { by: byText(n.by, t('quarantine.self')) })}
        {n.takenBy && <> · <span data-testid="qr-need-taken-by">{t('quarantine.needs.takenBy', { by: n.takenBy })}</span></>}
      </div>
      {n.doneNote && <div className="rx-qr-resolved" data-testid="qr-need-done-note">{t('quarantine.needs.doneNote', { note: n.doneNote })}</div>}
      {mayServe && n.status !== 'done' && (
        <div className="rx-card-actions">
          {n.status === 'open' && (
            <Button type="primary" size={size} icon={<UserAddOutlined />} loading={taking} onClick={() => onTake(n)} data-testid="qr-need-take">{t('quarantine.needs.take')}</Button>
          )}
          <Button size={size} icon={<CheckOutlined />} onClick={() => onDone(n)} data-testid="qr-need-done">{t('quarantine.needs.done')}</Button>
        </div>
      )}
    </li>
  );
}

export function NeedsList({ mayServe }: { mayServe: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => needFiltersFromParams(params), [params]);
  const [finishing, setFinishing] = useState<Need | null>(null);
  const list = useQuery({
    queryKey: [...NEEDS_KEY, f],
    queryFn: ({ signal }) => listNeeds(f, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const reread = () => {
    void queryClient.invalidateQueries({ queryKey: NEEDS_KEY });
    void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
    void queryClient.invalidateQueries({ queryKey: ORDER_KEY });
  };
  const take = useMutation({
    mutationFn: (n: Pick<Need, 'id' | 'version'>) => takeNeed(n.id, n.version),
    onSuccess: (n) => void message.success(t('quarantine.needs.taken', { kind: needKindText(n.kind, t) })),
    onSettled: reread,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  return (
    <div data-testid="qr-needs">
      {!mayServe && <Typography.Paragraph type="secondary" data-testid="qr-needs-readonly">{t('quarantine.needs.readOnly')}</Typography.Paragraph>}
      <div className="rx-qr-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('quarantine.needs.filter')}
            value={f.status ?? 'all'}
            onChange={(e) => setParams({ status: e.target.value === 'all' ? null : String(e.target.value), page: null })}
            options={[{ value: 'all', label: t('quarantine.needs.all') }, ...NEED_STATUSES.map((s) => ({ value: s, label: t(`quarantine.needStatuses.${s}`) }))]}
            data-testid="qr-needs-filter"
          />
        </div>
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('quarantine.refresh')}</Button>
      </div>
      {take.isError && (isConflict(take.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(take.error, t, i18n.language)} data-testid="qr-need-conflict" />
      ) : (
        <ErrorAlert error={take.error} />
      ))}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? <Skeleton active /> : items.length === 0 ? (
        <Empty description={t(f.status === 'open' ? 'quarantine.needs.emptyOpen' : 'quarantine.needs.empty')} />
      ) : (
        <ul className="rx-card-list rx-qr-needs" data-testid="qr-needs-list">
          {items.map((n) => (
            <NeedCard
              key={n.id}
              n={n}
              mayServe={mayServe}
              taking={take.isPending && take.variables?.id === n.id}
              onTake={(x) => void take.mutateAsync({ id: x.id, version: x.version }).catch(() => undefined)}
              onDone={setFinishing}
            />
          ))}
        </ul>
      )}
      {total > NEEDS_PAGE_SIZE && (
        <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={f.page} pageSize={NEEDS_PAGE_SIZE} total={total} showSizeChanger={false} simple={isMobile} onChange={(p) => setParams({ page: p > 1 ? p : null })} />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="qr-needs-total">
          {t('quarantine.needs.total', { n: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      {finishing && (
        <NoteModal
          title={t('quarantine.needs.doneTitle', { kind: needKindText(finishing.kind, t) })}
          label={t('quarantine.needs.doneLabel')}
          placeholder={t('quarantine.needs.donePlaceholder')}
          empty={t('quarantine.needs.doneEmpty')}
          okText={t('quarantine.needs.doneOk')}
          cancelText={t('quarantine.needs.cancel')}
          field="note"
          testId="qr-need-done-dialog"
          send={(note) => finishNeed(finishing.id, { note, version: finishing.version })}
          onDone={() => {
            void message.success(t('quarantine.needs.doneMsg', { kind: needKindText(finishing.kind, t) }));
            reread();
          }}
          onConflict={reread}
          onClose={() => setFinishing(null)}
        />
      )}
    </div>
  );
}
