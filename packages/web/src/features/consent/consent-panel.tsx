import { useState } from 'react';
import { Button, Collapse, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ConsentStatus, ConsentView } from './api';
import { consentState, when } from './consent.logic';
import { ConsentModal } from './consent.modal';
import { CONSENT_STATE_COLOR } from './use-consent-actions';
import './consent.css';

/** One consent: how, when, under which notice version; its withdrawal; the note. */
export function ConsentFacts({ c }: { c: ConsentView }) {
  const { t } = useTranslation();
  return (
    <div className="rx-consent-facts">
      <div>{t('consent.facts', { method: t(`consent.method.${c.method}`), date: when(c.recordedAt), version: c.noticeVersion })}</div>
      {c.givenBy === 'guardian' && c.guardian && <div data-testid="consent-given-by">{t('consent.guardian.givenBy', { name: c.guardian.nameMasked })}</div>}
      {c.recordedBy !== 'staff' && <Typography.Text type="secondary">{t(`consent.recordedBy.${c.recordedBy}`)}</Typography.Text>}
      {c.note && <Typography.Text type="secondary" className="rx-consent-note">{t('consent.note', { note: c.note })}</Typography.Text>}
      {c.withdrawnAt && c.supersededBy && <div>{t('consent.guardian.superseded', { date: when(c.withdrawnAt) })}</div>}
      {c.withdrawnAt && !c.supersededBy && (
        <div>
          {t('consent.withdrawnFacts', { date: when(c.withdrawnAt), method: t(`consent.withdrawMethod.${c.withdrawMethod ?? 'written'}`) })}
          {c.withdrawnByGuardian && <> · {t('consent.guardian.withdrawnBy', { name: c.withdrawnByGuardian.nameMasked })}</>}
          {c.withdrawNote && <Typography.Text type="secondary" className="rx-consent-note">{t('consent.note', { note: c.withdrawNote })}</Typography.Text>}
        </div>
      )}
    </div>
  );
}

/**
 * The consent status next to the care tags on the resident profile (ADR 0033): the basis, the state (given / to be
 * confirmed / none) with method, date and notice version, the history, and — for staff who edit records — recording a
 * consent or a withdrawal.
 */
export function ConsentSummary({ residentId, name, consent, canWrite, active, onChanged }: {
  residentId: string; name: string; consent: ConsentStatus; canWrite: boolean; active: boolean; onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'record' | 'withdraw' | null>(null);
  const state = consentState(consent);
  const past = consent.history.filter((c) => c.id !== consent.current?.id);
  return (
    <div className="rx-consent" data-testid="consent-summary">
      <Space wrap size={[8, 4]}>
        <Tag color={CONSENT_STATE_COLOR[state]} data-testid="consent-state">{t(`consent.state.${state}`)}</Tag>
        {consent.guardianConsentMissing && <Tag color="orange" data-testid="consent-guardian-missing">{t('consent.guardian.missingTag')}</Tag>}
        <Typography.Text type="secondary" className="rx-consent-basis">{t('consent.basis')}</Typography.Text>
      </Space>
      {consent.current ? <ConsentFacts c={consent.current} /> : <Typography.Paragraph type="secondary" className="rx-consent-hint">{t(`consent.stateHint.${state}`)}</Typography.Paragraph>}
      {consent.guardianRequired && (
        <Typography.Paragraph type="secondary" className="rx-consent-hint" data-testid="consent-guardian-hint">
          {consent.guardianConsentMissing
            ? t('consent.guardian.missingHint')
            : consent.guardian ? t('consent.guardian.hint', { name: consent.guardian.nameMasked }) : t('consent.guardian.hintNone')}
        </Typography.Paragraph>
      )}
      {canWrite && (
        <Space wrap className="rx-consent-actions">
          {(!consent.valid || consent.guardianConsentMissing) && active && (
            <Button size="small" icon={<CheckCircleOutlined />} onClick={() => setOpen('record')} data-testid="consent-record">
              {t(consent.guardianRequired ? 'consent.guardian.record' : 'consent.record')}
            </Button>
          )}
          {consent.valid && (
            <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setOpen('withdraw')} data-testid="consent-withdraw">
              {t('consent.withdraw')}
            </Button>
          )}
        </Space>
      )}
      {past.length > 0 && (
        <Collapse
          size="small"
          ghost
          className="rx-consent-history"
          items={[{
            key: 'h',
            label: `${t('consent.history')}（${t('consent.historyCount', { n: past.length })}）`,
            children: (
              <ol className="rx-consent-list">
                {past.map((c) => <li key={c.id}><ConsentFacts c={c} /></li>)}
              </ol>
            ),
          }]}
        />
      )}
      {open && <ConsentModal residentId={residentId} name={name} mode={open} consent={consent} onClose={() => setOpen(null)} onChanged={onChanged} />}
    </div>
  );
}
