// 新增采样点 / 编辑 (sampling:manage): name (unique in the community), address, how many stations (采样台, 1–50) and, for
// a site already there, whether it is in use. A change is sent against the version the admin saw: someone else's change
// meanwhile (409 stale_version) is said as an error, the list read again and the form filled with the new values. A
// field the server refuses (a name already used) is named on that field. Mounted only while open.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { ADDRESS_MAX, createSite, SITE_NAME_MAX, SITES_KEY, STATIONS_MAX, STATIONS_MIN, updateSite, type Site, type SiteBody } from './api';
import { siteBody, siteChanges, stationsValid, SubmissionKeys, textProblem } from './sampling.logic';
import { conflictText, isStale, problemText, useDialogSize } from './shared';

type Values = { name?: string; address?: string; stations?: number | null; active?: boolean };

const valuesOf = (s: Site | null): Values => (s ? { name: s.name, address: s.address, stations: s.stations, active: s.active } : { stations: 2, active: true });

export function SiteModal({ site, onClose }: {
  /** The site as the list shows it now (refreshed after a conflict); null to add one. */
  site: Site | null;
  onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const [conflict, setConflict] = useState<unknown>(null);
  const creating = site === null;
  // Someone else changed it: the form shows the new values (the admin checks them and saves again).
  useEffect(() => {
    if (site) form.setFieldsValue(valuesOf(site));
  }, [form, site, site?.version]);

  const save = useMutation({
    mutationFn: async (v: { body: SiteBody; active: boolean }) => {
      if (site === null) return createSite(v.body, keys.current.for(v.body));
      const changes = siteChanges(site, { ...v.body, active: v.active });
      return changes ? updateSite(site.id, changes) : site;
    },
    onMutate: () => setConflict(null),
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t(creating ? 'sampling.site.created' : 'sampling.site.updated', { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: SITES_KEY });
      onClose();
    },
    onError: (e) => {
      if (!isStale(e)) return;
      setConflict(e);
      void queryClient.invalidateQueries({ queryKey: SITES_KEY });
    },
  });
  const labels = {
    name: t('sampling.site.name'), address: t('sampling.site.address'), stations: t('sampling.site.stations'), active: t('sampling.site.active'),
  };
  const submit = (v: Values) => {
    const r = siteBody(v);
    if (!r.ok) return;
    if (site && !siteChanges(site, { ...r.body, active: v.active ?? site.active })) {
      void message.info(t('sampling.site.unchanged'));
      return;
    }
    void save.mutateAsync({ body: r.body, active: v.active ?? true }).catch(() => undefined);
  };
  const text = (max: number, empty: string) => [{
    validator: async (_: unknown, v: string | undefined) => {
      const p = textProblem(v, true, max);
      if (p) throw new Error(p === 'empty' ? empty : problemText(p, t, max));
    },
  }];
  return (
    <Modal
      open
      {...dialogSize}
      title={site === null ? t('sampling.site.createTitle') : t('sampling.site.editTitle', { name: site.name })}
      okText={t('sampling.site.submit')}
      cancelText={t('sampling.site.cancel')}
      okButtonProps={{ size, 'data-testid': 'smp-site-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {conflict !== null ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(conflict, t, i18n.language)} data-testid="smp-site-conflict" />
      ) : save.isError ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<Values> form={form} name="samplingSite" layout="vertical" size={size} initialValues={valuesOf(site)} onFinish={submit}>
        <Form.Item name="name" label={labels.name} required rules={text(SITE_NAME_MAX, t('sampling.site.nameEmpty'))}>
          <Input maxLength={SITE_NAME_MAX} showCount placeholder={t('sampling.site.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={labels.address} required rules={text(ADDRESS_MAX, t('sampling.site.addressEmpty'))}>
          <Input maxLength={ADDRESS_MAX} showCount placeholder={t('sampling.site.addressPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="stations"
          label={labels.stations}
          required
          extra={t('sampling.site.stationsHelp')}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!stationsValid(v)) throw new Error(t('sampling.site.stationsRange')); } }]}
          style={creating ? { marginBottom: 0 } : undefined}
        >
          <InputNumber min={STATIONS_MIN} max={STATIONS_MAX} precision={0} style={{ width: 160 }} inputMode="numeric" suffix={t('sampling.site.stationsUnit') || undefined} />
        </Form.Item>
        {!creating && (
          <Form.Item name="active" label={labels.active} style={{ marginBottom: 0 }} extra={t('sampling.site.activeHelp')}>
            <Radio.Group
              aria-label={labels.active}
              optionType="button"
              buttonStyle="solid"
              options={[{ value: true, label: t('sampling.sites.active') }, { value: false, label: t('sampling.sites.inactive') }]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
