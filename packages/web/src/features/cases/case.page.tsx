// 病例与密接 · one case (case:read): its code, classification and status, the person (masked), the community (or 非本区
// 居民), the dates, the source case (a link), how the person was infected and the contacts' figures; 修改 for the
// district (case:manage). Then its contacts — the kind, the masked name, ID number, mobile and address, the exposure
// (date · setting), through whom (a 次密接), the case a contact became (a link) or 转为病例, and the follow-up check read
// back from the screening list (未下发 / 待上门核查 / the outcome, whether the registry matched the person, the list's
// link) — with 添加密接 and 生成随访名单 (密接 / 次密接) for the district.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Button, Card, Result, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, SendOutlined, UserAddOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { CASE_KEY, getCase, type CaseView, type ContactKind, type ContactView } from './api';
import { casePath, CASES_PATH, unsentCount } from './cases.logic';
import { ContactModal } from './contact.modal';
import { EditCaseModal } from './edit-case.modal';
import { FollowUpModal } from './follow-up.modal';
import { CheckState, ClassificationTag, Figures, fullAt, KindTag, settingText, StatusTag } from './shared';
import { ToCaseModal } from './to-case.modal';

const REFRESH_MS = 60_000;

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function Facts({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  return (
    <dl className="rx-cs-facts" data-testid="cs-facts">
      <Fact label={t('cases.case.person')} testId="cs-case-name">{c.nameMasked || '—'}</Fact>
      <Fact label={t('cases.case.id')}><span className="rx-cs-mono" data-testid="cs-case-id">{c.idMasked ?? '—'}</span></Fact>
      <Fact label={t('cases.case.community')} testId="cs-case-community">{c.residentId ? c.communityName || '—' : t('cases.case.notLocal')}</Fact>
      <Fact label={t('cases.case.reported')} testId="cs-case-reported">{c.reportedOn}</Fact>
      <Fact label={t('cases.case.onset')} testId="cs-case-onset">{c.onsetOn ?? '—'}</Fact>
      <Fact label={t('cases.case.source')} testId="cs-case-source">
        {c.sourceCaseId && c.sourceCode
          ? (c.sourceVisible ? <Link to={casePath(c.sourceCaseId)} className="rx-cs-mono">{c.sourceCode}</Link> : <span className="rx-cs-mono">{c.sourceCode}</span>)
          : t('cases.case.noSource')}
      </Fact>
      <Fact label={t('cases.case.note')} testId="cs-case-note">{c.exposureNote || t('cases.case.noNote')}</Fact>
      <Fact label={t('cases.case.contacts')}><Figures figures={c.contacts} /></Fact>
    </dl>
  );
}

function Contacts({ c, contacts, manage }: { c: CaseView; contacts: ContactView[]; manage: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [adding, setAdding] = useState(false);
  const [converting, setConverting] = useState<ContactView | null>(null);
  const [sending, setSending] = useState<ContactKind | null>(null);
  const size = isMobile ? 'large' : 'middle';
  const byId = new Map(contacts.map((k) => [k.id, k]));
  const unsent = { close: unsentCount(contacts, 'close'), secondary: unsentCount(contacts, 'secondary') };
  const columns: ColumnsType<ContactView> = [
    { title: t('cases.contacts.cols.kind'), key: 'kind', width: 100, render: (_, k) => <KindTag kind={k.kind} /> },
    {
      title: t('cases.contacts.cols.name'), key: 'name', width: 150,
      render: (_, k) => (
        <div>
          <strong data-testid="cs-contact-name">{k.nameMasked}</strong>
          {k.note && <div className="rx-cs-quiet">{t('cases.contacts.note', { note: k.note })}</div>}
        </div>
      ),
    },
    {
      title: t('cases.contacts.cols.id'), key: 'id', width: 230,
      render: (_, k) => (
        <div>
          <span className="rx-cs-mono" data-testid="cs-contact-id">{k.idMasked ?? '—'}</span>
          {k.phoneMasked && <div className="rx-cs-quiet">{t('cases.contacts.phone', { phone: k.phoneMasked })}</div>}
          {k.addressMasked && <div className="rx-cs-quiet">{t('cases.contacts.address', { address: k.addressMasked })}</div>}
        </div>
      ),
    },
    {
      title: t('cases.contacts.cols.exposure'), key: 'exposure', width: 170,
      render: (_, k) => <span data-testid="cs-contact-exposure">{t('cases.contacts.exposure', { date: k.exposureOn, setting: settingText(k.setting, t) })}</span>,
    },
    {
      title: t('cases.contacts.cols.via'), key: 'via', width: 110,
      render: (_, k) => (k.viaContactId ? <span data-testid="cs-contact-via">{byId.get(k.viaContactId)?.nameMasked ?? '—'}</span> : '—'),
    },
    {
      title: t('cases.contacts.cols.became'), key: 'became', width: 170,
      render: (_, k) => (k.becameCaseId ? (
        <Link to={casePath(k.becameCaseId)} className="rx-cs-mono" aria-label={t('cases.contacts.openBecame', { code: k.becameCaseCode ?? '' })} data-testid="cs-contact-became">
          {t('cases.contacts.becameLink', { code: k.becameCaseCode ?? '—' })}
        </Link>
      ) : manage ? (
        <Button size={size} onClick={() => setConverting(k)} data-testid="cs-contact-to-case">{t('cases.contacts.toCase')}</Button>
      ) : '—'),
    },
    { title: t('cases.contacts.cols.check'), key: 'check', width: 200, render: (_, k) => <CheckState contact={k} /> },
  ];
  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="cs-contacts">
      <div className="rx-cs-head" style={{ marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('cases.case.contactsTitle')}</Typography.Title>
        {manage && (
          <div className="rx-cs-actions">
            <Button type="primary" size={size} icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="cs-add-contact">{t('cases.case.addContact')}</Button>
            <Button size={size} icon={<SendOutlined />} onClick={() => setSending('close')} data-testid="cs-follow-up-close" data-unsent={unsent.close}>
              {t('cases.case.followUpClose')}{unsent.close > 0 ? t('cases.case.unsent', { n: unsent.close }) : ''}
            </Button>
            <Button size={size} icon={<SendOutlined />} onClick={() => setSending('secondary')} data-testid="cs-follow-up-secondary" data-unsent={unsent.secondary}>
              {t('cases.case.followUpSecondary')}{unsent.secondary > 0 ? t('cases.case.unsent', { n: unsent.secondary }) : ''}
            </Button>
          </div>
        )}
      </div>
      {manage && <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('cases.case.followUpHelp')}</Typography.Paragraph>}
      <DataTable<ContactView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={contacts}
        locale={{ emptyText: t('cases.contacts.empty') }}
        pagination={contacts.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 1130 }}
        data-testid="cs-contacts-table"
        onRow={(k) => ({ 'data-testid': 'cs-contact', 'data-id': k.id, 'data-kind': k.kind } as HTMLAttributes<HTMLElement>)}
      />
      {adding && <ContactModal c={c} contacts={contacts} onClose={() => setAdding(false)} />}
      {converting && <ToCaseModal c={c} contact={converting} onClose={() => setConverting(null)} />}
      {sending && <FollowUpModal c={c} kind={sending} unsent={unsent[sending]} onClose={() => setSending(null)} />}
    </Card>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const q = useQuery({ queryKey: [...CASE_KEY, id], queryFn: ({ signal }) => getCase(id, signal), refetchInterval: REFRESH_MS });
  const c = q.data?.case;
  usePageTitle(c ? c.code : t('cases.title'));
  const back = (
    <Link to={CASES_PATH}>
      <ArrowLeftOutlined /> {t('cases.case.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (!c) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('cases.case.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const manage = hasPermission(me, 'case:manage');
  return (
    <div data-testid="case-page" data-id={c.id} data-code={c.code}>
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-cs-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }} className="rx-cs-mono" data-testid="cs-case-code">{c.code}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <ClassificationTag classification={c.classification} />
            <StatusTag status={c.status} />
            <span className="rx-cs-quiet">{t('cases.case.created', { at: fullAt(c.createdAt) })}</span>
          </Space>
        </div>
        {manage && <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="cs-edit">{t('cases.case.edit')}</Button>}
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginTop: 12 }} />}
      <Card size="small" style={{ marginTop: 12 }}>
        <Facts c={c} />
      </Card>
      <Contacts c={c} contacts={q.data?.contacts ?? []} manage={manage} />
      {editing && <EditCaseModal c={c} onClose={() => setEditing(false)} />}
    </div>
  );
}
