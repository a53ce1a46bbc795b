// 公告 (announcement:write; ADR 0086): the announcements of one's org and the orgs below — 写公告 (now, at a time, or a
// draft), 编辑 (a new version), 发布 a draft, 撤回 with a reason — and the links to the public page and the RSS feed.
import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Empty, Form, Input, Radio, Select, Skeleton, Tag, Typography } from 'antd';
import { HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { useMe } from '../../auth/session';
import { Drawer, Modal } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import {
  ANNOUNCEMENT_CATEGORIES, ANNOUNCEMENTS_KEY, announcementVersions, BODY_MAX, createAnnouncement, listAnnouncements, publishAnnouncement, TITLE_MAX, updateAnnouncement, withdrawAnnouncement,
  type Announcement, type AnnouncementCategory,
} from './api';
import { versionChanges } from './public-info.logic';
import { at } from './shared';

const STATUS_COLOURS = { draft: 'default', scheduled: 'blue', published: 'green', withdrawn: 'red' } as const;
type Dialog = { kind: 'edit'; item: Announcement | null } | { kind: 'withdraw'; item: Announcement } | { kind: 'history'; item: Announcement };

export function AnnouncementsPage() {
  const { t } = useTranslation();
  usePageTitle(t('publicInfo.announcements.title'));
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ANNOUNCEMENTS_KEY, queryFn: ({ signal }) => listAnnouncements(signal) });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const publish = useMutation({
    mutationFn: (a: Announcement) => publishAnnouncement(a.id, a.version),
    onSuccess: () => { void message.success(t('publicInfo.announcements.editor.saved')); void qc.invalidateQueries({ queryKey: ANNOUNCEMENTS_KEY }); },
  });
  return (
    <div className="rx-pi-page" data-testid="pi-announcements-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('publicInfo.announcements.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicInfo.announcements.description')}</Typography.Paragraph>
      <div className="rx-pi-actions" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'edit', item: null })} data-testid="pi-add">{t('publicInfo.announcements.add')}</Button>
        <a href={`/public/announcements?org=${me.org.code}`} target="_blank" rel="noreferrer" data-testid="pi-public-link">{t('publicInfo.announcements.publicPage')}</a>
        <a href={`/api/public/feeds/${me.org.code}/rss.xml`} target="_blank" rel="noreferrer" data-testid="pi-feed-link">{t('publicInfo.announcements.feed')}</a>
      </div>
      {publish.isError && <ErrorAlert error={publish.error} />}
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('publicInfo.announcements.empty')} />
      ) : (
        <ul className="rx-pi-list">
          {q.data.items.map((a) => (
            <li key={a.id} className="rx-card rx-pi-card" data-testid="pi-announcement" data-status={a.status} data-title={a.title}>
              <h3>{a.title}</h3>
              <div className="rx-pi-tags">
                <Tag color={STATUS_COLOURS[a.status]} data-testid="pi-status">{t(`publicInfo.statuses.${a.status}`)}</Tag>
                <Tag>{t(`publicInfo.categories.${a.category}`)}</Tag>
                {a.pinned && <Tag color="gold">{t('publicInfo.announcements.pinned')}</Tag>}
                <span className="rx-pi-quiet">{a.orgName}</span>
              </div>
              <div className="rx-pi-quiet">
                {a.status === 'scheduled' ? t('publicInfo.announcements.scheduledAt', { at: at(a.publishAt) }) : t('publicInfo.announcements.by', { who: a.updatedBy, at: at(a.updatedAt) })}
              </div>
              {a.withdrawReason && <div className="rx-pi-quiet">{t('publicInfo.announcements.withdrawnReason', { reason: a.withdrawReason })}</div>}
              {((a.orgId === me.org.id && a.status !== 'withdrawn') || a.version > 1) && (
                <div className="rx-pi-actions">
                  {a.orgId === me.org.id && a.status !== 'withdrawn' && (
                    <>
                      <Button onClick={() => setDialog({ kind: 'edit', item: a })} data-testid="pi-edit">{t('publicInfo.announcements.edit')}</Button>
                      {a.status === 'draft' && <Button onClick={() => void publish.mutateAsync(a).catch(() => undefined)} data-testid="pi-publish">{t('publicInfo.announcements.publish')}</Button>}
                      <Button danger onClick={() => setDialog({ kind: 'withdraw', item: a })} data-testid="pi-withdraw">{t('publicInfo.announcements.withdraw')}</Button>
                    </>
                  )}
                  {a.version > 1 && <Button type="link" icon={<HistoryOutlined />} onClick={() => setDialog({ kind: 'history', item: a })} data-testid="pi-history-open">{t('publicInfo.announcements.history')}</Button>}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'edit' && <EditorModal item={dialog.item} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'withdraw' && <WithdrawModal item={dialog.item} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && <HistoryDrawer item={dialog.item} onClose={() => setDialog(null)} />}
    </div>
  );
}

type Values = { title?: string; body?: string; category?: AnnouncementCategory; pinned?: boolean; when?: 'now' | 'schedule' | 'draft'; publishAt?: Dayjs };

function EditorModal({ item, onClose }: { item: Announcement | null; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const when = Form.useWatch('when', form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const b = { title: (v.title ?? '').trim(), body: (v.body ?? '').trim(), category: v.category ?? 'notice', pinned: !!v.pinned };
      if (item) return updateAnnouncement(item.id, { ...b, version: item.version });
      return createAnnouncement({ ...b, ...(v.when === 'draft' ? { draft: true } : {}), ...(v.when === 'schedule' && v.publishAt ? { publishAt: v.publishAt.toISOString() } : {}) });
    },
    onSuccess: () => { void message.success(t('publicInfo.announcements.editor.saved')); void qc.invalidateQueries({ queryKey: ANNOUNCEMENTS_KEY }); onClose(); },
  });
  const labels = { title: t('publicInfo.announcements.editor.fieldTitle'), body: t('publicInfo.announcements.editor.body'), category: t('publicInfo.announcements.editor.category') };
  const required = [{ required: true, whitespace: true, message: t('publicInfo.announcements.editor.empty') }];
  return (
    <Modal open width={640} title={t(item ? 'publicInfo.announcements.editor.editTitle' : 'publicInfo.announcements.editor.title')} okText={t('publicInfo.announcements.editor.save')}
      cancelText={t('publicInfo.announcements.editor.cancel')} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden
      okButtonProps={{ 'data-testid': 'pi-editor-save' } as never}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} layout="vertical" name="announcement" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
        initialValues={item ? { title: item.title, body: item.body, category: item.category, pinned: item.pinned } : { category: 'notice', pinned: false, when: 'now' }}>
        <Form.Item name="title" label={labels.title} rules={required}><Input maxLength={TITLE_MAX} data-testid="pi-editor-title" /></Form.Item>
        <Form.Item name="category" label={labels.category}>
          <Select options={ANNOUNCEMENT_CATEGORIES.map((c) => ({ value: c, label: t(`publicInfo.categories.${c}`) }))} data-testid="pi-editor-category" />
        </Form.Item>
        <Form.Item name="body" label={labels.body} extra={t('publicInfo.announcements.editor.bodyHint')} rules={required}>
          <Input.TextArea rows={8} maxLength={BODY_MAX} data-testid="pi-editor-body" />
        </Form.Item>
        <Form.Item name="pinned" valuePropName="checked"><Checkbox>{t('publicInfo.announcements.editor.pinned')}</Checkbox></Form.Item>
        {!item && (
          <Form.Item name="when" label={t('publicInfo.announcements.editor.when')}>
            <Radio.Group options={(['now', 'schedule', 'draft'] as const).map((w) => ({ value: w, label: t(`publicInfo.announcements.editor.${w}`) }))} />
          </Form.Item>
        )}
        {!item && when === 'schedule' && (
          <Form.Item name="publishAt" label={t('publicInfo.announcements.editor.at')} rules={[{ required: true, message: t('publicInfo.announcements.editor.empty') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function WithdrawModal({ item, onClose }: { item: Announcement; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const save = useMutation({
    mutationFn: (v: { reason?: string }) => withdrawAnnouncement(item.id, (v.reason ?? '').trim(), item.version),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ANNOUNCEMENTS_KEY }); onClose(); },
  });
  return (
    <Modal open title={t('publicInfo.announcements.withdrawTitle')} okText={t('publicInfo.announcements.withdraw')} okButtonProps={{ danger: true, 'data-testid': 'pi-withdraw-submit' } as never}
      cancelText={t('publicInfo.announcements.editor.cancel')} confirmLoading={save.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph><strong>{item.title}</strong></Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ reason: t('publicInfo.announcements.withdrawReason') }} />}
      <Form form={form} layout="vertical" name="withdraw" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="reason" label={t('publicInfo.announcements.withdrawReason')} rules={[{ required: true, whitespace: true, message: t('publicInfo.announcements.editor.empty') }]}>
          <Input.TextArea rows={3} maxLength={200} data-testid="pi-withdraw-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 历史版本: every saved text of an announcement, newest first, each with who saved it, when, and what it changed. */
function HistoryDrawer({ item, onClose }: { item: Announcement; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: [...ANNOUNCEMENTS_KEY, 'versions', item.id, item.version], queryFn: ({ signal }) => announcementVersions(item.id, signal) });
  const list = q.data ? versionChanges(q.data.items) : [];
  return (
    <Drawer open width={isMobile ? '100%' : 560} title={t('publicInfo.announcements.historyTitle', { title: item.title })} onClose={onClose} {...drawerFocus}>
      <Typography.Paragraph type="secondary">{t('publicInfo.announcements.historyIntro')}</Typography.Paragraph>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : (
        <ol className="rx-pi-versions" data-testid="pi-history">
          {list.map(({ version: v, changed, original }, i) => (
            <li key={v.version} className="rx-card rx-pi-card" data-testid="pi-version" data-version={v.version}>
              <div className="rx-pi-tags">
                <strong>{t('publicInfo.announcements.historyVersion', { n: v.version })}</strong>
                {i === 0 && <Tag color="green">{t('publicInfo.announcements.historyCurrent')}</Tag>}
                <Tag>{t(`publicInfo.categories.${v.category}`)}</Tag>
                <span className="rx-pi-quiet">{t('publicInfo.announcements.historyBy', { who: v.editedBy, at: at(v.editedAt) })}</span>
              </div>
              <div className="rx-pi-quiet" data-testid="pi-version-changed">
                {original ? t('publicInfo.announcements.historyOriginal') : changed.length
                  ? t('publicInfo.announcements.historyChanged', { parts: changed.map((c) => t(`publicInfo.announcements.historyParts.${c}`)).join(t('publicInfo.listSeparator')) })
                  : t('publicInfo.announcements.historySame')}
              </div>
              <h3>{v.title}</h3>
              <div className="rx-pi-version-body">{v.body}</div>
            </li>
          ))}
        </ol>
      )}
    </Drawer>
  );
}
