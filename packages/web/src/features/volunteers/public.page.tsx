// 志愿者报名 (ADR 0085): the public form, without sign-in and phone first (/public/volunteer?org=<community code>, the address
// the community copies into its WeChat group): community, name, mobile, skills, days and times free, a note; the consent
// sentence; a refusal is shown on the field the server names; the receipt shows the masked name and mobile and 待审核.
import { useState } from 'react';
import { Button, Form, Input, Result, Select, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PublicTopBar } from '../../app/public-top-bar';
import { usePageTitle } from '../../app/use-page-title';
import { RequiredCheckboxGroup } from '../../lib/checkbox-group';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { applyPublic, NAME_MAX, NOTE_MAX, publicForm, type ApplicationReceipt, type Coded } from './api';
import './volunteers.css';

type Values = { communityId?: string; name?: string; phone?: string; skills?: string[]; availability?: { weekdays?: string[]; bands?: string[] }; note?: string };

const optionsOf = (list: readonly Coded[], zh: boolean) => list.map((c) => ({ value: c.code, label: zh ? c.zh : c.en }));

export function PublicVolunteerPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('volunteers.public.title'));
  const zh = i18n.language.startsWith('zh');
  const [params, setParams] = useUrlState();
  const org = params.get('org') ?? undefined;
  const [form] = Form.useForm<Values>();
  const [receipt, setReceipt] = useState<ApplicationReceipt | null>(null);
  const meta = useQuery({ queryKey: ['public-volunteer-form'], queryFn: ({ signal }) => publicForm(signal), staleTime: 300_000 });
  const send = useMutation({
    mutationFn: (v: Values) => applyPublic({
      communityId: v.communityId ?? '', name: (v.name ?? '').trim(), phone: (v.phone ?? '').trim(), skills: v.skills ?? [],
      availability: { weekdays: v.availability?.weekdays ?? [], bands: v.availability?.bands ?? [] }, ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    }),
    onSuccess: (r) => {
      setReceipt(r);
      form.resetFields();
    },
  });
  const labels = {
    communityId: t('volunteers.public.community'), name: t('volunteers.public.name'), phone: t('volunteers.public.phone'), skills: t('volunteers.public.skills'),
    'availability.weekdays': t('volunteers.public.weekdays'), 'availability.bands': t('volunteers.public.bands'), note: t('volunteers.public.note'),
  };
  const required = [{ required: true, whitespace: true, message: t('volunteers.public.required') }];
  const some = [{ required: true, type: 'array' as const, min: 1, message: t('volunteers.public.chooseOne') }];
  return (
    <main className="rx-vol-public" data-testid="vol-public-page">
      <PublicTopBar className="rx-vol-public-top" />
      <h1>{t('volunteers.public.title')}</h1>
      {receipt ? (
        <Result status="success" title={t('volunteers.public.receiptTitle')} data-testid="vol-receipt"
          extra={<Button onClick={() => { setReceipt(null); send.reset(); }}>{t('volunteers.public.again')}</Button>}
          subTitle={(
            <dl className="rx-vol-receipt">
              <div><dt>{t('volunteers.public.receiptCommunity')}</dt><dd>{receipt.communityName}</dd></div>
              <div><dt>{t('volunteers.public.receiptName')}</dt><dd data-testid="vol-receipt-name">{receipt.nameMasked}</dd></div>
              <div><dt>{t('volunteers.public.receiptPhone')}</dt><dd data-testid="vol-receipt-phone">{receipt.phoneMasked}</dd></div>
              <div><dt>{t('volunteers.public.receiptStatus')}</dt><dd data-testid="vol-receipt-status">{t(`volunteers.statuses.${receipt.status}`)}</dd></div>
              <Typography.Paragraph type="secondary">{t('volunteers.public.receiptKeep')}</Typography.Paragraph>
            </dl>
          )} />
      ) : meta.isPending ? <Skeleton active /> : meta.isError ? <ErrorAlert error={meta.error} onRetry={() => void meta.refetch()} /> : (
        <>
          <Typography.Paragraph type="secondary">{t('volunteers.public.intro')}</Typography.Paragraph>
          {send.isError && <ErrorAlert error={send.error} form={form} labels={labels} />}
          <Form<Values> form={form} layout="vertical" size="large" name="volunteer" requiredMark={false}
            initialValues={{ communityId: meta.data.communities.find((c) => c.code === org)?.id }}
            onFinish={(v) => void send.mutateAsync(v).catch(() => undefined)}>
            <Form.Item name="communityId" label={labels.communityId} rules={[{ required: true, message: t('volunteers.public.communityHint') }]}>
              <Select showSearch optionFilterProp="label" placeholder={t('volunteers.public.communityHint')} data-testid="vol-p-community"
                options={meta.data.communities.map((c) => ({ value: c.id, label: c.name }))}
                onChange={(id: string) => setParams({ org: meta.data.communities.find((c) => c.id === id)?.code }, { replace: true })} />
            </Form.Item>
            <Form.Item name="name" label={labels.name} rules={required}>
              <Input maxLength={NAME_MAX} autoComplete="name" data-testid="vol-p-name" />
            </Form.Item>
            <Form.Item name="phone" label={labels.phone} rules={required}>
              <Input type="tel" inputMode="tel" maxLength={20} autoComplete="tel" data-testid="vol-p-phone" />
            </Form.Item>
            <Form.Item name="skills" label={labels.skills} rules={some}>
              <RequiredCheckboxGroup aria-label={labels.skills} className="rx-vol-checks" options={optionsOf(meta.data.skills, zh)} data-testid="vol-p-skills" />
            </Form.Item>
            <Form.Item name={['availability', 'weekdays']} label={labels['availability.weekdays']} rules={some}>
              <RequiredCheckboxGroup aria-label={labels['availability.weekdays']} className="rx-vol-checks" options={optionsOf(meta.data.weekdays, zh)} data-testid="vol-p-weekdays" />
            </Form.Item>
            <Form.Item name={['availability', 'bands']} label={labels['availability.bands']} rules={some}>
              <RequiredCheckboxGroup aria-label={labels['availability.bands']} className="rx-vol-checks" options={optionsOf(meta.data.bands, zh)} data-testid="vol-p-bands" />
            </Form.Item>
            <Form.Item name="note" label={labels.note} extra={t('volunteers.public.noteHint')}>
              <Input.TextArea rows={2} maxLength={NOTE_MAX} data-testid="vol-p-note" />
            </Form.Item>
            <Typography.Paragraph type="secondary" className="rx-vol-consent" data-testid="vol-p-consent">{t('volunteers.public.consent')}</Typography.Paragraph>
            <Button type="primary" size="large" block htmlType="submit" loading={send.isPending} data-testid="vol-p-submit">{t('volunteers.public.submit')}</Button>
          </Form>
        </>
      )}
    </main>
  );
}

