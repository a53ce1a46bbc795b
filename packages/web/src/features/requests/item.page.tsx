// 上级任务 填报 (request:read; request:answer to answer; ADR 0093): each figure the request asks for, pre-filled with what
// the system reads now (its source and the time it was read); a figure changed needs a reason, kept with the answer.
// 填报 saves, 报送 locks it (and the requests merged into it). A merged item links to the one it is answered with.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { answerItem, getItem, REQUESTS_KEY, submitItem } from './api';
import { answerBody, draftProblems, initialDraft, needsReason, type Draft } from './requests.logic';
import { DueTag, figName, unitOf, useZh } from './shared';

export function RequestItemPage() {
  const { t } = useTranslation();
  const zh = useZh();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: [...REQUESTS_KEY, 'item', id], queryFn: ({ signal }) => getItem(id, signal) });
  usePageTitle(q.data?.request.title ?? t('requests.title'));
  const [draft, setDraft] = useState<Draft>({});
  const [tried, setTried] = useState(false);
  useEffect(() => { if (q.data) setDraft(initialDraft(q.data.figures)); }, [q.data]);
  const done = async (d: Awaited<ReturnType<typeof getItem>>, msg: string) => {
    qc.setQueryData([...REQUESTS_KEY, 'item', id], d);
    await qc.invalidateQueries({ queryKey: [...REQUESTS_KEY, 'inbox'] });
    void message.success(msg);
  };
  const save = useMutation({ mutationFn: (v: number) => answerItem(id, { values: answerBody(q.data!.figures, draft), version: v }), onSuccess: (d) => done(d, t('requests.item.saved')) });
  const submit = useMutation({ mutationFn: (v: number) => submitItem(id, { version: v }), onSuccess: (d) => done(d, t('requests.item.done')) });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const it = q.data;
  const problems = draftProblems(it.figures, draft);
  const changed = it.figures.some((f) => draft[f.code]?.value !== (f.answer?.value ?? null) || (draft[f.code]?.reason ?? '') !== (f.answer?.reason ?? ''));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/requests"><ArrowLeftOutlined /> {t('requests.item.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>{it.request.title}</Typography.Title>
      <Space wrap>
        <Tag>{it.request.sourceDept}</Tag>
        <Tag color={it.status === 'submitted' ? 'green' : it.status === 'filled' ? 'gold' : 'default'} data-testid="rq-status">{t(`requests.status.${it.status}`)}</Tag>
        <DueTag deadline={it.request.deadline} status={it.status} />
        <Typography.Text type="secondary">{it.community.name}</Typography.Text>
      </Space>
      {it.request.content && <Typography.Paragraph>{it.request.content}</Typography.Paragraph>}
      {it.mergedInto && (
        <Alert type="info" showIcon data-testid="rq-merged"
          message={<Link to={`/requests/items/${it.mergedInto.itemId}`}>{t('requests.merged', { title: it.mergedInto.title, dept: it.mergedInto.sourceDept })}</Link>} />
      )}
      {it.status === 'submitted' && <Alert type="success" showIcon message={t('requests.item.submitted')} />}
      {(save.isError || submit.isError) && <ErrorAlert error={save.error ?? submit.error} />}
      {it.figures.map((f) => {
        const d = draft[f.code];
        const need = needsReason(f, d);
        return (
          <Card key={f.code} size="small" data-testid={`rq-fig-${f.code}`} title={`${figName(f, zh)}（${unitOf(f, zh)}）`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {f.system && (
                <Typography.Text type="secondary" data-testid="rq-fig-source">
                  {t('requests.item.system')} <b data-testid="rq-fig-system">{f.system.value}</b> · {t('requests.item.source', { source: zh ? f.source.zh : f.source.en, at: shanghaiMinute(f.system.readAt) })}
                </Typography.Text>
              )}
              {it.canAnswer ? (
                <>
                  <InputNumber size="large" min={0} style={{ width: '100%' }} value={d?.value ?? null} data-testid="rq-fig-value" addonBefore={t('requests.item.value')}
                    onChange={(v) => setDraft((x) => ({ ...x, [f.code]: { value: typeof v === 'number' ? v : null, reason: x[f.code]?.reason ?? '' } }))} />
                  {need && (
                    <Input size="large" maxLength={200} placeholder={t('requests.item.reasonHint')} value={d?.reason ?? ''} data-testid="rq-fig-reason"
                      status={tried && !d?.reason.trim() ? 'error' : undefined}
                      onChange={(e) => setDraft((x) => ({ ...x, [f.code]: { value: x[f.code]?.value ?? null, reason: e.target.value } }))} />
                  )}
                </>
              ) : (
                f.answer && <Typography.Text data-testid="rq-fig-answer">{t('requests.item.value')} <b>{f.answer.value}</b></Typography.Text>
              )}
              {f.answer?.reason && <Typography.Text type="warning">{t('requests.item.corrected', { system: f.answer.system, reason: f.answer.reason })}</Typography.Text>}
            </Space>
          </Card>
        );
      })}
      {it.canAnswer && (
        <Space wrap>
          {tried && problems.length > 0 && <Typography.Text type="danger">{t('requests.item.problems')}</Typography.Text>}
          <Button size="large" loading={save.isPending} data-testid="rq-save"
            onClick={() => { setTried(true); if (!problems.length) save.mutate(it.version); }}>{t('requests.item.save')}</Button>
          <Button size="large" type="primary" loading={submit.isPending} disabled={it.status !== 'filled' || changed} data-testid="rq-submit"
            onClick={() => submit.mutate(it.version)}>{t('requests.item.submit')}</Button>
        </Space>
      )}
    </Space>
  );
}
