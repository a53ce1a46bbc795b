// 访客 (gate:operate): the visitors registered at the community's gates on a day (today by default), newest first —
// masked name and mobile, whom they visit and why, the gate, and whether they have come in.
import { DatePicker, Empty, Skeleton } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { useUrlState } from '../../lib/url-state';
import { listVisits, VISITS_KEY } from './api';
import { shanghaiDay } from './gates.logic';

export function VisitsTab() {
  const { t } = useTranslation();
  const [params, setParams] = useUrlState();
  const raw = params.get('date');
  const date = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  const today = shanghaiDay(new Date());
  const q = useQuery({
    queryKey: [...VISITS_KEY, date ?? 'today'], queryFn: ({ signal }) => listVisits(date, signal), placeholderData: keepPreviousData,
    refetchInterval: !date ? 60_000 : false,
  });
  return (
    <div data-testid="gt-visits">
      <div className="rx-gt-filters">
        <DatePicker
          aria-label={t('gates.visits.date')}
          format="YYYY-MM-DD"
          value={dayjs(date ?? today)}
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => setParams({ date: d && d.format('YYYY-MM-DD') !== today ? d.format('YYYY-MM-DD') : null }, { replace: true })}
        />
      </div>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data.items.length === 0 ? (
        <Empty description={t('gates.visits.empty')} />
      ) : (
        <ul className="rx-card-list">
          {q.data.items.map((v) => (
            <li key={v.id} className="rx-card" data-testid="gt-visit" data-status={v.status}>
              <div className="rx-gt-row">
                <strong data-testid="gt-visit-name">{v.nameMasked}</strong>
                <span className="rx-gt-mono">{v.phoneMasked}</span>
                <span className={`rx-gt-kind ${v.status === 'entered' ? 'rx-gt-on' : ''}`} data-testid="gt-visit-status">{t(`gates.visits.${v.status}`)}</span>
              </div>
              <dl className="rx-facts rx-gt-facts">
                <div><dt>{t('gates.visits.host')}</dt><dd>{v.host} · {t(`gates.visitReasons.${v.reason}`, { defaultValue: v.reason })}</dd></div>
                <div>
                  <dt>{t('gates.visits.gate')}</dt>
                  <dd>
                    {v.gateName} · {t('gates.visits.at', { time: dayjs(v.createdAt).format('HH:mm') })}
                    {v.enteredAt ? ` · ${t('gates.visits.enteredAt', { time: dayjs(v.enteredAt).format('HH:mm') })}` : ''}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
