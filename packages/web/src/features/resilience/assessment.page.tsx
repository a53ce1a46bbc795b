// 韧性评估 — one assessment (resilience:read; ADR 0092): its scores, the capacities' radar, every indicator with its value,
// level and explanation (the numbers it came from) or its manual score and evidence. A draft of the caller's own
// community (resilience:assess) can be computed again, its manual indicators scored (评分) and finalised (定稿).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal, Popconfirm } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { LinkButton } from '../../lib/link-button';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { EVIDENCE_MAX, finalise, getAssessment, getCatalogue, recompute, RESILIENCE_KEY, scoreManual, type Assessment, type Catalogue } from './api';
import { nameIn, unscoredOf, type Row } from './resilience.logic';
import { CapacityRadar, IndicatorsTable, ScoreCards, WeakestList } from './scorecard';

export function AssessmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const cat = useQuery({ queryKey: [...RESILIENCE_KEY, 'catalogue'], queryFn: ({ signal }) => getCatalogue(signal), staleTime: Infinity });
  const q = useQuery({ queryKey: [...RESILIENCE_KEY, 'assessment', id], queryFn: ({ signal }) => getAssessment(id, signal) });
  usePageTitle(q.data ? t('resilience.assessment.title', { period: q.data.period }) : t('resilience.title'));
  const [scoring, setScoring] = useState<Row | null>(null);
  const done = (a: Assessment, text: string) => {
    qc.setQueryData([...RESILIENCE_KEY, 'assessment', id], a);
    void qc.invalidateQueries({ queryKey: [...RESILIENCE_KEY, 'overview'] });
    void message.success(text);
  };
  const again = useMutation({ mutationFn: () => recompute(id, q.data!.version), onSuccess: (a) => done(a, t('resilience.assessment.recomputed')) });
  const fin = useMutation({ mutationFn: () => finalise(id, q.data!.version), onSuccess: (a) => done(a, t('resilience.assessment.finalised')) });
  if (q.isPending || cat.isPending) return <Skeleton active />;
  if (q.isError || cat.isError) return <ErrorAlert error={q.error ?? cat.error} onRetry={() => { void q.refetch(); void cat.refetch(); }} />;
  const a = q.data;
  const c = cat.data;
  const unscored = unscoredOf(a);
  return (
    <div className="rx-rs" data-testid="rs-assessment-page">
      <Link to="/resilience">{t('resilience.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('resilience.assessment.title', { period: a.period })}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={a.status === 'final' ? 'green' : 'blue'} data-testid="rs-status">{t(`resilience.statuses.${a.status}`)}</Tag>
        <span>{t('resilience.assessment.meta', { org: a.org.name, at: shanghaiMinute(a.asOf), status: t(`resilience.statuses.${a.status}`) })}</span>
        {a.finalisedAt && <span>{t('resilience.assessment.finalisedBy', { by: a.finalisedBy ?? '', at: shanghaiMinute(a.finalisedAt) })}</span>}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        {a.canAssess && <Button loading={again.isPending} onClick={() => again.mutate()} data-testid="rs-recompute">{t('resilience.assessment.recompute')}</Button>}
        {a.canAssess && (
          <Popconfirm title={t('resilience.assessment.finaliseConfirm')} onConfirm={() => fin.mutate()} okButtonProps={{ 'data-testid': 'rs-finalise-ok' } as never} disabled={unscored.length > 0}>
            <Button type="primary" disabled={unscored.length > 0} loading={fin.isPending} data-testid="rs-finalise">{t('resilience.assessment.finalise')}</Button>
          </Popconfirm>
        )}
        <LinkButton icon={<FileTextOutlined />} to={`/resilience/assessments/${a.id}/report`} data-testid="rs-report-link">{t('resilience.report')}</LinkButton>
      </Space>
      {a.canAssess && unscored.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('resilience.assessment.unscoredLeft', { n: unscored.length })} data-testid="rs-unscored" />}
      {(again.isError || fin.isError) && <ErrorAlert error={again.error ?? fin.error} />}
      <ScoreCards scores={a.scores} catalogue={c} />
      <div className="rx-rs-grid">
        <section>
          <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.radar')}</Typography.Title>
          <CapacityRadar scores={a.scores} catalogue={c} label={a.period} />
        </section>
        <section>
          <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.weakest')}</Typography.Title>
          <WeakestList a={a} catalogue={c} />
        </section>
      </div>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('resilience.indicators')}</Typography.Title>
      <IndicatorsTable a={a} catalogue={c}
        action={a.canAssess ? (r) => r.kind === 'manual' && (
          <Button size="small" type={r.level === null ? 'primary' : 'default'} onClick={() => setScoring(r)} data-testid={`rs-score-${r.code}`}>{t('resilience.assessment.score')}</Button>
        ) : undefined} />
      {scoring && <ScoreModal a={a} row={scoring} catalogue={c} onClose={() => setScoring(null)} onDone={(x) => { setScoring(null); done(x, t('resilience.assessment.scored')); }} />}
    </div>
  );
}

function ScoreModal({ a, row, catalogue, onClose, onDone }: { a: Assessment; row: Row; catalogue: Catalogue; onClose: () => void; onDone: (a: Assessment) => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  type V = { level?: number; evidence?: string };
  const [form] = Form.useForm<V>();
  const go = useMutation({ mutationFn: (v: V) => scoreManual(a.id, row.code, { version: a.version, level: v.level ?? 0, evidence: (v.evidence ?? '').trim() }), onSuccess: onDone });
  return (
    <Modal open title={t('resilience.assessment.scoreTitle', { name: nameIn(row.indicator.name, i18n.language) })} onCancel={onClose} destroyOnHidden
      okButtonProps={{ loading: go.isPending, 'data-testid': 'rs-score-ok' } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      <Typography.Paragraph type="secondary">{nameIn(row.indicator.measure, i18n.language)}</Typography.Paragraph>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={{ level: t('resilience.assessment.levelField'), evidence: t('resilience.assessment.evidence') }} />}
      <Form form={form} layout="vertical" initialValues={{ level: row.level ?? undefined, evidence: row.evidence ?? '' }}>
        <Form.Item name="level" label={t('resilience.assessment.levelField')} rules={[{ required: true, message: t('resilience.assessment.required') }]}>
          <Select data-testid="rs-level-select" options={catalogue.levels.map((l) => ({ value: l.level, label: `${l.level} · ${nameIn(l, i18n.language)}` }))} />
        </Form.Item>
        <Form.Item name="evidence" label={t('resilience.assessment.evidence')} extra={t('resilience.assessment.evidenceHelp')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('resilience.assessment.required') }]}>
          <Input.TextArea rows={3} maxLength={EVIDENCE_MAX} showCount data-testid="rs-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
