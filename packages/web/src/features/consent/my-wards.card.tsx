// 我的信息 — a guardian's consent to care services for their children under 14 (PIPL Art. 31, ADR 0039): each child
// (masked name, age, care tags, consent state) with "give" (checkbox + confirm) or "withdraw" (confirm dialog). Shown
// only when the signed-in resident is the guardian link of at least one child under 14. Phone-first like the page.
import { Alert, Button, Checkbox, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfirm } from '../../lib/dialog';
import { errorText } from '../../lib/errors';
import { giveWardConsent, myWards, withdrawWardConsent, type WardConsent } from './api';
import { consentState, when, wardAction } from './consent.logic';
import { ConsentActionError, ConsentTagFacts } from './portal-parts';
import { CONSENT_STATE_COLOR, useConsentActions } from './use-consent-actions';
import './consent.css';


function WardCard({ ward, noticeVersion, onChanged }: { ward: WardConsent; noticeVersion: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const confirm = useConfirm();
  const c = ward.consent;
  const { agreed, setAgreed, give, withdraw, error } = useConsentActions({
    give: (version) => giveWardConsent(ward.id, version), withdraw: () => withdrawWardConsent(ward.id),
    givenText: t('consent.wards.done'), withdrawnText: t('consent.wards.withdrawnDone'), onChanged,
  });
  const action = wardAction(c);
  const state = consentState(c);
  return (
    <div className="rx-consent-ward" data-testid="ward-consent">
      <h3>
        {ward.nameMasked} <span className="rx-hint rx-hint-sm">{t('consent.wards.age', { age: ward.age })}</span>
      </h3>
      <p>
        <Tag color={CONSENT_STATE_COLOR[state]}>{t(`consent.state.${state}`)}</Tag>
        {c.guardianConsentMissing && <Tag color="orange">{t('consent.guardian.missingTag')}</Tag>}{' '}
        {c.guardianConsentMissing
          ? t('consent.wards.selfRecorded')
          : c.current ? t('consent.wards.given', { method: t(`consent.method.${c.current.method}`), date: when(c.current.recordedAt) }) : t(`consent.wards.${state === 'toConfirm' ? 'toConfirm' : 'none'}`)}
      </p>
      <ConsentTagFacts tags={c.tags} />
      <ConsentActionError error={error} />
      {action === 'give' && (
        <>
          <div className="rx-consent-text">{t('consent.wards.consentText')}</div>
          <p>
            <Link to="/privacy">{t('consent.mine.readNotice')}</Link>
          </p>
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="ward-consent-agree" style={{ marginBottom: 12 }}>
            {t('consent.wards.give')}
          </Checkbox>
          <Button type="primary" block size="large" disabled={!agreed} loading={give.isPending} onClick={() => give.mutate(noticeVersion)} data-testid="ward-consent-give">
            {t('consent.wards.giveConfirm')}
          </Button>
        </>
      )}
      {c.valid && (
        <Button
          block
          size="large"
          danger
          className={action === 'give' ? 'rx-gap' : undefined}
          loading={withdraw.isPending}
          data-testid="ward-consent-withdraw"
          onClick={() =>
            confirm({
              title: t('consent.wards.withdrawConfirmTitle'),
              content: t('consent.wards.withdrawConfirm'),
              okText: t('consent.mine.withdrawOk'),
              okButtonProps: { danger: true } as never,
              cancelText: t('consent.mine.cancel'),
              onOk: () => withdraw.mutateAsync().then(() => undefined),
            })
          }
        >
          {t('consent.wards.withdraw')}
        </Button>
      )}
    </div>
  );
}

export function MyWardsConsentCard() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me', 'wards'], queryFn: ({ signal }) => myWards(signal) });
  if (q.isPending) return null;
  if (q.isError) return <section className="rx-panel rx-panel-tight"><Alert type="error" showIcon title={errorText(q.error, t, i18n.language)} /></section>;
  if (!q.data.linked || q.data.items.length === 0) return null;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['me', 'wards'] });
  return (
    <section className="rx-panel rx-panel-tight" data-testid="my-wards-consent">
      <h2>{t('consent.wards.title')}</h2>
      <p className="rx-hint rx-hint-sm">{t('consent.wards.intro')}</p>
      {q.data.items.map((w) => <WardCard key={w.id} ward={w} noticeVersion={q.data.noticeVersion} onChanged={refresh} />)}
    </section>
  );
}
