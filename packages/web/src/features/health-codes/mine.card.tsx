// 我的健康码 on a resident's workbench (self:health; ADR 0082): the colour as a big block in its colour — 绿码, 黄码, 红码,
// or 暂无信息 in grey (no information is not green) — with the reason and since when, the last changes, and for yellow or
// red 我要申诉: a dialog for the reason (5–200 characters, no ID or mobile numbers; the server says the same on the
// field). The appeal's state follows: being handled, upheld (green now) or not upheld with the district's note. An
// account not linked to a household is told so, kindly.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Skeleton, Typography, type ButtonProps } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, FormOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { APPEAL_MAX, APPEAL_MIN, appealMine, MY_HEALTH_KEY, myHealthCode, type MyAppeal, type MyHealthCode } from './api';
import { appealProblem, appealShown, mayAppeal } from './health.logic';
import './health.css';
import { at, colourKey, fullAt, problemText } from './shared';

/** How many of the last changes the card lists. */
const CHANGES_SHOWN = 5;

const noHousehold = (e: unknown) => isApiError(e) && e.status === 404;

type Values = { reason?: string };

function AppealModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (reason: string) => appealMine(reason),
    onSuccess: () => {
      void message.success(t('healthCodes.mine.appealSent'));
      onClose();
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: MY_HEALTH_KEY }),
  });
  const label = t('healthCodes.mine.appealLabel');
  const conflict = isApiError(save.error) && save.error.status === 409
    ? save.error.code === 'already_appealed' ? t('healthCodes.mine.conflict.already')
      : save.error.code === 'nothing_to_appeal' ? t('healthCodes.mine.conflict.nothing') : save.error.localized(i18n.language)
    : null;
  return (
    <Modal
      open
      {...dialogSize}
      title={t('healthCodes.mine.appealTitle')}
      okText={t('healthCodes.mine.appealSubmit')}
      cancelText={t('healthCodes.mine.appealCancel')}
      okButtonProps={{ size, 'data-testid': 'hc-mine-appeal-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('healthCodes.mine.appealHelp')}</Typography.Paragraph>
      {save.isError && (conflict ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflict} data-testid="hc-mine-appeal-conflict" />
      ) : (
        <ErrorAlert error={save.error} form={form} labels={{ reason: label }} />
      ))}
      <Form<Values>
        form={form}
        name="healthAppeal"
        layout="vertical"
        size={size}
        onFinish={(v) => {
          if (!appealProblem(v.reason)) void save.mutateAsync((v.reason ?? '').trim()).catch(() => undefined);
        }}
      >
        <Form.Item
          name="reason"
          label={label}
          required
          rules={[{
            validator: async (_: unknown, v: string | undefined) => {
              const p = appealProblem(v);
              if (p) throw new Error(p === 'empty' ? t('healthCodes.mine.appealEmpty') : problemText(p, t, APPEAL_MAX, APPEAL_MIN));
            },
          }]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea maxLength={APPEAL_MAX} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('healthCodes.mine.appealPlaceholder')} data-testid="hc-mine-appeal-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AppealState({ a }: { a: MyAppeal }) {
  const { t } = useTranslation();
  const icon = a.status === 'open' ? <ClockCircleOutlined /> : a.status === 'upheld' ? <CheckCircleFilled /> : <CloseCircleFilled />;
  const title = a.status === 'open' ? t('healthCodes.mine.appealOpen', { at: at(a.createdAt) })
    : a.status === 'upheld' ? t('healthCodes.mine.appealUpheld') : t('healthCodes.mine.appealRejected');
  return (
    <Alert
      type={a.status === 'open' ? 'info' : a.status === 'upheld' ? 'success' : 'warning'}
      showIcon
      icon={icon}
      title={title}
      description={
        <>
          <div className="rx-hc-note">{t('healthCodes.mine.appealYours', { reason: a.reason })}</div>
          {a.decisionNote && <div className="rx-hc-note" data-testid="hc-mine-appeal-note">{t('healthCodes.mine.appealNote', { note: a.decisionNote })}</div>}
        </>
      }
      style={{ marginTop: 12 }}
      data-testid="hc-mine-appeal"
      data-status={a.status}
    />
  );
}

function Block({ m }: { m: MyHealthCode }) {
  const { t } = useTranslation();
  const k = colourKey(m.colour);
  return (
    <div className={`rx-hc-block rx-hc-block-${k}`} data-testid="hc-mine-block" data-colour={k}>
      <div className="rx-hc-block-word" data-testid="hc-mine-colour">{m.colour ? t(`healthCodes.colours.${m.colour}`) : t('healthCodes.mine.none')}</div>
      {m.colour ? (
        <>
          {m.reasonZh && <div className="rx-hc-block-line" data-testid="hc-mine-reason">{t('healthCodes.mine.reason', { reason: m.reasonZh })}</div>}
          {m.since && <div className="rx-hc-block-line" data-testid="hc-mine-since">{t('healthCodes.mine.since', { at: fullAt(m.since) })}</div>}
        </>
      ) : (
        <div className="rx-hc-block-line">{t('healthCodes.mine.noneHelp')}</div>
      )}
    </div>
  );
}

export function MyHealthCodeCard() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [appealing, setAppealing] = useState(false);
  const q = useQuery({
    queryKey: MY_HEALTH_KEY, queryFn: ({ signal }) => myHealthCode(signal), refetchInterval: 5 * 60_000,
    retry: (n, e) => !(isApiError(e) && e.status === 404) && n < 2,
  });
  const m = q.data;
  const orphan = noHousehold(q.error);
  const shown = appealShown(m);
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('healthCodes.mine.title')}</h2>} className="rx-hc-mine" data-testid="hc-mine">
      {q.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {orphan && <Typography.Paragraph style={{ margin: 0 }} data-testid="hc-mine-no-household">{t('healthCodes.mine.noHousehold')}</Typography.Paragraph>}
      {q.isError && !orphan && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 0 }} />}
      {m && (
        <>
          <Block m={m} />
          {shown && <AppealState a={shown} />}
          {mayAppeal(m) && (
            <div className="rx-hc-mine-appeal" data-testid="hc-mine-may-appeal">
              <Typography.Paragraph style={{ margin: '12px 0 8px' }}>{t('healthCodes.mine.appealHelp')}</Typography.Paragraph>
              <Button size="large" block={isMobile} icon={<FormOutlined />} onClick={() => setAppealing(true)} data-testid="hc-mine-appeal-open">{t('healthCodes.mine.appeal')}</Button>
            </div>
          )}
          {m.history.length > 0 && (
            <section aria-labelledby="hc-mine-changes-title" style={{ marginTop: 16 }}>
              <Typography.Text strong id="hc-mine-changes-title">{t('healthCodes.mine.changes')}</Typography.Text>
              <ul className="rx-hc-plain" data-testid="hc-mine-history">
                {m.history.slice(0, CHANGES_SHOWN).map((h, i) => (
                  <li key={`${h.at}-${i}`} data-testid="hc-mine-change" data-colour={h.colour}>
                    <span className={`rx-hc-dot rx-hc-dot-${h.colour}`} aria-hidden />
                    <strong>{t(`healthCodes.colours.${h.colour}`)}</strong>
                    <span> · {h.reasonZh}</span>
                    <span className="rx-hc-quiet"> · {at(h.at)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {appealing && <AppealModal onClose={() => setAppealing(false)} />}
    </Card>
  );
}
