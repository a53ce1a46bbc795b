// 客流 (gate:read): a day's figures of the area's gates (the day in the address, today by default) — in, out, passed,
// to check, stopped, visitors, vehicles —, each gate's passages per hour as bars (in and out side by side, the busiest
// hour said in words), and the last 7 days. Aggregates only, as the server counts them; the charts' figures are also
// in tables (the hours folded away).
import { useMemo } from 'react';
import { DatePicker, Empty, Skeleton, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { EChart } from '../../lib/echart';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure } from '../../lib/figures-card';
import { useUrlState } from '../../lib/url-state';
import { FLOW_KEY, getFlow, type Flow, type FlowGate } from './api';
import { busiestHour, hourlyOption, shanghaiDay, weekOption } from './gates.logic';

export function FlowTab() {
  const { t } = useTranslation();
  const [params, setParams] = useUrlState();
  const raw = params.get('date');
  const date = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  const today = shanghaiDay(new Date());
  const q = useQuery({
    queryKey: [...FLOW_KEY, date ?? 'today'], queryFn: ({ signal }) => getFlow(date, signal), placeholderData: keepPreviousData,
    refetchInterval: !date || date === today ? 60_000 : false,
  });
  return (
    <div data-testid="gt-flow">
      <div className="rx-gt-filters">
        <label htmlFor="gt-flow-date">{t('gates.flow.date')}</label>
        <DatePicker
          id="gt-flow-date"
          format="YYYY-MM-DD"
          value={dayjs(date ?? q.data?.date ?? today)}
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => setParams({ date: d && d.format('YYYY-MM-DD') !== today ? d.format('YYYY-MM-DD') : null }, { replace: true })}
          data-testid="gt-flow-date"
        />
      </div>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : <FlowView f={q.data} />}
    </div>
  );
}

function FlowView({ f }: { f: Flow }) {
  const { t } = useTranslation();
  const totals = f.totals;
  return (
    <>
      <div className="rx-gt-figures" data-testid="gt-flow-totals" data-date={f.date}>
        <Figure testId="gt-flow-in" value={totals.in} label={t('gates.flow.in')} />
        <Figure testId="gt-flow-out" value={totals.out} label={t('gates.flow.out')} />
        <Figure testId="gt-flow-allow" value={totals.allow} label={t('gates.flow.allow')} />
        <Figure testId="gt-flow-review" value={totals.review} label={t('gates.flow.review')} valueClassName={totals.review ? 'rx-gt-review' : undefined} />
        <Figure testId="gt-flow-deny" value={totals.deny} label={t('gates.flow.deny')} valueClassName={totals.deny ? 'rx-gt-deny' : undefined} />
        <Figure testId="gt-flow-visitors" value={totals.visitors} label={t('gates.flow.visitors')} />
        <Figure testId="gt-flow-vehicles" value={totals.vehicles} label={t('gates.flow.vehicles')} />
      </div>
      {f.gates.length === 0 ? <Empty description={t('gates.flow.noGates')} /> : (
        <div className="rx-gt-flow-gates">
          {f.gates.map((g) => <GateFlow key={g.gateId} g={g} showCommunity={new Set(f.gates.map((x) => x.communityName)).size > 1} />)}
        </div>
      )}
      <HourTable f={f} />
      <Week f={f} />
    </>
  );
}

function GateFlow({ g, showCommunity }: { g: FlowGate; showCommunity: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const busiest = busiestHour(g.hours);
  const option = useMemo(() => hourlyOption(g.hours, { in: t('gates.flow.in'), out: t('gates.flow.out') }), [g.hours, t]);
  return (
    <section className="rx-card rx-gt-flow-gate" data-testid="gt-flow-gate" data-id={g.gateId} data-name={g.name}>
      <h2 className="rx-gt-name">{showCommunity ? `${g.communityName} · ${g.name}` : g.name}</h2>
      <div className="rx-gt-today">
        <span>{t('gates.flow.in')} <strong data-testid="gt-flow-gate-in">{g.in}</strong></span>
        <span>{t('gates.flow.out')} <strong data-testid="gt-flow-gate-out">{g.out}</strong></span>
        <span className={g.review ? 'rx-gt-review' : undefined}>{t('gates.flow.review')} <strong>{g.review}</strong></span>
        <span className={g.deny ? 'rx-gt-deny' : undefined}>{t('gates.flow.deny')} <strong>{g.deny}</strong></span>
      </div>
      <Typography.Text type="secondary" data-testid="gt-flow-busiest">
        {busiest ? t('gates.flow.busiest', { from: busiest.hour, to: busiest.hour + 1, n: busiest.n }) : t('gates.flow.noPassages')}
      </Typography.Text>
      {busiest && <EChart option={option} height={isMobile ? 180 : 200} label={t('gates.flow.hourly', { name: g.name })} testId="gt-flow-chart" />}
    </section>
  );
}

/** The hours with any passage, one row each, a column pair per gate (folded away: the charts show them). */
function HourTable({ f }: { f: Flow }) {
  const { t } = useTranslation();
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => f.gates.some((g) => (g.hours[h]?.in ?? 0) + (g.hours[h]?.out ?? 0) > 0));
  if (hours.length === 0) return null;
  return (
    <details className="rx-gt-details" data-testid="gt-flow-hours">
      <summary>{t('gates.flow.numbers')}</summary>
      <div className="rx-gt-scroll">
        <table className="rx-gt-table">
          <thead>
            <tr>
              <th scope="col">{t('gates.flow.hour')}</th>
              {f.gates.map((g) => <th key={g.gateId} scope="col" colSpan={2}>{g.name}</th>)}
            </tr>
            <tr>
              <td />
              {f.gates.map((g) => [<th key={`${g.gateId}-in`} scope="col">{t('gates.flow.in')}</th>, <th key={`${g.gateId}-out`} scope="col">{t('gates.flow.out')}</th>])}
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h}>
                <th scope="row">{`${h}:00`}</th>
                {f.gates.map((g) => [<td key={`${g.gateId}-in`}>{g.hours[h]?.in ?? 0}</td>, <td key={`${g.gateId}-out`}>{g.hours[h]?.out ?? 0}</td>])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Week({ f }: { f: Flow }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const option = useMemo(() => weekOption(f.days, { in: t('gates.flow.in'), out: t('gates.flow.out') }), [f.days, t]);
  return (
    <section className="rx-card rx-gt-week" data-testid="gt-flow-week">
      <h2 className="rx-gt-name">{t('gates.flow.week')}</h2>
      <EChart option={option} height={isMobile ? 180 : 220} label={t('gates.flow.weekChart')} testId="gt-flow-week-chart" />
      <div className="rx-gt-scroll">
        <table className="rx-gt-table">
          <thead>
            <tr>
              <th scope="col">{t('gates.flow.day')}</th>
              <th scope="col">{t('gates.flow.in')}</th>
              <th scope="col">{t('gates.flow.out')}</th>
              <th scope="col">{t('gates.flow.review')}</th>
              <th scope="col">{t('gates.flow.deny')}</th>
            </tr>
          </thead>
          <tbody>
            {f.days.map((d) => (
              <tr key={d.date} data-testid="gt-flow-day" data-date={d.date}>
                <th scope="row">{d.date.slice(5)}</th>
                <td>{d.in}</td>
                <td>{d.out}</td>
                <td>{d.review}</td>
                <td>{d.deny}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
