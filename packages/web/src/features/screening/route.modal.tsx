// 分派 (screening:route): the importer (district, street) sends an entry kept at the list's area to a community of their
// area; a community admin sends one that reached the community to one of its grids. The picker is the app's lazy area
// picker over the caller's area (GET /api/orgs/levels), where only the level this user routes to can be chosen. Sent
// against the version seen (409: changed meanwhile — the entries are read again). Mounted only while open.
import { useState } from 'react';
import { App, Form, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AreaPicker } from '../../lib/area-picker';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { areaLevel, AREAS_KEY, ENTRIES_KEY, LIST_KEY, LISTS_KEY, MINE_KEY, routeEntry, type EntryView, type RouteBody } from './api';

export function RouteModal({ entry, target, onClose }: { entry: EntryView; target: 'community' | 'grid'; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(520);
  const [chosen, setChosen] = useState<{ id: string; label: string } | null>(null);
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: (body: RouteBody) => routeEntry(entry.id, body),
    onSuccess: () => {
      void message.success(t('screening.route.done', { to: chosen?.label ?? '' }));
      onClose();
    },
    onSettled: () => {
      for (const key of [ENTRIES_KEY, MINE_KEY, LISTS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: [...LIST_KEY, entry.listId] });
    },
  });
  const label = target === 'community' ? t('screening.route.toCommunity') : t('screening.route.toGrid');
  const submit = () => {
    if (!chosen) {
      setMissing(true);
      return;
    }
    const body: RouteBody = target === 'community' ? { communityId: chosen.id, version: entry.version } : { gridId: chosen.id, version: entry.version };
    void save.mutateAsync(body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('screening.route.title', { name: entry.nameMasked })}
      okText={t('screening.route.submit')}
      cancelText={t('screening.route.cancel')}
      okButtonProps={{ size, 'data-testid': 'sc-route-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="sc-route-dialog">
        <Typography.Paragraph type="secondary">{target === 'community' ? t('screening.route.communityHelp') : t('screening.route.gridHelp')}</Typography.Paragraph>
        {(entry.address ?? entry.addressMasked) && <Typography.Paragraph>{t('screening.entries.address', { address: entry.address ?? entry.addressMasked })}</Typography.Paragraph>}
        {save.isError && <ErrorAlert error={save.error} labels={{ communityId: label, gridId: label }} />}
        <Form layout="vertical" size={size}>
          <Form.Item label={label} htmlFor="sc-route-to" required validateStatus={missing ? 'error' : undefined} help={missing ? t('screening.route.empty') : undefined}>
            <AreaPicker
              id="sc-route-to"
              loader={areaLevel}
              cacheKey={AREAS_KEY}
              aria-label={label}
              placeholder={t('screening.route.placeholder')}
              selectable={(n) => n.level === target}
              value={chosen?.id}
              onChange={(id, _node, text) => {
                setChosen(id ? { id, label: text ?? '' } : null);
                setMissing(false);
              }}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
