// The public pages of 政务公开与群众监督 (ADR 0086), without sign-in and phone friendly: an area's announcements
// (/public/announcements?org=<code>) and one announcement (/public/announcements/:id); the complaint form
// (/public/complaint?org=<community code>) answering the ticket and the code; following a complaint by ticket and code
// (/public/track) — its state, due time, the public replies, and only the reporter's own masked mobile.
import { useState } from 'react';
import { Alert, Button, Empty, Form, Input, Result, Select, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PublicTopBar } from '../../app/public-top-bar';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { publicAnnouncement, publicAnnouncements, publicAreas, submitPublicComplaint, trackComplaint, type Receipt, type Tracking } from './api';
import { usePhotoPick } from '../../lib/photo-pick';
import { ComplaintFields, complaintInput, complaintLabels, type ComplaintValues } from './complaint-fields';
import { normalTicket } from './public-info.logic';
import { at, Body } from './shared';
import './public-info.css';

export function PublicAnnouncementsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const org = params.get('org') ?? '';
  const q = useQuery({ queryKey: ['public-announcements', org], queryFn: ({ signal }) => publicAnnouncements(org, signal), enabled: !!org, retry: false });
  usePageTitle(q.data ? t('publicInfo.public.announcementsTitle', { area: q.data.area.name }) : t('publicInfo.public.announcementsFallback'));
  return (
    <main className="rx-pi-public" data-testid="pi-public-list">
      <PublicTopBar className="rx-pi-public-top" />
      <h1>{q.data ? t('publicInfo.public.announcementsTitle', { area: q.data.area.name }) : t('publicInfo.public.announcementsFallback')}</h1>
      {!org ? <Alert type="info" title={t('publicInfo.public.noOrg')} /> : q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} /> : !q.data.items.length ? (
        <Empty description={t('publicInfo.public.empty')} />
      ) : (
        <ul className="rx-pi-list">
          {q.data.items.map((a) => (
            <li key={a.id} className="rx-card rx-pi-card" data-testid="pi-public-item" data-title={a.title}>
              <h3><Link to={`/public/announcements/${a.id}`}>{a.title}</Link></h3>
              <div className="rx-pi-tags">
                {a.pinned && <Tag color="gold">{t('publicInfo.announcements.pinned')}</Tag>}
                <Tag>{t(`publicInfo.categories.${a.category}`)}</Tag>
                <span className="rx-pi-quiet">{a.orgName} · {at(a.publishedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {org && (
        <p className="rx-pi-quiet" style={{ marginTop: 16 }}>
          <a href={`/api/public/feeds/${org}/rss.xml`}>RSS</a> · <a href={`/api/public/feeds/${org}/feed.json`}>JSON Feed</a>
          {' · '}<Link to={`/public/complaint?org=${org}`}>{t('publicInfo.public.toComplaint')}</Link> · <Link to="/public/track">{t('publicInfo.public.toTrack')}</Link>
        </p>
      )}
    </main>
  );
}

export function PublicAnnouncementPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['public-announcement', id], queryFn: ({ signal }) => publicAnnouncement(id, signal), retry: false });
  usePageTitle(q.data?.title ?? t('publicInfo.public.announcementsFallback'));
  return (
    <main className="rx-pi-public" data-testid="pi-public-item-page">
      <PublicTopBar className="rx-pi-public-top" />
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} /> : (
        <article>
          <h1 data-testid="pi-public-title">{q.data.title}</h1>
          <div className="rx-pi-tags">
            <Tag>{t(`publicInfo.categories.${q.data.category}`)}</Tag>
            <span className="rx-pi-quiet">{q.data.orgName} · {at(q.data.publishedAt)}{q.data.edited ? ` · ${t('publicInfo.public.edited')} ${at(q.data.updatedAt)}` : ''}</span>
          </div>
          <Body text={q.data.body} />
        </article>
      )}
    </main>
  );
}

export function PublicComplaintPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('publicInfo.public.complaintTitle'));
  const [params] = useSearchParams();
  const org = params.get('org') ?? '';
  const [form] = Form.useForm<ComplaintValues>();
  const photo = usePhotoPick();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const areas = useQuery({ queryKey: ['public-areas'], queryFn: ({ signal }) => publicAreas(signal), staleTime: 300_000, enabled: !!org });
  const communityName = areas.data?.items.find((a) => a.code === org && a.level === 'community')?.name;
  const send = useMutation({
    mutationFn: (v: ComplaintValues) => submitPublicComplaint({ communityCode: org, ...complaintInput(v, photo.photo) }),
    onSuccess: setReceipt,
  });
  const labels = { ...complaintLabels(t), communityCode: 'org' };
  return (
    <main className="rx-pi-public" data-testid="pi-complaint-page">
      <PublicTopBar className="rx-pi-public-top" />
      <h1>{t('publicInfo.public.complaintTitle')}</h1>
      {receipt ? (
        <Result status="success" title={t('publicInfo.public.receiptTitle')} data-testid="pi-receipt" extra={<Link to={`/public/track?ticket=${receipt.ticket}`}>{t('publicInfo.public.trackNow')}</Link>}
          subTitle={(
            <div className="rx-pi-receipt">
              <p>{t('publicInfo.public.ticket')}：<strong data-testid="pi-receipt-ticket">{receipt.ticket}</strong></p>
              <p>{t('publicInfo.public.code')}：<strong data-testid="pi-receipt-code">{receipt.code}</strong></p>
              <p>{t('publicInfo.public.due', { at: at(receipt.dueAt) })}</p>
              <Typography.Paragraph type="secondary">{t('publicInfo.public.keep')}</Typography.Paragraph>
            </div>
          )} />
      ) : !org ? <CommunityPicker /> : (
        <>
          {communityName && <Typography.Paragraph strong data-testid="pi-c-community-name">{t('publicInfo.public.community')}：{communityName}</Typography.Paragraph>}
          <Typography.Paragraph type="secondary">{t('publicInfo.public.complaintIntro')}</Typography.Paragraph>
          {send.isError && <ErrorAlert error={send.error} form={form} labels={labels} />}
          <Form<ComplaintValues> form={form} layout="vertical" size="large" name="complaint" requiredMark={false} initialValues={{ category: 'sanitation' }}
            onFinish={(v) => void send.mutateAsync(v).catch(() => undefined)}>
            <ComplaintFields prefix="pi-c" pick={photo} />
            <Button type="primary" size="large" block htmlType="submit" loading={send.isPending} disabled={!!photo.problem} data-testid="pi-c-submit" lang={i18n.language}>
              {t('publicInfo.public.submit')}
            </Button>
          </Form>
        </>
      )}
    </main>
  );
}

/** Without a community in the address (not from a poster's QR code): choose it from the public list of areas. */
function CommunityPicker() {
  const { t } = useTranslation();
  const [, setParams] = useUrlState();
  const areas = useQuery({ queryKey: ['public-areas'], queryFn: ({ signal }) => publicAreas(signal), staleTime: 300_000 });
  if (areas.isPending) return <Skeleton active />;
  if (areas.isError) return <ErrorAlert error={areas.error} onRetry={() => void areas.refetch()} />;
  const names = new Map(areas.data.items.map((a) => [a.code, a.name]));
  const options = areas.data.items.filter((a) => a.level === 'community')
    .map((a) => ({ value: a.code, label: `${a.parentCode ? `${names.get(a.parentCode) ?? ''} · ` : ''}${a.name}` }));
  return (
    <Form layout="vertical" size="large">
      <Form.Item label={t('publicInfo.public.community')} htmlFor="pi-c-community">
        <Select id="pi-c-community" showSearch optionFilterProp="label" options={options} placeholder={t('publicInfo.public.communityHint')}
          onChange={(code: string) => setParams({ org: code })} data-testid="pi-c-community" />
      </Form.Item>
    </Form>
  );
}

export function TrackPage() {
  const { t } = useTranslation();
  usePageTitle(t('publicInfo.public.trackTitle'));
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ ticket?: string; code?: string }>();
  const [result, setResult] = useState<Tracking | null>(null);
  const look = useMutation({
    mutationFn: (v: { ticket?: string; code?: string }) => trackComplaint(normalTicket(v.ticket ?? '') ?? (v.ticket ?? '').trim(), (v.code ?? '').trim()),
    onSuccess: setResult,
  });
  const notFound = look.isError && isApiError(look.error) && look.error.status === 404;
  return (
    <main className="rx-pi-public" data-testid="pi-track-page">
      <PublicTopBar className="rx-pi-public-top" />
      <h1>{t('publicInfo.public.trackTitle')}</h1>
      <Form form={form} layout="vertical" size="large" name="track" initialValues={{ ticket: params.get('ticket') ?? '' }} onFinish={(v) => void look.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="ticket" label={t('publicInfo.public.ticket')} rules={[{ required: true, message: t('publicInfo.public.required') }]}>
          <Input placeholder="TS-20261205-0001" data-testid="pi-t-ticket" />
        </Form.Item>
        <Form.Item name="code" label={t('publicInfo.public.code')} rules={[{ required: true, message: t('publicInfo.public.required') }]}>
          <Input autoComplete="off" data-testid="pi-t-code" />
        </Form.Item>
        <Button type="primary" block htmlType="submit" loading={look.isPending} data-testid="pi-t-submit">{t('publicInfo.public.track')}</Button>
      </Form>
      {notFound ? <Alert style={{ marginTop: 16 }} type="warning" showIcon title={t('publicInfo.public.notFound')} data-testid="pi-t-notfound" /> : look.isError ? <ErrorAlert error={look.error} /> : null}
      {result && (
        <section className="rx-card rx-pi-card" style={{ marginTop: 16 }} data-testid="pi-t-result" data-status={result.status}>
          <h3>{result.ticket} · {t(`publicInfo.complaintCategories.${result.category}`)}</h3>
          <div className="rx-pi-tags"><Tag data-testid="pi-t-status">{t(`publicInfo.complaintStatuses.${result.status}`)}</Tag><span className="rx-pi-quiet">{result.communityName} · {result.place}</span></div>
          <p>{result.description}</p>
          <p className="rx-pi-quiet">{t('publicInfo.public.due', { at: at(result.dueAt) })}</p>
          {result.contactMasked && <p className="rx-pi-quiet">{t('publicInfo.public.yourContact')}：{result.contactMasked}</p>}
          <Typography.Title level={5}>{t('publicInfo.public.replies')}</Typography.Title>
          <ul className="rx-pi-history" data-testid="pi-t-history">
            {result.history.map((h, i) => (
              <li key={i} data-kind={h.kind}><span className="rx-pi-quiet">{at(h.at)} · {t(`publicInfo.events.${h.kind}`, { defaultValue: h.kind })}</span>{h.text && <div>{h.text}</div>}</li>
            ))}
          </ul>
          {!result.history.some((h) => h.kind === 'reply') && <p className="rx-pi-quiet">{t('publicInfo.public.noReplies')}</p>}
        </section>
      )}
    </main>
  );
}
