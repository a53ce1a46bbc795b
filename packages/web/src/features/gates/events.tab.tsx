// 通行记录 (gate:operate): a day's passages at the community's gates, newest first, filtered in the address by gate,
// decision or 待核实 (to check, not yet resolved) and day. Each: the time, gate, 进/出, who (masked), the decision, its
// reasons and how a check was resolved; a passage to check has 核实后放行 / 劝返, each with an optional note.
import { useState } from 'react';
import { App, DatePicker, Empty, Pagination, Radio, Select, Skeleton, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { useUrlState } from '../../lib/url-state';
import { EVENTS_KEY, EVENTS_PAGE_SIZE, GATE_LIST_KEY, GATES_KEY, listEvents, listGates, type Outcome, type Passage } from './api';
import { EVENTS_FILTERS, eventsQuery, shanghaiDay } from './gates.logic';
import { PassageRow, ReviewModal } from './shared';

export function EventsTab() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useUrlState();
  const queryClient = useQueryClient();
  const { filter, ...query } = eventsQuery(params);
  const today = shanghaiDay(new Date());
  const gates = useQuery({ queryKey: GATE_LIST_KEY, queryFn: ({ signal }) => listGates(signal), staleTime: 60_000 });
  const q = useQuery({
    queryKey: [...EVENTS_KEY, query], queryFn: ({ signal }) => listEvents(query, signal), placeholderData: keepPreviousData,
    refetchInterval: !query.date || query.date === today ? 30_000 : false,
  });
  const [reviewing, setReviewing] = useState<{ p: Passage; outcome: Outcome } | null>(null);
  const reread = () => void queryClient.invalidateQueries({ queryKey: GATES_KEY });
  return (
    <div className="rx-gt-events" data-testid="gt-events">
      <div className="rx-gt-filters">
        <Select
          aria-label={t('gates.events.gate')}
          value={query.gateId ?? ''}
          onChange={(v) => setParams({ gate: v || null, page: null }, { replace: true })}
          options={[{ value: '', label: t('gates.events.allGates') }, ...(gates.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))]}
          style={{ minWidth: 140 }}
          data-testid="gt-events-gate"
        />
        <DatePicker
          aria-label={t('gates.events.date')}
          format="YYYY-MM-DD"
          value={dayjs(query.date ?? today)}
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => setParams({ date: d && d.format('YYYY-MM-DD') !== today ? d.format('YYYY-MM-DD') : null, page: null }, { replace: true })}
          data-testid="gt-events-date"
        />
        <div className="rx-scroll-x">
          <Radio.Group
            aria-label={t('gates.events.filter')}
            value={filter}
            optionType="button"
            onChange={(e) => setParams({ decision: e.target.value === 'all' ? null : e.target.value, page: null }, { replace: true })}
            options={EVENTS_FILTERS.map((k) => ({ value: k, label: t(`gates.events.${k}`) }))}
            style={{ whiteSpace: 'nowrap' }}
            data-testid="gt-events-filter"
          />
        </div>
      </div>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data.items.length === 0 ? (
        <Empty description={t('gates.events.empty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" data-testid="gt-events-total">{t('gates.events.total', { n: q.data.total })}</Typography.Paragraph>
          <ul className="rx-card-list" data-testid="gt-events-list">
            {q.data.items.map((p) => <PassageRow key={p.id} p={p} onReview={(x, outcome) => setReviewing({ p: x, outcome })} />)}
          </ul>
          {q.data.total > EVENTS_PAGE_SIZE && (
            <Pagination
              style={{ marginTop: 16 }}
              current={query.page}
              total={q.data.total}
              pageSize={EVENTS_PAGE_SIZE}
              showSizeChanger={false}
              // On a phone the page numbers of a busy day (a few hundred passages) overflowed the screen: 1 / 12 ‹ ›.
              simple={isMobile}
              onChange={(n) => setParams({ page: n === 1 ? null : String(n) })}
            />
          )}
        </>
      )}
      {reviewing && (
        <ReviewModal
          p={reviewing.p}
          outcome={reviewing.outcome}
          onDone={(x) => {
            void message.success(t(`gates.events.done.${x.review?.outcome ?? reviewing.outcome}`));
            reread();
          }}
          onConflict={reread}
          onClose={() => setReviewing(null)}
        />
      )}
    </div>
  );
}
