// 核酸采样 on a resident's workbench (self:sampling; ADR 0079): the personal sampling code as a QR code — the collector
// scans it instead of the ID card — with the code under it and how long it is valid (its Shanghai day and the next),
// then the resident's samples, newest first: the round, when, where, and the result (待出结果 / 阴性 / 待复核 / 阳性). An
// account not linked to a household is told so, kindly. The code holds no ID number, name or phone.
import { useState } from 'react';
import { Button, Card, QRCode, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../lib/error-alert';
import { MY_SAMPLING_KEY, mySampling, type MySampling } from './api';
import { RESULT_COLORS } from './sampling-station.logic';
import './sampling-station.css';

const SHOWN = 5;

/** The last minute the code is valid (its expiry is the start of the day after tomorrow): 12-05 23:59. */
const validUntil = (expiresAt: string) => dayjs(expiresAt).subtract(1, 'minute').format('MM-DD HH:mm');

function Results({ items }: { items: MySampling['results'] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  if (items.length === 0) return <Typography.Text type="secondary" data-testid="sm-empty">{t('samplingStation.mine.empty')}</Typography.Text>;
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <>
      <ul className="rx-ss-mine-list" data-testid="sm-results">
        {shown.map((r, i) => (
          <li key={`${r.collectedAt}-${i}`} className="rx-ss-mine-item" data-testid="sm-result" data-result={r.result}>
            <div className="rx-ss-mine-head">
              <strong>{r.roundName}</strong>
              <Tag color={RESULT_COLORS[r.result] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="sm-result-tag">
                {t(`samplingStation.mine.resultLabels.${r.result}`, { defaultValue: r.result })}
              </Tag>
            </div>
            <div className="rx-ss-quiet" data-testid="sm-result-line">
              {t('samplingStation.mine.line', { date: r.roundDate, time: dayjs(r.collectedAt).format('HH:mm'), site: r.siteName ?? t('samplingStation.mine.door') })}
            </div>
            {r.result === 'recheck' && <div className="rx-ss-mine-note rx-ss-mine-note-warn">{t('samplingStation.mine.recheckHint')}</div>}
            {r.result === 'positive' && <div className="rx-ss-mine-note rx-ss-mine-note-alarm">{t('samplingStation.mine.positiveHint')}</div>}
          </li>
        ))}
      </ul>
      {!all && items.length > SHOWN && (
        <Button type="link" style={{ paddingInline: 0 }} onClick={() => setAll(true)} data-testid="sm-more">{t('samplingStation.mine.more', { n: items.length })}</Button>
      )}
    </>
  );
}

export function MySamplingCard() {
  const { t } = useTranslation();
  // The code is valid for two days; read again now and then so that a page left open shows a current one.
  const q = useQuery({ queryKey: MY_SAMPLING_KEY, queryFn: ({ signal }) => mySampling(signal), refetchInterval: 10 * 60_000 });
  const noHousehold = isApiError(q.error) && q.error.status === 404;
  const d = q.data;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('samplingStation.mine.title')}</h2>} data-testid="sm-card" className="rx-ss-mine">
      {q.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {noHousehold && <Typography.Paragraph style={{ margin: 0 }} data-testid="sm-no-household">{t('samplingStation.mine.noHousehold')}</Typography.Paragraph>}
      {q.isError && !noHousehold && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 0 }} />}
      {d && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>{t('samplingStation.mine.intro')}</Typography.Paragraph>
          <div className="rx-ss-mine-body">
            <div className="rx-ss-mine-code" data-testid="sm-code-box">
              <QRCode value={d.code} type="svg" size={200} bordered={false} aria-label={t('samplingStation.mine.codeLabel')} data-testid="sm-qr" />
              <div className="rx-ss-mine-code-text rx-ss-mono" data-testid="sm-code">{d.code}</div>
              <div className="rx-ss-mine-valid" data-testid="sm-valid">{t('samplingStation.mine.valid', { at: validUntil(d.codeExpiresAt) })}</div>
            </div>
            <section aria-labelledby="sm-results-title">
              <Typography.Text strong id="sm-results-title">{t('samplingStation.mine.results')}</Typography.Text>
              <Results items={d.results} />
            </section>
          </div>
        </>
      )}
    </Card>
  );
}
