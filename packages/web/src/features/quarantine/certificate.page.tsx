// 解除隔离证明 (quarantine:read): a clean page that prints on A4 — the certificate number, the masked name and ID, the
// community, the policy, the period and when it was released, and the line that it was issued by the system and can be
// checked with the community by its number. 打印 prints it; the app's menu and header and these buttons are left out
// of the print (styles.css, .rx-no-print).
import type { ReactNode } from 'react';
import { Button, Result, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { CERTIFICATE_KEY, getCertificate, MY_QUARANTINE_KEY, myQuarantine, type Certificate } from './api';
import { orderPath } from './notice.logic';
import { fullAt, policyText } from './shared';

/** The certificate itself (also shown to the resident from their card's link: the same route). */
export function CertificateSheet({ c }: { c: Certificate }) {
  const { t } = useTranslation();
  const policy = policyText({ policyName: c.policyName }, t);
  const rows: Array<[string, string, string]> = [
    ['number', t('quarantine.certificate.number'), c.certificateNo],
    ['name', t('quarantine.certificate.name'), c.nameMasked],
    ['id', t('quarantine.certificate.id'), c.idMasked],
    ['community', t('quarantine.certificate.community'), c.communityName],
    ['policy', t('quarantine.certificate.policy'), policy],
    ['period', t('quarantine.certificate.period'), t('quarantine.period', { from: c.startDate, to: c.endDate })],
    ['released', t('quarantine.certificate.released'), fullAt(c.releasedAt)],
  ];
  return (
    <article className="rx-qr-cert" data-testid="qr-certificate">
      <h1 className="rx-qr-cert-title">{t('quarantine.certificate.title')}</h1>
      <p className="rx-qr-cert-no" data-testid="qr-cert-no">{t('quarantine.certificate.number')}：<span className="rx-qr-mono">{c.certificateNo}</span></p>
      <table className="rx-qr-cert-table">
        <tbody>
          {rows.map(([key, label, value]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td data-testid={`qr-cert-${key}`} className={key === 'number' || key === 'id' ? 'rx-qr-mono' : undefined}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="rx-qr-cert-body" data-testid="qr-cert-body">{t('quarantine.certificate.body', { policy })}</p>
      <p className="rx-qr-cert-community">{c.communityName}</p>
      <p className="rx-qr-cert-footer" data-testid="qr-cert-footer">{t('quarantine.certificate.footer')}</p>
    </article>
  );
}

function PrintBar({ back }: { back: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Space wrap className="rx-no-print" style={{ marginBottom: 16 }}>
      {back}
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="qr-cert-print">{t('quarantine.certificate.print')}</Button>
    </Space>
  );
}

export function CertificatePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('quarantine.certificate.title'));
  const q = useQuery({ queryKey: [...CERTIFICATE_KEY, id], queryFn: ({ signal }) => getCertificate(id, signal) });
  const back = (
    <Link to={orderPath(id)}>
      <ArrowLeftOutlined /> {t('quarantine.certificate.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !q.data) {
    if (isApiError(q.error) && (q.error.status === 404 || q.error.status === 409)) {
      return <Result status="404" subTitle={t(q.error.status === 409 ? 'quarantine.certificate.notReleased' : 'quarantine.certificate.notFound')} extra={back} />;
    }
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  return (
    <div data-testid="quarantine-certificate-page">
      <PrintBar back={back} />
      <CertificateSheet c={q.data} />
    </div>
  );
}

/**
 * The resident's own 解除隔离证明 (self:quarantine), from their card: the last released order's certificate as
 * GET /api/me/quarantine sends it (it names no order, and the order's route needs quarantine:read).
 */
export function MyCertificatePage() {
  const { t } = useTranslation();
  usePageTitle(t('quarantine.certificate.title'));
  const q = useQuery({ queryKey: MY_QUARANTINE_KEY, queryFn: ({ signal }) => myQuarantine(signal) });
  const back = (
    <Link to="/">
      <ArrowLeftOutlined /> {t('quarantine.certificate.backHome')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError) {
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  if (!q.data.certificate) return <Result status="404" subTitle={t('quarantine.certificate.none')} extra={back} />;
  return (
    <div data-testid="quarantine-certificate-page">
      <PrintBar back={back} />
      <CertificateSheet c={q.data.certificate} />
    </div>
  );
}
