// 完成随访: closes the open follow-up of a fever report with a short note of what was done.
import { useState } from 'react';
import { Alert, App, Form, Input } from 'antd';
import { Modal } from '../../lib/dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { closeFollowUp, type ReportList, type ReportRow } from './api';
import { formatTemperature } from './temperature';

export function FollowUpModal({ report, onClose }: { report: ReportRow | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { id: string; residentId: string; note: string }) => closeFollowUp(v.id, v.note),
    onSuccess: (r, v) => {
      // Show the new state at once (the person's other open reports were closed with it); the refetch below confirms it.
      const closes = (i: ReportRow) => i.id === v.id || (!!r.alsoClosed && i.residentId === v.residentId && i.followUpStatus === 'open');
      queryClient.setQueriesData<ReportList>({ queryKey: ['self-reports', 'list'] }, (old) =>
        old ? { ...old, items: old.items.map((i) => (closes(i) ? { ...i, followUpStatus: 'done' } : i)) } : old,
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['self-reports'] });
    },
  });

  const close = () => {
    setNote('');
    setNoteError(null);
    mutation.reset();
    onClose();
  };

  const save = () => {
    if (!report) return;
    const text = note.trim();
    if (text.length < 2) {
      setNoteError(t('selfReports.staff.followUpNoteRequired'));
      return;
    }
    mutation.mutate(
      { id: report.id, residentId: report.residentId, note: text },
      {
        onSuccess: (r) => {
          void message.success(r.alsoClosed ? t('selfReports.staff.followUpDoneAlso', { n: r.alsoClosed }) : t('selfReports.staff.followUpDone'));
          close();
        },
      },
    );
  };

  // 409: someone else closed it meanwhile; the list is reloaded and shows the new state.
  const conflict = isApiError(mutation.error) && mutation.error.status === 409;

  return (
    <Modal
      open={report !== null}
      title={report ? t('selfReports.staff.followUpTitle', { name: report.nameMasked }) : ''}
      okText={t('selfReports.staff.followUpSave')}
      cancelText={t('selfReports.staff.cancel')}
      onOk={save}
      onCancel={close}
      confirmLoading={mutation.isPending}
      okButtonProps={{ disabled: conflict }}
      destroyOnHidden
    >
      {report && (
        <p style={{ marginTop: 0 }}>{t('selfReports.staff.followUpInfo', { address: report.address ?? t('registry.restricted.tag'), t: formatTemperature(report.temperature) })}</p>
      )}
      {mutation.isError && (
        <Alert type={conflict ? 'warning' : 'error'} showIcon role="alert" title={errorText(mutation.error, t, i18n.language)} style={{ marginBottom: 12 }} />
      )}
      <Form layout="vertical" onFinish={save} component="div">
        <Form.Item
          label={t('selfReports.staff.followUpNote')}
          htmlFor="rx-follow-up-note"
          validateStatus={noteError ? 'error' : undefined}
          help={noteError ?? undefined}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea
            id="rx-follow-up-note"
            value={note}
            maxLength={500}
            showCount
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder={t('selfReports.staff.followUpPlaceholder')}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteError(null);
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
