import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Select, Space, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { downloadAuditPack, listPackAreas } from '../../api/audit';
import { errorText } from '../../lib/errors';
import { lastFullQuarter, MAX_PACK_DAYS, packFileName, periodDays } from './pack.logic';

/** Hands the workbook to the browser as a download. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * 合规审计包 (AUD-10, ADR 0038): the auditor picks a period (default: the last full quarter) and an area and downloads
 * the workbook. The server asks for the second factor (the API client opens the code dialog and retries once), audits
 * the pack with its SHA-256, and keeps residents out of it.
 */
export function AuditPackCard() {
  const { t, i18n } = useTranslation();
  const initial = lastFullQuarter(new Date());
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(initial.from), dayjs(initial.to)]);
  const [area, setArea] = useState<string | undefined>(undefined);
  const areas = useQuery({ queryKey: ['audit-pack', 'areas'], queryFn: ({ signal }) => listPackAreas(signal), staleTime: 60_000 });
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const days = periodDays(from, to);
  const tooLong = days > MAX_PACK_DAYS;
  const make = useMutation({
    mutationFn: async () => {
      const blob = await downloadAuditPack({ from, to, area, lang: i18n.language.startsWith('zh') ? 'zh-CN' : 'en' });
      const file = packFileName(from, to, area);
      save(blob, file);
      return { file, hash: await sha256Hex(blob) };
    },
  });

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="audit-pack"
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          <FileExcelOutlined /> {t('auditPack.title')}
        </h2>
      }
    >
      <Typography.Paragraph type="secondary">{t('auditPack.intro')}</Typography.Paragraph>
      <Space wrap align="end">
        <label>
          <div>{t('auditPack.period')}</div>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            status={tooLong ? 'error' : undefined}
            data-testid="audit-pack-period"
          />
        </label>
        <label>
          <div>{t('auditPack.area')}</div>
          <Select
            style={{ minWidth: 220 }}
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('auditPack.areaAll')}
            value={area}
            onChange={(v) => setArea(v ?? undefined)}
            loading={areas.isPending}
            options={(areas.data?.items ?? []).map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }))}
            data-testid="audit-pack-area"
          />
        </label>
        <Button type="primary" icon={<FileExcelOutlined />} disabled={tooLong} loading={make.isPending} onClick={() => make.mutate()} data-testid="audit-pack-download">
          {t('auditPack.download')}
        </Button>
      </Space>
      {tooLong && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('auditPack.tooLong', { days: MAX_PACK_DAYS })} />}
      {make.error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('auditPack.failed')} description={errorText(make.error, t, i18n.language)} />
      )}
      {make.data && !make.isPending && (
        <Alert type="success" showIcon style={{ marginTop: 12 }} data-testid="audit-pack-done" title={t('auditPack.done', { file: make.data.file, hash: make.data.hash.slice(0, 16) })} />
      )}
    </Card>
  );
}
