// 访客登记 (public, no sign-in; ADR 0081): the page a gate's poster QR code opens on a visitor's phone — the community
// and gate, then name, mobile, whom they visit (楼栋/房号) and why. The answer is a code for today, shown as a big QR code
// and as text with the day and 「请在卡口出示此码，仅限当日有效」; it is kept on the phone for the day, so opening the
// poster's link again shows it. A field the server refuses (a mobile that is not one, a name that is not a name) is said
// on that field; an unknown gate says so plainly.
import { useState } from 'react';
import { Alert, Button, Form, Input, QRCode, Radio, Result, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { LanguageSwitch } from '../../app/language-switch';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { formFieldErrors } from '../../lib/errors.logic';
import { useMutation } from '../../lib/single-flight';
import { readQuietly, storeQuietly } from '../../lib/storage';
import { getPublicGate, HOST_MAX, registerVisit, VISIT_REASONS, type PublicGate, type VisitBody, type VisitPass, type VisitReason } from './api';
import { keptPass, shanghaiDay, visitPassKey } from './gates.logic';
import './gates.css';

type Values = { name?: string; phone?: string; host?: string; reason?: VisitReason };

export function VisitPage() {
  const { t } = useTranslation();
  usePageTitle(t('gates.visit.title'));
  const { gateId = '' } = useParams();
  const gate = useQuery({ queryKey: ['public-gate', gateId], queryFn: ({ signal }) => getPublicGate(gateId, signal), retry: false });
  const [pass, setPass] = useState<VisitPass | null>(() => keptPass(readQuietly(visitPassKey(gateId)), shanghaiDay(new Date())));
  const notFound = gate.isError && isApiError(gate.error) && gate.error.status === 404;
  return (
    <main className="rx-gt-visit" data-testid="gt-visit-page">
      <div className="rx-gt-visit-top"><LanguageSwitch /></div>
      <h1 className="rx-gt-visit-title">{t('gates.visit.title')}</h1>
      {pass ? (
        <PassView pass={pass} onAgain={() => setPass(null)} />
      ) : gate.isPending ? <Skeleton active /> : notFound ? (
        <Result status="warning" title={t('gates.visit.notFound')} subTitle={t('gates.visit.notFoundHint')} data-testid="gt-visit-notfound" />
      ) : gate.isError ? <ErrorAlert error={gate.error} onRetry={() => void gate.refetch()} /> : !gate.data.open ? (
        <>
          <GateLine gate={gate.data} />
          <Alert type="warning" showIcon title={t('gates.visit.closed')} data-testid="gt-visit-closed" />
        </>
      ) : (
        <VisitForm gate={gate.data} onDone={(p) => {
          storeQuietly(visitPassKey(gateId), JSON.stringify(p));
          setPass(p);
        }} />
      )}
    </main>
  );
}

function GateLine({ gate }: { gate: PublicGate }) {
  const { t } = useTranslation();
  return <p className="rx-gt-visit-at" data-testid="gt-visit-gate">{t('gates.visit.at', { community: gate.communityName, gate: gate.name })}</p>;
}

function VisitForm({ gate, onDone }: { gate: PublicGate; onDone: (p: VisitPass) => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  // A refusal naming the form's fields is said on them only (a visitor reads the field, not a banner with a request id).
  const [onFields, setOnFields] = useState(false);
  const send = useMutation({
    mutationFn: (b: VisitBody) => registerVisit(gate.id, b),
    onSuccess: onDone,
    onError: (e) => {
      const fields = formFieldErrors(e, i18n.language, form.getFieldsError().map((f) => f.name));
      setOnFields(fields.length > 0);
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });
  const labels = { name: t('gates.visit.name'), phone: t('gates.visit.phone'), host: t('gates.visit.host'), reason: t('gates.visit.reason') };
  const submit = (v: Values) => {
    void send.mutateAsync({ name: (v.name ?? '').trim(), phone: (v.phone ?? '').trim(), host: (v.host ?? '').trim(), reason: v.reason ?? 'family' }).catch(() => undefined);
  };
  return (
    <>
      <GateLine gate={gate} />
      {send.isError && !onFields && <ErrorAlert error={send.error} labels={labels} />}
      <Form<Values> form={form} name="visit" layout="vertical" size="large" initialValues={{ reason: 'family' }} onFinish={submit} requiredMark={false}>
        <Form.Item name="name" label={labels.name} rules={[{ required: true, whitespace: true, message: t('gates.visit.nameEmpty') }]}>
          <Input maxLength={20} autoComplete="name" data-testid="gt-visit-name" />
        </Form.Item>
        <Form.Item name="phone" label={labels.phone} rules={[{ required: true, whitespace: true, message: t('gates.visit.phoneEmpty') }]}>
          <Input maxLength={20} type="tel" inputMode="tel" autoComplete="tel" data-testid="gt-visit-phone" />
        </Form.Item>
        <Form.Item name="host" label={labels.host} rules={[{ required: true, whitespace: true, message: t('gates.visit.hostEmpty') }]}>
          <Input maxLength={HOST_MAX} placeholder={t('gates.visit.hostPlaceholder')} data-testid="gt-visit-host" />
        </Form.Item>
        <Form.Item name="reason" label={labels.reason}>
          <Radio.Group aria-label={labels.reason} className="rx-gt-visit-reasons" options={VISIT_REASONS.map((r) => ({ value: r, label: t(`gates.visitReasons.${r}`) }))} data-testid="gt-visit-reason" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('gates.visit.privacy')}</Typography.Paragraph>
        <Button type="primary" size="large" block htmlType="submit" loading={send.isPending} data-testid="gt-visit-submit">{t('gates.visit.submit')}</Button>
      </Form>
    </>
  );
}

function PassView({ pass, onAgain }: { pass: VisitPass; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="rx-gt-pass" data-testid="gt-visit-done" data-code={pass.code}>
      <p className="rx-gt-pass-done" role="status">{t('gates.visit.done')}</p>
      <p className="rx-gt-visit-at">{t('gates.visit.at', { community: pass.communityName, gate: pass.gateName })}</p>
      <QRCode value={pass.code} type="svg" size={240} bordered={false} bgColor="#fff" className="rx-gt-pass-qr" aria-label={t('gates.visit.codeLabel')} data-testid="gt-visit-qr" />
      <div className="rx-gt-pass-code" data-testid="gt-visit-code">{pass.code}</div>
      <p className="rx-gt-pass-show" data-testid="gt-visit-show">{t('gates.visit.show')}</p>
      <p data-testid="gt-visit-date">{t('gates.visit.date', { date: pass.date })}</p>
      <p>{t('gates.visit.who', { name: pass.nameMasked })}</p>
      <Button size="large" onClick={onAgain} data-testid="gt-visit-again">{t('gates.visit.again')}</Button>
    </section>
  );
}
