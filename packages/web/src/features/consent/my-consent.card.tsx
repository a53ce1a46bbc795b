// 我的信息 — the resident's own consent to care services (PIPL Art. 29, ADR 0033): see it, give it online, withdraw it.
// Built for a phone like the rest of the page (one column, large type, full-width buttons).
import { Alert, Button, Checkbox, Skeleton, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useConfirm } from '../../lib/dialog';
import { errorText } from '../../lib/errors';
import { giveMyConsent, myConsent, withdrawMyConsent } from './api';
import { consentState, when } from './consent.logic';
import { ConsentFacts } from './consent-panel';
import { ConsentActionError, ConsentTagFacts } from './portal-parts';
import { CONSENT_STATE_COLOR, useConsentActions } from './use-consent-actions';
import './consent.css';


export function MyConsentCard() {
  const { t, i18n } = useTranslation();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me', 'consent'], queryFn: ({ signal }) => myConsent(signal) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['me', 'consent'] });
    void qc.invalidateQueries({ queryKey: ['me', 'record'] });
  };
  const { agreed, setAgreed, give, withdraw, error } = useConsentActions({
    give: giveMyConsent, withdraw: withdrawMyConsent, givenText: t('consent.mine.done'), withdrawnText: t('consent.mine.withdrawnDone'), onChanged: refresh,
  });

  if (q.isPending) return <section className="rx-panel rx-panel-tight"><Skeleton active paragraph={{ rows: 3 }} /></section>;
  if (q.isError) return <section className="rx-panel rx-panel-tight"><Alert type="error" showIcon title={errorText(q.error, t, i18n.language)} /></section>;
  const c = q.data;
  if (!c.linked) return null;
  const state = consentState(c);
  const confirmWithdraw = () =>
    confirm({
      title: t('consent.mine.withdrawConfirmTitle'),
      content: t('consent.mine.withdrawConfirm'),
      okText: t('consent.mine.withdrawOk'),
      okButtonProps: { danger: true, 'data-testid': 'my-consent-withdraw-ok' } as never,
      cancelText: t('consent.mine.cancel'),
      onOk: () => withdraw.mutateAsync().then(() => undefined),
    });

  return (
    <section className="rx-panel rx-panel-tight" data-testid="my-consent">
      <h2>{t('consent.mine.title')}</h2>
      <p className="rx-hint rx-hint-sm">{t('consent.mine.intro')}</p>
      <p>
        <Tag color={CONSENT_STATE_COLOR[state]} data-testid="my-consent-state">{t(`consent.state.${state}`)}</Tag>{' '}
        {c.current ? t('consent.mine.given', { method: t(`consent.method.${c.current.method}`), date: when(c.current.recordedAt) }) : t(`consent.mine.${state === 'toConfirm' ? 'toConfirm' : 'none'}`)}
      </p>
      <ConsentTagFacts tags={c.tags} />
      <ConsentActionError error={error} />
      {c.valid ? (
        <Button block size="large" danger loading={withdraw.isPending} onClick={confirmWithdraw} data-testid="my-consent-withdraw">
          {t('consent.mine.withdraw')}
        </Button>
      ) : c.guardianRequired ? (
        // Under 14: only the guardian consents (PIPL Art. 31, ADR 0039); the server refuses the child's own consent.
        <Alert type="info" showIcon className="rx-gap" title={t('consent.mine.childBlocked')} data-testid="my-consent-child" />
      ) : (
        <>
          <div className="rx-consent-text">{t('consent.mine.consentText')}</div>
          <p>
            <Link to="/privacy">{t('consent.mine.readNotice')}</Link>
          </p>
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="my-consent-agree" style={{ marginBottom: 12 }}>
            {t('consent.mine.give')}
          </Checkbox>
          <Button type="primary" block size="large" disabled={!agreed} loading={give.isPending} onClick={() => give.mutate(c.noticeVersion)} data-testid="my-consent-give">
            {t('consent.mine.giveConfirm')}
          </Button>
        </>
      )}
      {c.history.filter((h) => h.id !== c.current?.id).length > 0 && (
        <details className="rx-consent-history">
          <summary>{t('consent.mine.history')}</summary>
          <ol className="rx-consent-list">
            {c.history.filter((h) => h.id !== c.current?.id).map((h) => <li key={h.id}><ConsentFacts c={h} /></li>)}
          </ol>
        </details>
      )}
    </section>
  );
}
