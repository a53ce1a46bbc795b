// 卡口: one card per gate of the area — name, kind, community (for an area above one), grid, location, terminal, the
// rules in words, the notice (a warning while none is posted), a held terminal, and today's in / out / stopped / to
// check. gate:manage adds 新建卡口, 编辑 and 访客二维码 (the poster's QR code, downloaded to print).
import { useRef, useState } from 'react';
import { Alert, Button, Empty, QRCode, Skeleton, Typography } from 'antd';
import { DownloadOutlined, EditOutlined, PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { GATE_LIST_KEY, listGates, type Gate } from './api';
import { policyText, visitUrl } from './gates.logic';
import { GateModal } from './gate.modal';

export function GatesTab({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: GATE_LIST_KEY, queryFn: ({ signal }) => listGates(signal), refetchInterval: 60_000 });
  const [editing, setEditing] = useState<Gate | 'new' | null>(null);
  const [poster, setPoster] = useState<Gate | null>(null);
  const items = q.data?.items ?? [];
  const communities = new Set(items.map((g) => g.communityId));
  return (
    <div data-testid="gt-gates">
      {manage && (
        <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="gt-new" style={{ marginBottom: 16 }}>
          {t('gates.form.create')}
        </Button>
      )}
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : items.length === 0 ? (
        <Empty description={manage ? t('gates.card.emptyManage') : t('gates.card.empty')} />
      ) : (
        <ul className="rx-card-list rx-gt-cards">
          {items.map((g) => (
            <GateCard key={g.id} g={g} manage={manage} showCommunity={communities.size > 1} onEdit={() => setEditing(g)} onPoster={() => setPoster(g)} />
          ))}
        </ul>
      )}
      {editing && <GateModal gate={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {poster && <PosterModal gate={poster} onClose={() => setPoster(null)} />}
    </div>
  );
}

function GateCard({ g, manage, showCommunity, onEdit, onPoster }: { g: Gate; manage: boolean; showCommunity: boolean; onEdit: () => void; onPoster: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatCount(x, i18n.language);
  return (
    <li className="rx-card rx-gt-gate" data-testid="gt-gate" data-id={g.id} data-name={g.name} data-status={g.status}>
      <div className="rx-gt-row">
        <h2 className="rx-gt-name">{g.name}</h2>
        <span className="rx-gt-kind">{t(`gates.kinds.${g.kind}`)}</span>
        {g.status === 'inactive' && <span className="rx-gt-kind rx-gt-off" data-testid="gt-inactive">{t('gates.card.inactive')}</span>}
      </div>
      <dl className="rx-facts rx-gt-facts">
        {showCommunity && <div><dt>{t('gates.card.community')}</dt><dd>{g.communityName}</dd></div>}
        <div><dt>{t('gates.card.grid')}</dt><dd>{g.gridName}</dd></div>
        {g.location && <div><dt>{t('gates.card.location')}</dt><dd>{g.location}</dd></div>}
        <div><dt>{t('gates.card.device')}</dt><dd data-testid="gt-device">{g.deviceId ?? t('gates.card.noDevice')}</dd></div>
        <div><dt>{t('gates.card.policy')}</dt><dd data-testid="gt-policy">{policyText(g.policy, t)}</dd></div>
        {g.signageOn && <div><dt>{t('gates.card.signage')}</dt><dd data-testid="gt-signage">{t('gates.card.signageOn', { date: g.signageOn })}</dd></div>}
      </dl>
      {!g.signageOn && <Alert type="warning" showIcon title={t('gates.card.noSignage')} data-testid="gt-no-signage" className="rx-gt-alert" />}
      {g.deviceHeldAt && <Alert type="error" showIcon title={t('gates.card.held', { n: g.deviceMismatches ?? 0 })} data-testid="gt-held" className="rx-gt-alert" />}
      <div className="rx-gt-today" data-testid="gt-today">
        <span className="rx-gt-today-label">{t('gates.card.today')}</span>
        <span data-testid="gt-today-in">{t('gates.card.in')} <strong>{n(g.today.in)}</strong></span>
        <span data-testid="gt-today-out">{t('gates.card.out')} <strong>{n(g.today.out)}</strong></span>
        <span data-testid="gt-today-deny" className={g.today.deny ? 'rx-gt-deny' : undefined}>{t('gates.card.deny')} <strong>{n(g.today.deny)}</strong></span>
        <span data-testid="gt-today-review" className={g.today.review ? 'rx-gt-review' : undefined}>{t('gates.card.review')} <strong>{n(g.today.review)}</strong></span>
      </div>
      {manage && (
        <div className="rx-card-actions">
          <Button icon={<EditOutlined />} onClick={onEdit} data-testid="gt-edit" aria-label={`${t('gates.card.edit')}：${g.name}`}>{t('gates.card.edit')}</Button>
          <Button icon={<QrcodeOutlined />} onClick={onPoster} data-testid="gt-poster" aria-label={`${t('gates.card.poster')}：${g.name}`}>{t('gates.card.poster')}</Button>
        </div>
      )}
    </li>
  );
}

/** The poster's QR code (the visitor page of this gate), with the address, to download as a picture and print. */
function PosterModal({ gate, onClose }: { gate: Gate; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const url = visitUrl(window.location.origin, gate.id);
  const box = useRef<HTMLDivElement>(null);
  const download = () => {
    const canvas = box.current?.querySelector('canvas');
    if (!canvas) return;
    const a = document.createElement('a');
    a.href = canvas.toDataURL('image/png');
    a.download = `${gate.communityName}-${gate.name}-访客登记.png`;
    a.click();
  };
  return (
    <Modal
      open
      title={t('gates.poster.title', { name: gate.name })}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>{t('gates.poster.close')}</Button>,
        <Button key="download" type="primary" icon={<DownloadOutlined />} onClick={download} data-testid="gt-poster-download">{t('gates.poster.download')}</Button>,
      ]}
      destroyOnHidden
    >
      <div className="rx-gt-poster" ref={box} data-testid="gt-poster-qr" data-url={url}>
        <strong className="rx-gt-poster-heading">{t('gates.poster.heading')}</strong>
        <span>{gate.communityName} · {gate.name}</span>
        <QRCode value={url} size={240} type="canvas" bgColor="#fff" aria-label={t('gates.poster.title', { name: gate.name })} />
        <Typography.Text className="rx-gt-mono" data-testid="gt-poster-url">{url}</Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('gates.poster.hint')}</Typography.Paragraph>
    </Modal>
  );
}
