import { Button, Descriptions, Tag, Typography } from 'antd';
import { Drawer } from '../../lib/dialog';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../api/types';
import { useIsMobile } from '../../app/use-is-mobile';
import { auditActionLabel, auditObjectLabel, noActorLabel, roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { actorText } from './actor-filter.logic';
import { DisclosedLink } from './disclosures.drawer';
import { OUTCOME_COLORS } from './outcome';
import { useDrawerFocus } from '../../lib/dialog-focus';

/**
 * `onOpenDisclosures`: opens the residents an entry's answer showed (ADR 0046), as the table's link does.
 * `onOnlyActor`: lists everything the entry's actor did (the same time range).
 */
export function AuditDetailDrawer({ row, onClose, onOpenDisclosures, onOnlyActor }: {
  row: AuditRow | null; onClose: () => void; onOpenDisclosures?: (id: number) => void; onOnlyActor?: (actorId: string) => void;
}) {
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const none = <Typography.Text type="secondary">{t('audit.none')}</Typography.Text>;
  const mono = (value: string | null) =>
    value ? (
      <Typography.Text className="rx-mono" copyable>
        {value}
      </Typography.Text>
    ) : (
      none
    );

  return (
    <Drawer
      {...drawerFocus}
      open={row !== null}
      onClose={onClose}
      title={row ? `${t('audit.detail')} #${row.id}` : t('audit.detail')}
      size={isMobile ? '100%' : 560}
      destroyOnHidden
    >
      {row && (
        <div data-testid="audit-detail">
        <Descriptions
          column={1}
          bordered
          size="small"
          styles={{ label: { width: 130 } }}
          items={[
            { key: 'id', label: t('audit.cols.id'), children: `#${row.id}` },
            { key: 'ts', label: t('audit.cols.ts'), children: <time dateTime={row.ts}>{dayjs(row.ts).format('YYYY-MM-DD HH:mm:ss.SSS')}</time> },
            { key: 'actor', label: t('audit.cols.actor'), children: <span data-testid="audit-detail-actor">{actorText(row, t)}</span> },
            {
              key: 'actorId',
              label: t('audit.cols.actorId'),
              children: row.actorId ? (
                <>
                  {mono(row.actorId)}
                  {onOnlyActor && (
                    <div>
                      <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onOnlyActor(row.actorId!)} data-testid="audit-only-actor">
                        {t('audit.onlyThisActor')}
                      </Button>
                    </div>
                  )}
                </>
              ) : (
                noActorLabel(row.actorRole, t)
              ),
            },
            { key: 'actorRole', label: t('audit.cols.actorRole'), children: row.actorRole ? roleLabel(row.actorRole, t) : none },
            {
              key: 'actorOrg',
              label: t('audit.cols.actorOrg'),
              // The unit's name with its id below (the id stays what the chain holds; a deleted unit has no name).
              children: row.actorOrg ? (
                <>
                  {row.actorOrgName && <div data-testid="audit-actor-org-name">{row.actorOrgName}</div>}
                  {mono(row.actorOrg)}
                </>
              ) : (
                none
              ),
            },
            {
              key: 'action',
              label: t('audit.cols.action'),
              children: (
                <>
                  {auditActionLabel(row.action, t)} <Typography.Text code>{row.action}</Typography.Text>
                </>
              ),
            },
            {
              key: 'objectType',
              label: t('audit.cols.objectType'),
              children: row.objectType ? (
                <>
                  {auditObjectLabel(row.objectType, t)} <Typography.Text code>{row.objectType}</Typography.Text>
                </>
              ) : (
                none
              ),
            },
            { key: 'objectId', label: t('audit.cols.objectId'), children: mono(row.objectId) },
            {
              key: 'fields',
              label: t('audit.cols.fields'),
              children: row.fields.length ? row.fields.map((f) => <Tag key={f} className="rx-mono">{f}</Tag>) : none,
            },
            { key: 'count', label: t('audit.cols.count'), children: row.count === null || row.count === undefined ? none : formatCount(row.count, i18n.language) },
            ...(row.disclosed && onOpenDisclosures
              ? [{ key: 'disclosed', label: t('auditDisclosures.detailLabel'), children: <DisclosedLink id={row.id} disclosed={row.disclosed} onOpen={onOpenDisclosures} /> }]
              : []),
            { key: 'purpose', label: t('audit.cols.purpose'), children: row.purpose ?? none },
            { key: 'reason', label: t('audit.cols.reason'), children: row.reason ?? none },
            {
              key: 'outcome',
              label: t('audit.cols.outcome'),
              children: <Tag color={OUTCOME_COLORS[row.outcome]}>{t(`audit.outcomes.${row.outcome}`)}</Tag>,
            },
            { key: 'requestId', label: t('audit.cols.requestId'), children: <span data-testid="audit-detail-request-id">{mono(row.requestId)}</span> },
            ...(row.sessionId !== undefined ? [{ key: 'sessionId', label: t('audit.cols.sessionId'), children: mono(row.sessionId) }] : []),
            { key: 'ip', label: t('audit.cols.ip'), children: mono(row.ip) },
            ...(row.userAgentHash !== undefined ? [{ key: 'userAgentHash', label: t('audit.cols.userAgentHash'), children: mono(row.userAgentHash) }] : []),
            ...(row.severity ? [{ key: 'severity', label: t('audit.cols.severity'), children: t(`audit.severities.${row.severity}`, { defaultValue: row.severity }) }] : []),
            { key: 'hash', label: t('audit.cols.hash'), children: <span data-testid="audit-detail-hash">{mono(row.hash)}</span> },
            { key: 'prevHash', label: t('audit.cols.prevHash'), children: mono(row.prevHash) },
          ]}
        />
        </div>
      )}
    </Drawer>
  );
}
