// 账号与安全 (security admin, user:manage): staff accounts with their status and whether a second factor is set up;
// new accounts, edits of name / role / org and password resets, each new password shown once (ADR 0017);
// disable / enable with a reason (ADR 0013) and a reset for a lost phone; access keys (API tokens) for devices and
// integrations — issue (the secret is shown once), list, revoke. Disable, enable, reset, issue and revoke need the second
// factor: the API client opens the code dialog by itself (app/mfa-dialog.tsx).
import { Alert, App, Button, Checkbox, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { Drawer, Modal, useConfirm } from '../../lib/dialog';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { KeyOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { useIsMobile } from '../../app/use-is-mobile';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import { roleLabel } from '../../lib/labels';
import {
  createAccount, disableUser, enableUser, endAllSessions, issueApiToken, listAccountOrgs, listApiTokens, listUsers, resetMfa, resetPassword, revokeApiToken, updateAccount,
  type AdminUser, type ApiToken, type OneTimePassword,
} from './api';
import {
  ACCOUNT_ROLES, TOKEN_ROLE, TOKEN_SCOPES, TOKEN_VALIDITY, SCOPE_KEY, accountChanges, expiryFor, isRevocable, isTokenScope, orgsForRole, tokenOrgOptions, tokenActor,
  tokenImpactHref, tokenState,
  type TokenValidity,
} from './security-admin.logic';
import { SecurityAlertsSection } from './security-alerts.section';
import { ErrorAlert } from '../../lib/error-alert';
import { RequiredCheckboxGroup } from '../../lib/checkbox-group';
import { DataTable } from '../../lib/table';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';

export const USERS_PAGE_SIZE = 20;


/** The account's status as a tag (on phones it sits under the name). */
function StatusTag({ status }: { status: AdminUser['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'red'} data-testid="user-status">
      {status === 'active' ? t('securityAdmin.users.active') : t('securityAdmin.users.disabled')}
    </Tag>
  );
}

/** The account still has a one-time password (new or reset): the user must set their own at next login. */
function MustChangeTag() {
  const { t } = useTranslation();
  return (
    <Tag color="orange" data-testid="user-must-change">
      {t('securityAdmin.accounts.mustChange')}
    </Tag>
  );
}

/**
 * Asks for the reason to disable or enable an account and sends it. Server errors (e.g. already disabled by someone
 * else) stay in the dialog with the server's message.
 */
function StatusModal({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const disabling = user.status === 'active';
  const change = useMutation({
    mutationFn: (reason: string) => (disabling ? disableUser(user.id, reason) : enableUser(user.id, reason)),
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={t(disabling ? 'securityAdmin.users.disableTitle' : 'securityAdmin.users.enableTitle', { name: user.displayName })}
      okText={t(disabling ? 'securityAdmin.users.disableOk' : 'securityAdmin.users.enableOk')}
      cancelText={t('securityAdmin.tokens.cancel')}
      okButtonProps={{ danger: disabling, loading: change.isPending, 'data-testid': 'user-status-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type={disabling ? 'warning' : 'info'} showIcon title={t(disabling ? 'securityAdmin.users.disableBody' : 'securityAdmin.users.enableBody')} style={{ marginBottom: 16 }} />
      {change.error && <ErrorAlert error={change.error} />}
      <Form<{ reason: string }> form={form} layout="vertical" onFinish={({ reason }) => change.mutate(reason.trim())}>
        <Form.Item
          name="reason"
          label={t('securityAdmin.users.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('securityAdmin.users.reasonRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={200}
            placeholder={t(disabling ? 'securityAdmin.users.disablePlaceholder' : 'securityAdmin.users.enablePlaceholder')}
            data-testid="user-status-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 全部下线 (ADR 0026): asks why, then signs the user out on every device; the account stays active. Server refusals stay
 * in the dialog.
 */
function SignOutAllModal({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: (ended: number) => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const end = useMutation({ mutationFn: (reason: string) => endAllSessions(user.id, reason), onSuccess: (out) => onDone(out.ended) });
  return (
    <Modal
      open
      title={t('securityAdmin.users.signOutAllTitle', { name: user.displayName })}
      okText={t('securityAdmin.users.signOutAllOk')}
      cancelText={t('securityAdmin.tokens.cancel')}
      okButtonProps={{ danger: true, loading: end.isPending, 'data-testid': 'user-sign-out-all-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('securityAdmin.users.signOutAllBody')} style={{ marginBottom: 16 }} />
      {end.error && <ErrorAlert error={end.error} />}
      <Form<{ reason: string }> form={form} layout="vertical" onFinish={({ reason }) => end.mutate(reason.trim())}>
        <Form.Item name="reason" label={t('securityAdmin.users.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('securityAdmin.users.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('securityAdmin.users.signOutAllPlaceholder')} data-testid="user-sign-out-all-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type AccountForm = { username: string; displayName: string; role: string; orgId: string };

/**
 * New account (no `user`) or edit of one (name, role, org). The org list holds only the orgs in the admin's scope that
 * fit the chosen role; a server refusal (taken username, stale version, …) stays in the drawer, on its field if named.
 */
function AccountDrawer({ user, onClose, onCreated, onSaved }: {
  user: AdminUser | null; onClose: () => void; onCreated: (out: OneTimePassword) => void; onSaved: (u: AdminUser) => void;
}) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<AccountForm>();
  const role = Form.useWatch('role', form) as string | undefined;
  const orgs = useQuery({ queryKey: ['admin', 'account-orgs'], queryFn: ({ signal }) => listAccountOrgs(signal), staleTime: 5 * 60_000 });
  const fitting = orgsForRole(orgs.data?.items ?? [], orgs.data?.roleLevels ?? {}, role);
  const fieldOf = (path: string): keyof AccountForm | null => {
    const f = path.replace(/^body\./, '');
    return f === 'username' || f === 'displayName' || f === 'role' || f === 'orgId' ? f : null;
  };
  const save = useMutation({
    mutationFn: async (v: AccountForm) => {
      type Out = { created?: OneTimePassword; saved?: AdminUser };
      if (!user) return { created: await createAccount({ username: v.username.trim().toLowerCase(), displayName: v.displayName.trim(), role: v.role, orgId: v.orgId }) } as Out;
      const changes = accountChanges(user, v);
      if (Object.keys(changes).length === 0) return {} as Out;
      return { saved: await updateAccount(user.id, { version: user.version, ...changes }) } as Out;
    },
    onSuccess: (out) => {
      if (out.created) onCreated(out.created);
      else if (out.saved) onSaved(out.saved);
      else {
        void message.info(t('securityAdmin.accounts.unchanged'));
        onClose();
      }
    },
    onError: (e) => {
      // A refusal that names a field is shown on the field, in the UI language.
      if (!isApiError(e)) return;
      const fields = e.details.map((d) => ({ name: fieldOf(d.path), errors: [detailText(d, i18n.language)] })).filter((f) => f.name !== null);
      if (fields.length) form.setFields(fields as { name: keyof AccountForm; errors: string[] }[]);
    },
  });
  return (
    <Drawer
      {...drawerFocus}
      open
      title={user ? t('securityAdmin.accounts.editTitle', { name: user.displayName }) : t('securityAdmin.accounts.createTitle')}
      size={isMobile ? '100%' : 480}
      onClose={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="account-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('securityAdmin.accounts.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="account-submit">
            {user ? t('securityAdmin.accounts.save') : t('securityAdmin.accounts.submit')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={user ? t('securityAdmin.accounts.editHint') : t('securityAdmin.accounts.createHint')} style={{ marginBottom: 16 }} />
      {save.error && <ErrorAlert error={save.error} />}
      {orgs.error && <ErrorAlert error={orgs.error} onRetry={() => void orgs.refetch()} />}
      <Form<AccountForm>
        form={form}
        layout="vertical"
        initialValues={user ? { username: user.username, displayName: user.displayName, role: user.role, orgId: user.org.id } : undefined}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={(changed: Partial<AccountForm>) => {
          // A new role may not fit the chosen org: let the admin choose again.
          if ('role' in changed) {
            const orgId = form.getFieldValue('orgId') as string | undefined;
            const levels = orgs.data?.roleLevels[changed.role ?? ''] ?? [];
            const org = orgs.data?.items.find((o) => o.id === orgId);
            if (org && !levels.includes(org.level)) form.setFieldValue('orgId', undefined);
          }
        }}
      >
        <Form.Item
          name="username"
          label={t('securityAdmin.accounts.username')}
          extra={user ? undefined : t('securityAdmin.accounts.usernameHint')}
          rules={user ? [] : [{ required: true, pattern: /^\s*[A-Za-z0-9._-]{3,32}\s*$/, message: t('securityAdmin.accounts.usernameRequired') }]}
        >
          <Input maxLength={32} disabled={user !== null} autoComplete="off" autoCapitalize="none" spellCheck={false} data-testid="account-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('securityAdmin.accounts.displayName')} rules={[{ required: true, whitespace: true, message: t('securityAdmin.accounts.displayNameRequired') }]}>
          <Input maxLength={64} autoComplete="off" data-testid="account-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t('securityAdmin.accounts.role')} rules={[{ required: true, message: t('securityAdmin.accounts.roleRequired') }]}>
          <Select
            options={ACCOUNT_ROLES.map((r) => ({ value: r, label: roleLabel(r, t) }))}
            placeholder={t('securityAdmin.accounts.roleRequired')}
            data-testid="account-role"
          />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('securityAdmin.accounts.org')}
          extra={t('securityAdmin.accounts.orgHint')}
          rules={[{ required: true, message: t('securityAdmin.accounts.orgRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!role}
            placeholder={role ? t('securityAdmin.accounts.orgRequired') : t('securityAdmin.accounts.chooseRoleFirst')}
            loading={orgs.isPending}
            options={fitting.map((o) => ({ value: o.id, label: o.label }))}
            data-testid="account-org"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Asks why a password is reset, then hands the new one-time password up to be shown once. */
function ResetPasswordModal({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: (out: OneTimePassword) => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const reset = useMutation({ mutationFn: (reason: string) => resetPassword(user.id, reason), onSuccess: onDone });
  return (
    <Modal
      open
      title={t('securityAdmin.accounts.resetTitle', { name: user.displayName })}
      okText={t('securityAdmin.accounts.resetOk')}
      cancelText={t('securityAdmin.accounts.cancel')}
      okButtonProps={{ danger: true, loading: reset.isPending, 'data-testid': 'password-reset-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('securityAdmin.accounts.resetBody')} style={{ marginBottom: 16 }} />
      {reset.error && <ErrorAlert error={reset.error} />}
      <Form<{ reason: string }> form={form} layout="vertical" onFinish={({ reason }) => reset.mutate(reason.trim())}>
        <Form.Item name="reason" label={t('securityAdmin.users.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('securityAdmin.users.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('securityAdmin.accounts.resetReasonPlaceholder')} data-testid="password-reset-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The one-time password of a new or reset account, shown once with a copy button; closes only by the button. */
function OneTimePasswordModal({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={value ? t('securityAdmin.accounts.otpTitle', { name: value.user.displayName }) : ''}
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="otp-done">
          {t('securityAdmin.accounts.otpDone')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('securityAdmin.accounts.otpWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>{value ? t('securityAdmin.accounts.otpUser', { username: value.user.username }) : null}</Typography.Paragraph>
      <Typography.Paragraph
        code
        copyable={{ text: value?.oneTimePassword ?? '', tooltips: [t('securityAdmin.accounts.copy'), t('securityAdmin.accounts.copied')] }}
        style={{ wordBreak: 'break-all', fontSize: 20, letterSpacing: 1 }}
        data-testid="otp-value"
      >
        {value?.oneTimePassword}
      </Typography.Paragraph>
    </Modal>
  );
}

function UsersSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const me = useMe();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [changing, setChanging] = useState<AdminUser | null>(null);
  // null: closed; 'new': create; an account: edit it.
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [signingOut, setSigningOut] = useState<AdminUser | null>(null);
  const [oneTime, setOneTime] = useState<OneTimePassword | null>(null);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  const users = useQuery({
    queryKey: ['admin', 'users', page, q],
    queryFn: ({ signal }) => listUsers({ page, pageSize: USERS_PAGE_SIZE, q }, signal),
    placeholderData: keepPreviousData,
  });
  const reset = useMutation({
    mutationFn: (u: AdminUser) => resetMfa(u.id),
    onSuccess: (_v, u) => {
      void message.success(t('securityAdmin.users.resetDone', { name: u.displayName }));
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
  });

  const confirmReset = (u: AdminUser) =>
    void confirm({
      title: t('securityAdmin.users.resetTitle', { name: u.displayName }),
      content: t('securityAdmin.users.resetBody'),
      okText: t('securityAdmin.users.resetOk'),
      okButtonProps: { danger: true },
      cancelText: t('securityAdmin.tokens.cancel'),
      onOk: () => reset.mutateAsync(u).catch(() => undefined),
    });

  const columns: ColumnsType<AdminUser> = [
    { key: 'username', title: t('securityAdmin.users.username'), dataIndex: 'username', render: (v: string) => <span className="rx-mono">{v}</span>, responsive: ['sm'] },
    {
      key: 'name',
      title: t('securityAdmin.users.name'),
      // On a phone the username and the status go under the name instead of their own columns.
      render: (_, u) =>
        isMobile ? (
          <>
            <div>{u.displayName}</div>
            <Typography.Text type="secondary" className="rx-mono" style={{ fontSize: 13 }}>
              {u.username}
            </Typography.Text>
            <div style={{ marginTop: 4 }}>
              <StatusTag status={u.status} />
              {u.mustChangePassword && <MustChangeTag />}
            </div>
          </>
        ) : (
          u.displayName
        ),
    },
    { key: 'role', title: t('securityAdmin.users.role'), render: (_, u) => roleLabel(u.role, t), responsive: ['md'] },
    { key: 'org', title: t('securityAdmin.users.org'), render: (_, u) => u.org.name, responsive: ['md'] },
    // Hidden exactly where useIsMobile() puts the tag under the name (below antd's md breakpoint).
    {
      key: 'status',
      title: t('securityAdmin.users.status'),
      render: (_, u) => (
        <>
          <StatusTag status={u.status} />
          {u.mustChangePassword && <MustChangeTag />}
        </>
      ),
      responsive: ['md'],
    },
    {
      key: 'mfa',
      title: t('securityAdmin.users.mfa'),
      render: (_, u) => (
        <Tag color={u.mfaEnrolled ? 'green' : undefined} data-testid="user-mfa">
          {u.mfaEnrolled ? t('securityAdmin.users.mfaYes') : t('securityAdmin.users.mfaNo')}
        </Tag>
      ),
    },
    {
      key: 'sessions',
      title: t('securityAdmin.users.sessions'),
      render: (_, u) => <span data-testid="user-sessions">{t('securityAdmin.users.sessionsCount', { count: u.activeSessions ?? 0 })}</span>,
      responsive: ['md'],
    },
    {
      key: 'actions',
      title: t('securityAdmin.users.actions'),
      // Nothing on the admin's own row: disabling or resetting it would end their own session.
      render: (_, u) =>
        u.id === me.id ? null : (
          <Space wrap size={[8, 8]}>
            {u.role !== 'resident' && (
              <Button size={isMobile ? 'middle' : 'small'} onClick={() => setEditing(u)} data-testid="user-edit">
                {t('securityAdmin.accounts.edit')}
              </Button>
            )}
            <Button size={isMobile ? 'middle' : 'small'} onClick={() => setResetting(u)} data-testid="user-password-reset">
              {t('securityAdmin.accounts.resetPassword')}
            </Button>
            {u.status === 'active' ? (
              <Button key="disable" size={isMobile ? 'middle' : 'small'} danger onClick={() => setChanging(u)} data-testid="user-disable">
                {t('securityAdmin.users.disable')}
              </Button>
            ) : (
              <Button key="enable" size={isMobile ? 'middle' : 'small'} onClick={() => setChanging(u)} data-testid="user-enable">
                {t('securityAdmin.users.enable')}
              </Button>
            )}
            {u.status === 'active' && (u.activeSessions ?? 0) > 0 && (
              <Button size={isMobile ? 'middle' : 'small'} danger onClick={() => setSigningOut(u)} data-testid="user-sign-out-all">
                {isMobile ? `${t('securityAdmin.users.signOutAll')} (${u.activeSessions})` : t('securityAdmin.users.signOutAll')}
              </Button>
            )}
            {u.mfaEnrolled && (
              <Button size={isMobile ? 'middle' : 'small'} danger onClick={() => confirmReset(u)} data-testid="user-mfa-reset">
                {t('securityAdmin.users.reset')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <section data-testid="security-users" style={{ marginBottom: 32 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('securityAdmin.users.title')}
        </Typography.Title>
        <Button type="primary" icon={<UserAddOutlined />} size={isMobile ? 'large' : 'middle'} onClick={() => setEditing('new')} data-testid="account-create">
          {t('securityAdmin.accounts.create')}
        </Button>
      </Space>
      <Input.Search
        allowClear
        placeholder={t('securityAdmin.users.search')}
        aria-label={t('securityAdmin.users.search')}
        maxLength={64}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        style={{ maxWidth: 360, marginBottom: 12 }}
        data-testid="user-search"
      />
      {users.error && <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      <DataTable<AdminUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        locale={{ emptyText: t('securityAdmin.users.empty') }}
        pagination={{
          current: page,
          pageSize: USERS_PAGE_SIZE,
          total: users.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('securityAdmin.users.total', { total }),
          onChange: setPage,
        }}
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
      />
      {editing && (
        <AccountDrawer
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(out) => {
            setEditing(null);
            setOneTime(out);
            void message.success(t('securityAdmin.accounts.created', { name: out.user.displayName }));
            reload();
          }}
          onSaved={(u) => {
            setEditing(null);
            void message.success(t('securityAdmin.accounts.saved', { name: u.displayName }));
            reload();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={(out) => {
            setResetting(null);
            setOneTime(out);
            reload();
          }}
        />
      )}
      <OneTimePasswordModal value={oneTime} onClose={() => setOneTime(null)} />
      {signingOut && (
        <SignOutAllModal
          user={signingOut}
          onClose={() => setSigningOut(null)}
          onDone={(ended) => {
            void message.success(t('securityAdmin.users.signOutAllDone', { name: signingOut.displayName, count: ended }));
            setSigningOut(null);
            reload();
          }}
        />
      )}
      {changing && (
        <StatusModal
          user={changing}
          onClose={() => setChanging(null)}
          onDone={() => {
            void message.success(t(changing.status === 'active' ? 'securityAdmin.users.disableDone' : 'securityAdmin.users.enableDone', { name: changing.displayName }));
            setChanging(null);
            void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
            // Keys issued by the account pause or work again with it.
            void queryClient.invalidateQueries({ queryKey: ['admin', 'api-tokens'] });
          }}
        />
      )}
    </section>
  );
}

type IssueForm = { name: string; orgId: string; scopes: string[]; validity: TokenValidity };

function IssueTokenModal({ open, onClose, onIssued }: { open: boolean; onClose: () => void; onIssued: (token: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<IssueForm>();
  // Organisations to choose from: every org of the admin's scope (a device serves any level), the admin's own first,
  // each named by its path ("A社区 / 第一网格": grids have the same names in every community).
  const accountOrgs = useQuery({ queryKey: ['admin', 'account-orgs'], queryFn: ({ signal }) => listAccountOrgs(signal), enabled: open, staleTime: 5 * 60_000 });
  const orgs = tokenOrgOptions({ id: me.org.id, name: me.org.name }, accountOrgs.data?.items ?? []);
  const issue = useMutation({
    mutationFn: (v: IssueForm) =>
      issueApiToken({ name: v.name.trim(), role: TOKEN_ROLE, orgId: v.orgId, scopes: v.scopes, expiresAt: expiryFor(v.validity) }),
    onSuccess: (out) => {
      form.resetFields();
      onIssued(out.token);
    },
  });

  return (
    <Modal
      open={open}
      title={t('securityAdmin.tokens.issue')}
      okText={t('securityAdmin.tokens.submit')}
      cancelText={t('securityAdmin.tokens.cancel')}
      okButtonProps={{ loading: issue.isPending, 'data-testid': 'token-issue-submit' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={() => {
        issue.reset();
        onClose();
      }}
      destroyOnHidden
    >
      {issue.error && <ErrorAlert error={issue.error} />}
      <Form<IssueForm>
        form={form}
        layout="vertical"
        initialValues={{ orgId: me.org.id, scopes: ['device:event'], validity: '90' }}
        onFinish={(v) => issue.mutate(v)}
      >
        <Form.Item name="name" label={t('securityAdmin.tokens.name')} rules={[{ required: true, whitespace: true, message: t('securityAdmin.tokens.nameRequired') }]}>
          <Input maxLength={80} placeholder={t('securityAdmin.tokens.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="orgId" label={t('securityAdmin.tokens.org')} rules={[{ required: true, message: t('securityAdmin.tokens.orgRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={orgs.map((o) => ({ value: o.id, label: o.label }))} loading={accountOrgs.isPending} data-testid="token-org" />
        </Form.Item>
        <Form.Item name="scopes" label={t('securityAdmin.tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('securityAdmin.tokens.scopesRequired') }]}>
          <RequiredCheckboxGroup aria-label={t('securityAdmin.tokens.scopes')} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {TOKEN_SCOPES.map((s) => (
              <Checkbox key={s} value={s}>
                {t(`securityAdmin.tokens.scopeNames.${SCOPE_KEY[s]}`)}
              </Checkbox>
            ))}
          </RequiredCheckboxGroup>
        </Form.Item>
        <Form.Item name="validity" label={t('securityAdmin.tokens.validity')}>
          <Select options={TOKEN_VALIDITY.map((v) => ({ value: v, label: t(`securityAdmin.tokens.validityNames.${v}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SecretModal({ token, onClose }: { token: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={token !== null}
      title={t('securityAdmin.tokens.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-secret-done">
          {t('securityAdmin.tokens.secretDone')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('securityAdmin.tokens.secretWarning')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph
        code
        copyable={{ text: token ?? '', tooltips: [t('securityAdmin.tokens.copy'), t('securityAdmin.tokens.copied')] }}
        style={{ wordBreak: 'break-all', fontSize: 15 }}
        data-testid="token-secret"
      >
        {token}
      </Typography.Paragraph>
    </Modal>
  );
}

function TokensSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [issuing, setIssuing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['admin', 'api-tokens'], queryFn: ({ signal }) => listApiTokens(signal) });
  const canQueryImpact = hasPermission(useMe(), 'impact:query');
  const accountOrgs = useQuery({ queryKey: ['admin', 'account-orgs'], queryFn: ({ signal }) => listAccountOrgs(signal), staleTime: 5 * 60_000 });
  const orgName = new Map((accountOrgs.data?.items ?? []).map((o) => [o.id, o.label]));
  const revoke = useMutation({
    mutationFn: (tok: ApiToken) => revokeApiToken(tok.id),
    onSuccess: () => {
      void message.success(t('securityAdmin.tokens.revokeDone'));
      void queryClient.invalidateQueries({ queryKey: ['admin', 'api-tokens'] });
    },
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
  });
  const when = (iso: string) => dayjs(iso).locale(i18n.language.startsWith('zh') ? 'zh-cn' : 'en').format(t('securityAdmin.tokens.timeFormat'));

  const confirmRevoke = (tok: ApiToken) =>
    void confirm({
      title: t('securityAdmin.tokens.revokeTitle', { name: tok.name }),
      content: t('securityAdmin.tokens.revokeBody'),
      okText: t('securityAdmin.tokens.revokeOk'),
      okButtonProps: { danger: true, 'data-testid': 'token-revoke-ok' } as ButtonProps,
      cancelText: t('securityAdmin.tokens.cancel'),
      onOk: () => revoke.mutateAsync(tok).catch(() => undefined),
    });

  const columns: ColumnsType<ApiToken> = [
    {
      key: 'name',
      title: t('securityAdmin.tokens.name'),
      // The key's id as the impact query takes it (token:<id>), copyable, and a link to that query (ADR 0031 addendum).
      render: (_, tok) => (
        <Space orientation="vertical" size={0}>
          <span>{tok.name}</span>
          <Typography.Text
            type="secondary"
            code
            style={{ fontSize: 12 }}
            copyable={{ text: tokenActor(tok.id), tooltips: [t('securityAdmin.tokens.copyId'), t('securityAdmin.tokens.copied')] }}
            data-testid="token-id"
          >
            {tokenActor(tok.id)}
          </Typography.Text>
          {canQueryImpact && (
            <Link to={tokenImpactHref(tok, new Date())} data-testid="token-impact">
              {t('securityAdmin.tokens.impact')}
            </Link>
          )}
        </Space>
      ),
    },
    {
      key: 'state',
      title: t('securityAdmin.tokens.state'),
      render: (_, tok) => {
        const s = tokenState(tok);
        return (
          <Tag color={s === 'active' ? 'green' : s === 'suspended' ? 'orange' : undefined} data-testid="token-state">
            {t(`securityAdmin.tokens.states.${s}`)}
          </Tag>
        );
      },
    },
    { key: 'org', title: t('securityAdmin.tokens.org'), render: (_, tok) => orgName.get(tok.orgId) ?? '—', responsive: ['md'] },
    {
      key: 'scopes',
      title: t('securityAdmin.tokens.scopes'),
      render: (_, tok) =>
        tok.scopes.map((s) => <Tag key={s}>{isTokenScope(s) ? t(`securityAdmin.tokens.scopeNames.${SCOPE_KEY[s]}`) : s}</Tag>),
      responsive: ['lg'],
    },
    { key: 'created', title: t('securityAdmin.tokens.created'), render: (_, tok) => when(tok.createdAt), responsive: ['md'] },
    { key: 'expires', title: t('securityAdmin.tokens.expires'), render: (_, tok) => (tok.expiresAt ? when(tok.expiresAt) : t('securityAdmin.tokens.never')), responsive: ['md'] },
    { key: 'lastUsed', title: t('securityAdmin.tokens.lastUsed'), render: (_, tok) => (tok.lastUsedAt ? when(tok.lastUsedAt) : t('securityAdmin.tokens.notUsed')), responsive: ['lg'] },
    {
      key: 'actions',
      title: t('securityAdmin.users.actions'),
      render: (_, tok) =>
        isRevocable(tokenState(tok)) ? (
          <Button size="small" danger onClick={() => confirmRevoke(tok)} data-testid="token-revoke">
            {t('securityAdmin.tokens.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <section data-testid="security-tokens">
      <Space style={{ width: '100%', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          <KeyOutlined aria-hidden /> {t('securityAdmin.tokens.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} size={isMobile ? 'large' : 'middle'} onClick={() => setIssuing(true)} data-testid="token-issue">
          {t('securityAdmin.tokens.issue')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('securityAdmin.tokens.intro')}
      </Typography.Paragraph>
      {tokens.error && <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
      <DataTable<ApiToken>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens.data?.items ?? []}
        loading={tokens.isFetching}
        locale={{ emptyText: t('securityAdmin.tokens.empty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(tok) => ({ 'data-testid': `token-row-${tok.name}` }) as React.HTMLAttributes<HTMLElement>}
      />
      <IssueTokenModal
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(token) => {
          setIssuing(false);
          setSecret(token);
          void queryClient.invalidateQueries({ queryKey: ['admin', 'api-tokens'] });
          // Issuing may have set up the admin's own second factor on the way.
          void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
        }}
      />
      <SecretModal token={secret} onClose={() => setSecret(null)} />
    </section>
  );
}

export function SecurityAdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('securityAdmin.title'));
  return (
    <div>
      <Typography.Title level={1} className="rx-page-title">
        {t('securityAdmin.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('securityAdmin.intro')}</Typography.Paragraph>
      <SecurityAlertsSection />
      <UsersSection />
      <TokensSection />
    </div>
  );
}
