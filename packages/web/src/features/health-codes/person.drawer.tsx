// One person's health code (an audited read): the colour, its reason, source and since when, the local signal with its
// reasons (and the mismatch said plainly), and the history as a timeline — each change with the colour before and
// after, the reason, where it came from (上级导入 / 人工赋码), who, the note, when. 赋码 / 转码 for health:assign.
import { useState } from 'react';
import { Alert, Button, Empty, Skeleton, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { getPerson, PERSON_KEY, type HistoryEntry, type Person } from './api';
import { AssignModal } from './assign.modal';
import { ColourTag, colourText, fullAt, LocalSignalView, reasonText, sourceText } from './shared';

function HistoryItem({ h }: { h: HistoryEntry }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-hc-tl rx-hc-tl-${h.colour}`} data-testid="hc-history-item" data-colour={h.colour} data-previous={h.previous ?? ''} data-source={h.source}>
      <div className="rx-hc-tl-head">
        <strong data-testid="hc-history-change">
          {h.previous ? t('healthCodes.person.change', { from: colourText(h.previous, t), to: colourText(h.colour, t) }) : t('healthCodes.person.first', { to: colourText(h.colour, t) })}
        </strong>
        <span className="rx-hc-quiet">{fullAt(h.at)}</span>
      </div>
      <div data-testid="hc-history-reason">{reasonText(h.reasonCode, h.reasonZh, t)} · {sourceText(h.source, t)}</div>
      <div className="rx-hc-quiet">{h.by ? t('healthCodes.person.by', { by: h.by }) : t('healthCodes.person.byImport')}</div>
      {h.note && <div className="rx-hc-note" data-testid="hc-history-note">{t('healthCodes.person.note', { note: h.note })}</div>}
    </li>
  );
}

export function PersonDrawer({ person, mayAssign, onClose }: { person: Person; mayAssign: boolean; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [assigning, setAssigning] = useState(false);
  const q = useQuery({ queryKey: [...PERSON_KEY, person.residentId], queryFn: ({ signal }) => getPerson(person.residentId, signal) });
  const d = q.data;
  return (
    <Drawer
      {...drawerFocus}
      open
      title={t('healthCodes.person.title', { name: person.nameMasked })}
      onClose={onClose}
      size={isMobile ? '100%' : 520}
      closable={{ 'aria-label': t('healthCodes.person.close') }}
      data-testid="hc-person-drawer"
    >
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? <Skeleton active /> : d && (
        <>
          <dl className="rx-facts" data-testid="hc-person-facts">
            <div><dt>{t('healthCodes.person.colour')}</dt><dd><ColourTag colour={d.colour} testId="hc-person-colour" /></dd></div>
            <div><dt>{t('healthCodes.person.reason')}</dt><dd data-testid="hc-person-reason-fact">{d.colour ? reasonText(d.reasonCode, d.reasonZh, t) : '—'}</dd></div>
            <div><dt>{t('healthCodes.person.source')}</dt><dd>{sourceText(d.source, t)}</dd></div>
            <div><dt>{t('healthCodes.person.since')}</dt><dd>{fullAt(d.since)}</dd></div>
            <div><dt>{t('healthCodes.person.id')}</dt><dd className="rx-hc-mono">{d.idMasked}</dd></div>
            <div><dt>{t('healthCodes.person.grid')}</dt><dd>{d.gridName || '—'}</dd></div>
            <div><dt>{t('healthCodes.person.local')}</dt><dd><LocalSignalView local={d.local} testId="hc-person-local" /></dd></div>
          </dl>
          {d.mismatch && <Alert type="warning" showIcon title={t('healthCodes.person.mismatch')} style={{ marginTop: 12 }} data-testid="hc-person-mismatch" />}
          {mayAssign && (
            <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<EditOutlined />} style={{ marginTop: 12 }} onClick={() => setAssigning(true)} data-testid="hc-assign">
              {t('healthCodes.person.assign')}
            </Button>
          )}
          <Typography.Title level={3} style={{ fontSize: 16, margin: '20px 0 8px' }}>{t('healthCodes.person.history')}</Typography.Title>
          {d.history.length === 0 ? (
            <Empty description={t('healthCodes.person.historyEmpty')} />
          ) : (
            <ol className="rx-hc-history" data-testid="hc-history">
              {d.history.map((h, i) => <HistoryItem key={`${h.at}-${i}`} h={h} />)}
            </ol>
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>{t('healthCodes.person.audited')}</Typography.Paragraph>
          {assigning && <AssignModal person={d} onClose={() => setAssigning(false)} />}
        </>
      )}
    </Drawer>
  );
}
