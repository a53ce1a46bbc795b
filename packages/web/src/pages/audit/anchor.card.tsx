import { useState } from 'react';
import { Alert, Button, Card, Input, Typography } from 'antd';
import { DownloadOutlined, LinkOutlined } from '@ant-design/icons';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { checkAuditAnchor, getAuditAnchor } from '../../api/audit';
import type { AuditAnchor, AuditAnchorCheck } from '../../api/types';
import { errorText } from '../../lib/errors';

/** The anchor as a file: the JSON document, then the one-line form as a comment (what `renxing audit anchor --out` writes). */
function download(anchor: AuditAnchor, line: string) {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(anchor)}\n# ${line}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `renxing-audit-anchor-${anchor.id}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function resultText(r: AuditAnchorCheck, t: TFunction): string {
  // After an audit purge (ADR 0030): the anchored entry was removed, or the anchor is checked against a checkpoint.
  if (r.ok && r.check === 'purged') return t('auditCheckpoints.anchorPurged', { seq: r.checkpoint?.seq, id: r.anchor.id });
  if (r.ok && r.checkpoint) return t('auditCheckpoints.anchorCheckpointOk', { seq: r.checkpoint.seq, id: r.anchor.id, checked: r.checked });
  if (r.reason === 'checkpoint_mismatch') return t('auditCheckpoints.anchorCheckpointMismatch', { seq: r.checkpoint?.seq, id: r.anchor.id });
  if (r.reason === 'purged_too_young') return t('auditCheckpoints.anchorTooYoung', { id: r.anchor.id });
  if (r.check === 'chain' && r.rowId === null) {
    return t('auditCheckpoints.brokenCheckpoint', { seq: /@(\d+)$/.exec(r.reason ?? '')?.[1] ?? '?', reason: r.reason?.replace(/@\d+$/, '') });
  }
  if (r.ok) return t('auditAnchor.ok', { id: r.anchor.id, checked: r.checked });
  if (r.check === 'chain') return t('auditAnchor.chain', { row: r.rowId });
  if (r.check === 'installation') return t('auditAnchor.installation');
  if (r.check === 'row') return t('auditAnchor.row', { id: r.anchor.id });
  return t('auditAnchor.hash', { id: r.anchor.id });
}

/**
 * 链锚 (ADR 0025): the auditor takes the current anchor to keep outside the system, and checks one kept earlier.
 * Taking is a button, not automatic: each read of the anchor is an audited request.
 */
export function AnchorCard() {
  const { t, i18n } = useTranslation();
  const [pasted, setPasted] = useState('');
  const [missing, setMissing] = useState(false);
  const take = useMutation({ mutationFn: getAuditAnchor });
  const check = useMutation({ mutationFn: checkAuditAnchor });

  const onCheck = () => {
    if (!pasted.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    check.mutate(pasted.trim());
  };

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="audit-anchor"
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          <LinkOutlined /> {t('auditAnchor.title')}
        </h2>
      }
    >
      <Typography.Paragraph type="secondary">{t('auditAnchor.intro')}</Typography.Paragraph>
      <Button onClick={() => take.mutate()} loading={take.isPending} data-testid="audit-anchor-take" style={{ marginBottom: 12 }}>
        {take.isPending ? t('auditAnchor.taking') : t('auditAnchor.take')}
      </Button>
      {take.error && <Alert type="error" showIcon title={errorText(take.error, t, i18n.language)} style={{ marginBottom: 12 }} />}
      {take.data && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text strong>
            {t('auditAnchor.current', { id: take.data.anchor.id, time: dayjs(take.data.anchor.ts).format('YYYY-MM-DD HH:mm:ss') })}
          </Typography.Text>
          <Typography.Paragraph
            className="rx-mono"
            data-testid="audit-anchor-line"
            copyable={{ text: take.data.line, tooltips: [t('auditAnchor.copy'), t('auditAnchor.copied')] }}
            style={{ wordBreak: 'normal', overflowWrap: 'anywhere', background: 'rgba(0,0,0,0.04)', padding: '8px 12px', borderRadius: 6, margin: '8px 0' }}
          >
            {take.data.line}
          </Typography.Paragraph>
          <Button icon={<DownloadOutlined />} onClick={() => download(take.data.anchor, take.data.line)}>
            {t('auditAnchor.download')}
          </Button>
        </div>
      )}

      <label htmlFor="audit-anchor-paste" style={{ display: 'block', marginBottom: 4 }}>
        {t('auditAnchor.checkLabel')}
      </label>
      <Input.TextArea
        id="audit-anchor-paste"
        value={pasted}
        onChange={(e) => {
          setPasted(e.target.value);
          if (check.data || check.error) check.reset();
        }}
        placeholder={t('auditAnchor.checkPlaceholder')}
        autoSize={{ minRows: 2, maxRows: 6 }}
        className="rx-mono"
        status={missing ? 'error' : undefined}
        aria-invalid={missing}
        spellCheck={false}
      />
      {missing && <Typography.Text type="danger">{t('auditAnchor.required')}</Typography.Text>}
      <div style={{ marginTop: 8 }}>
        <Button type="primary" onClick={onCheck} loading={check.isPending} data-testid="audit-anchor-check">
          {check.isPending ? t('auditAnchor.checking') : t('auditAnchor.check')}
        </Button>
      </div>
      <div aria-live="polite" style={{ marginTop: check.data || check.error ? 12 : 0 }}>
        {check.data && (
          <Alert
            data-testid="audit-anchor-result"
            type={check.data.ok ? (check.data.check === 'purged' ? 'warning' : 'success') : 'error'}
            showIcon
            title={resultText(check.data, t)}
            description={
              check.data.check === 'purged' ? t('auditCheckpoints.anchorPurgedHint') : check.data.ok ? t('auditAnchor.okHint') : t('auditAnchor.failHint')
            }
          />
        )}
        {check.error && <Alert type="error" showIcon title={errorText(check.error, t, i18n.language)} />}
      </div>
    </Card>
  );
}
