// 行政区划 / Areas (org:manage: district staff, system admin; ADR 0022): the caller's area as a tree down to the
// communities; add a street under a district or a community under a street (official code, checked like the orgs
// import), rename, delete an empty one (the server's 409 says what remains). Grids are kept on 地点管理.
import { useMemo, useState } from 'react';
import { App, Button, type ButtonProps, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import { Modal, Popconfirm, useConfirm } from '../../lib/dialog';
import type { FormInstance } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import { createArea, deleteArea, listAreas, renameArea } from './api';
import { buildTree, childLevel, CODE_DIGITS, codeProblem, suggestCode, type TreeNode } from './areas.logic';
import './areas.css';
import { ErrorAlert } from '../../lib/error-alert';
import { useFocusReturn } from '../../lib/dialog-focus';


/** Puts the server's per-field messages (name, code) on the form; false when none applied. */
function applyFieldErrors(form: FormInstance, error: unknown, lang: string): boolean {
  if (!isApiError(error) || !error.details.length) return false;
  const fields = error.details
    .map((d) => ({ name: d.path.replace(/^body\./, ''), errors: [detailText(d, lang)] }))
    .filter((f) => f.name === 'name' || f.name === 'code');
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

const useRefresh = () => {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['orgs'] });
    void queryClient.invalidateQueries({ queryKey: ['registry'] });
    void queryClient.invalidateQueries({ queryKey: ['places'] });
  };
};

type Dialog = { kind: 'add'; parent: TreeNode } | { kind: 'rename'; node: TreeNode } | null;

function AreaDialog({ dialog, onClose }: { dialog: NonNullable<Dialog>; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<{ name: string; code: string }>();
  const [error, setError] = useState<unknown>(null);
  const adding = dialog.kind === 'add';
  const level = adding ? childLevel(dialog.parent.level)! : dialog.node.level;
  const parentCode = adding ? dialog.parent.code : '';
  const save = useMutation({
    mutationFn: (v: { name: string; code: string }) =>
      adding ? createArea({ parentId: dialog.parent.id, code: v.code.trim(), name: v.name.trim() }) : renameArea(dialog.node.id, { name: v.name.trim() }),
    onMutate: () => setError(null),
    onSuccess: () => {
      refresh();
      void message.success(t(adding ? 'areas.added' : 'areas.saved'));
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language)) setError(e);
    },
  });
  const levelName = t(`areas.level.${level}`);
  return (
    <Modal
      open
      destroyOnHidden
      title={adding ? t('areas.addTitle', { parent: dialog.parent.name, level: levelName }) : t('areas.renameTitle', { name: dialog.node.name })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('areas.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="area-save">
            {t(adding ? 'areas.add' : 'areas.save', { level: levelName })}
          </Button>
        </Space>
      }
    >
      {error !== null && <ErrorAlert error={error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: adding ? '' : dialog.node.name, code: adding ? (suggestCode(dialog.parent, dialog.parent.children) ?? parentCode) : '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t('areas.name')} rules={[{ required: true, whitespace: true, message: t('areas.nameRequired') }, { max: 64, message: t('app.tooLong', { max: 64 }) }]}>
          <Input count={{ show: true, max: 64 }} autoComplete="off" data-testid="area-name" />
        </Form.Item>
        {adding && (
          <Form.Item
            name="code"
            label={t('areas.code')}
            extra={t('areas.codeHint', { parent: parentCode })}
            rules={[
              { required: true, whitespace: true, message: t('areas.codeRequired') },
              {
                validator: async (_, v: string | undefined) => {
                  const p = v ? codeProblem(parentCode, v.trim()) : '';
                  if (p) throw new Error(t(`areas.codeProblem.${p}`, { n: parentCode.length + CODE_DIGITS, parent: parentCode }));
                },
              },
            ]}
          >
            <Input inputMode="numeric" maxLength={20} autoComplete="off" data-testid="area-code" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function DeleteArea({ node }: { node: TreeNode }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const refused = useConfirm('error');
  const refresh = useRefresh();
  const del = useMutation({
    mutationFn: () => deleteArea(node.id),
    onSuccess: () => {
      refresh();
      void message.success(t('areas.deleted'));
    },
    onError: (e) => {
      refresh();
      refused({ title: t('areas.deleteRefused'), content: <span data-testid="area-delete-refused">{errorText(e, t, i18n.language)}</span> });
    },
  });
  return (
    <Popconfirm
      title={t('areas.deleteConfirm', { level: t(`areas.level.${node.level}`), name: node.name })}
      description={<span className="rx-areas-confirm">{t('areas.deleteHint')}</span>}
      okText={t('areas.delete')}
      okButtonProps={{ danger: true, 'data-testid': 'area-delete-ok' } as ButtonProps}
      cancelText={t('areas.cancel')}
      onConfirm={() => del.mutateAsync().catch(() => undefined)}
    >
      <Button size="small" type="text" danger icon={<DeleteOutlined />} loading={del.isPending} data-testid="area-delete">
        {t('areas.delete')}
      </Button>
    </Popconfirm>
  );
}

function AreaItem({ node, onDialog }: { node: TreeNode; onDialog: (d: Dialog) => void }) {
  const { t } = useTranslation();
  const child = childLevel(node.level);
  return (
    <li className="rx-areas-item" data-testid={`area-${node.code}`}>
      <div className="rx-areas-row">
        <div className="rx-areas-main">
          <strong>{node.name}</strong>
          <Tag className="rx-areas-level">{t(`areas.level.${node.level}`)}</Tag>
          <Typography.Text type="secondary" className="rx-areas-code">
            {node.code}
          </Typography.Text>
          {node.level === 'community' && <Typography.Text type="secondary">{t('areas.grids', { n: node.grids })}</Typography.Text>}
        </div>
        <Space wrap size={4} className="rx-areas-actions">
          {child && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => onDialog({ kind: 'add', parent: node })} data-testid="area-add">
              {t('areas.add', { level: t(`areas.level.${child}`) })}
            </Button>
          )}
          {node.manageable && (
            <Button size="small" type="text" icon={<EditOutlined />} onClick={() => onDialog({ kind: 'rename', node })} data-testid="area-rename">
              {t('areas.rename')}
            </Button>
          )}
          {node.manageable && <DeleteArea node={node} />}
        </Space>
      </div>
      {node.children.length > 0 && (
        <ul className="rx-areas-children">
          {node.children.map((c) => (
            <AreaItem key={c.id} node={c} onDialog={onDialog} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function AreasPage() {
  const { t } = useTranslation();
  usePageTitle(t('areas.title'));
  const q = useQuery({ queryKey: ['orgs', 'tree'], queryFn: ({ signal }) => listAreas(signal) });
  const tree = useMemo(() => (q.data ? buildTree(q.data.root, q.data.items) : null), [q.data]);
  const [dialog, setDialog] = useState<Dialog>(null);
  return (
    <div className="rx-areas">
      <Typography.Title level={1} className="rx-page-title">
        {t('areas.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('areas.intro')}</Typography.Paragraph>
      {q.error && <ErrorAlert error={q.error} />}
      {q.isPending ? (
        <Spin />
      ) : (
        tree && (
          <>
            <ul className="rx-areas-tree" data-testid="areas-tree">
              <AreaItem node={tree} onDialog={setDialog} />
            </ul>
            {tree.children.length === 0 && <Typography.Paragraph type="secondary">{t('areas.empty')}</Typography.Paragraph>}
          </>
        )
      )}
      {dialog && <AreaDialog key={dialog.kind === 'add' ? `a${dialog.parent.id}` : `r${dialog.node.id}`} dialog={dialog} onClose={() => setDialog(null)} />}
    </div>
  );
}
