// 日报 (report:read; ADR 0093): the daily report of one's area (or a street / community inside it) for a day, from the
// figure catalogue in fixed sections, per community for a street or district. 下载 Excel gives the .xlsx; 打印 / 另存为
// PDF prints the A4 page (the app's menu, header and these controls are left out: .rx-no-print) — the browser makes
// the PDF because no CJK font can be shipped from npm at a sane size (ADR 0093).
import { useState } from 'react';
import { Button, DatePicker, Select, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { shanghaiMinute, shanghaiToday } from '../../lib/shanghai-time';
import { dailyXlsxUrl, getDaily, REQUESTS_KEY } from './api';
import { figName, unitOf, useZh } from './shared';

export function DailyReportPage() {
  const { t } = useTranslation();
  const zh = useZh();
  usePageTitle(t('requests.daily.title'));
  const [day, setDay] = useState(shanghaiToday());
  const [orgId, setOrgId] = useState<string | undefined>();
  const q = useQuery({ queryKey: [...REQUESTS_KEY, 'daily', day, orgId ?? ''], queryFn: ({ signal }) => getDaily({ day, orgId }, signal) });
  const base = useQuery({ queryKey: [...REQUESTS_KEY, 'daily-areas', day], queryFn: ({ signal }) => getDaily({ day }, signal), staleTime: 600_000 });
  const areas = base.data ? [{ value: base.data.org.id, label: base.data.org.name }, ...base.data.communities.map((c) => ({ value: c.id, label: c.name }))] : [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap className="rx-no-print">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('requests.daily.title')}</Typography.Title>
        <DatePicker value={dayjs(day)} allowClear={false} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} aria-label={t('requests.daily.day')} data-testid="rd-day"
          disabledDate={(d) => d.format('YYYY-MM-DD') > shanghaiToday() || d.isBefore(dayjs().subtract(60, 'day'))} />
        {areas.length > 1 && <Select style={{ minWidth: 160 }} value={orgId ?? areas[0]!.value} options={areas} onChange={(v) => setOrgId(v)} aria-label={t('requests.daily.area')} />}
        <Button icon={<DownloadOutlined />} href={dailyXlsxUrl({ day, orgId })} download data-testid="rd-xlsx">{t('requests.daily.download')}</Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="rd-print">{t('requests.daily.print')}</Button>
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} /> : (
        <div className="rx-rq-daily" data-testid="rd-sheet">
          <h2 className="rx-rq-daily-title">{t('requests.daily.heading', { name: q.data.org.name })}</h2>
          <p className="rx-rq-daily-sub">{q.data.day} · {t('requests.daily.readAt', { at: shanghaiMinute(q.data.readAt) })}</p>
          <table className="rx-rq-daily-table">
            <thead><tr><th>{t('requests.daily.figure')}</th><th>{t('requests.daily.value')}</th><th>{t('requests.daily.unit')}</th><th>{t('requests.daily.source')}</th></tr></thead>
            {q.data.sections.map((s) => (
              <tbody key={s.code}>
                <tr className="rx-rq-daily-section"><th colSpan={4}>{zh ? s.zh : s.en}</th></tr>
                {s.figures.map((f) => (
                  <tr key={f.code} data-testid={`rd-fig-${f.code}`}>
                    <td>{figName(f, zh)}</td><td className="rx-rq-num" data-testid="rd-value">{f.value}</td><td>{unitOf(f, zh)}</td><td>{zh ? f.source.zh : f.source.en}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
          {q.data.communities.length > 0 && (
            <>
              <h3>{t('requests.daily.perCommunity')}</h3>
              <DataTable size="small" pagination={false} rowKey="id" scroll={{ x: 'max-content' }} dataSource={q.data.communities}
                columns={[
                  { key: 'name', title: t('requests.table.community'), dataIndex: 'name' },
                  ...q.data.sections.flatMap((s) => s.figures).map((f) => ({ key: f.code, title: figName(f, zh), render: (_: unknown, c: { values: Record<string, number> }) => c.values[f.code] })),
                ]} />
            </>
          )}
        </div>
      )}
    </Space>
  );
}
