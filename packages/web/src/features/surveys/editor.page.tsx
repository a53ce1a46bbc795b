// 新建问卷 / 编辑问卷 (survey:manage; ADR 0077): a draft's title, description, 匿名 (what it means said next to the
// switch), 结果向居民公开, an optional closing time, and its questions — each of a kind (单选 / 多选 / 打分 1–5 / 填空),
// its text, 必答, its options (2–10: added, removed, moved) or the score's end labels; ids q1, q2, … made here. What
// stops a save is shown on its field (ours before sending, the server's by the path it names); a save on a version
// someone else moved on (409) is said with 重新读取. 发布 asks first (发布后题目不能再修改), saving the changes before.
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Radio, Skeleton, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { Popconfirm, useConfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import {
  createSurvey, deleteSurvey, DESCRIPTION_MAX, getSurvey, OPTION_MAX, OPTIONS_MAX, QUESTION_KINDS, QUESTION_TEXT_MAX, QUESTIONS_MAX, SCALE_LABEL_MAX,
  setSurveyState, SURVEYS_KEY, TITLE_MAX, updateSurvey, type QuestionKind, type Survey,
} from './api';
import {
  draftFromSurvey, draftProblems, emptyDraft, isChoice, moveItem, newQuestion, serverFieldErrors, surveyBody, withKind, type Draft, type DraftQuestion,
} from './surveys.logic';
import { problemText } from './shared';

const detailKey = (id: string) => [...SURVEYS_KEY, 'detail', id] as const;
const isStale = (e: unknown) => isApiError(e) && e.status === 409 && e.code === 'stale_version';

export function SurveyEditorPage() {
  const { id } = useParams();
  // A draft saved for the first time moves the address from /surveys/new to /surveys/:id/edit; the editor that saved it
  // stays (same key), so a dialog it has open — 发布这份问卷？ opened before the new address was drawn on a busy machine —
  // is not thrown away with a remount (a CI run's browser test lost its confirm dialog that way).
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  const { t } = useTranslation();
  usePageTitle(t(id ? 'survey.editor.editTitle' : 'survey.editor.newTitle'));
  // Read once: a refetch while someone types would throw their changes away (重新读取 reads again on purpose).
  const q = useQuery({ queryKey: detailKey(id ?? ''), queryFn: ({ signal }) => getSurvey(id!, signal), enabled: !!id, staleTime: Infinity, refetchOnWindowFocus: false });
  if (!id) return <Editor key="new" survey={null} />;
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.status !== 'draft') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('survey.editor.notDraft')}
        action={<Link to={`/surveys/${q.data.id}`}>{q.data.title}</Link>}
        data-testid="sv-not-draft"
      />
    );
  }
  return <Editor key={created ? 'new' : id} survey={q.data} />;
}

function Editor({ survey }: { survey: Survey | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  // The survey as last saved (its version), and what is being written.
  const [base, setBase] = useState<Survey | null>(survey);
  const [draft, setDraft] = useState<Draft>(() => (survey ? draftFromSurvey(survey) : emptyDraft()));
  const [tried, setTried] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const scaleDefaults: [string, string] = [t('survey.editor.scaleLowDefault'), t('survey.editor.scaleHighDefault')];
  const problems = useMemo(() => draftProblems(draft, now), [draft, now]);
  const dirty = !base || JSON.stringify(surveyBody(draft)) !== JSON.stringify(surveyBody(draftFromSurvey(base)));

  const saved = (s: Survey) => {
    setBase(s);
    queryClient.setQueryData(detailKey(s.id), s);
    void queryClient.invalidateQueries({ queryKey: [...SURVEYS_KEY, 'list'] });
  };
  const save = useMutation({
    mutationFn: async (): Promise<Survey> => {
      const body = surveyBody(draft);
      return base ? updateSurvey(base.id, { ...body, version: base.version }) : createSurvey(body);
    },
    onSuccess: (s) => {
      saved(s);
      void message.success(t(base ? 'survey.editor.saved' : 'survey.editor.created'));
      if (!base) void navigate(`/surveys/${s.id}/edit`, { replace: true, state: { created: true } });
    },
  });
  const publish = useMutation({
    mutationFn: async (): Promise<Survey> => {
      let s = base;
      if (!s || dirty) {
        const body = surveyBody(draft);
        s = s ? await updateSurvey(s.id, { ...body, version: s.version }) : await createSurvey(body);
        saved(s);
      }
      return setSurveyState(s.id, 'open', s.version);
    },
    onSuccess: (s) => {
      queryClient.setQueryData(detailKey(s.id), s);
      void queryClient.invalidateQueries({ queryKey: SURVEYS_KEY });
      void message.success(t('survey.editor.published', { title: s.title }));
      void navigate(`/surveys/${s.id}`, { replace: true });
    },
  });
  const remove = useMutation({
    mutationFn: (s: Survey) => deleteSurvey(s.id, s.version),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SURVEYS_KEY });
      void message.success(t('survey.editor.deleted'));
      void navigate('/surveys', { replace: true });
    },
  });
  const reload = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery({ queryKey: detailKey(base.id), queryFn: ({ signal }) => getSurvey(base.id, signal), staleTime: 0 });
    save.reset();
    publish.reset();
    remove.reset();
    if (fresh.status !== 'draft') {
      void navigate(`/surveys/${fresh.id}`, { replace: true });
      return;
    }
    setBase(fresh);
    setDraft(draftFromSurvey(fresh));
  };

  const failed = save.error ?? publish.error ?? remove.error;
  const serverErrors = useMemo(() => serverFieldErrors(failed, i18n.language), [failed, i18n.language]);
  const errs: Record<string, string> = { ...serverErrors };
  if (tried) for (const [path, p] of Object.entries(problems)) errs[path] = problemText(p, t);
  const item = (path: string) => (errs[path] ? { validateStatus: 'error' as const, help: errs[path] } : {});

  // The words of the paths in the banner: 第 2 题 · 选项 1.
  const labels: Record<string, string> = {
    title: t('survey.editor.name'), description: t('survey.editor.description'), closesAt: t('survey.editor.closesAt'), questions: t('survey.editor.questions'),
  };
  draft.questions.forEach((q, i) => {
    const head = t('survey.editor.question', { n: i + 1 });
    labels[`questions.${i}.text`] = `${head} · ${t('survey.editor.text')}`;
    labels[`questions.${i}.options`] = `${head} · ${t('survey.editor.options')}`;
    labels[`questions.${i}.id`] = head;
    q.options.forEach((_, j) => { labels[`questions.${i}.options.${j}`] = `${head} · ${t('survey.editor.option', { n: j + 1 })}`; });
    labels[`questions.${i}.scaleLabels.0`] = `${head} · ${t('survey.editor.scaleLow')}`;
    labels[`questions.${i}.scaleLabels.1`] = `${head} · ${t('survey.editor.scaleHigh')}`;
  });

  /** Checks before sending; shows what stops it on its field (and scrolls to the first). */
  const ready = (): boolean => {
    const at = new Date();
    setNow(at);
    setTried(true);
    const ok = Object.keys(draftProblems(draft, at)).length === 0;
    if (!ok) window.requestAnimationFrame(() => document.querySelector('.rx-sv-editor .ant-form-item-has-error, .rx-sv-editor .rx-sv-error')?.scrollIntoView({ block: 'center' }));
    return ok;
  };
  const onSave = () => { if (ready()) void save.mutateAsync().catch(() => undefined); };
  const onPublish = () => {
    if (!ready()) return;
    confirm({
      title: t('survey.editor.publishConfirm'),
      content: t('survey.editor.publishDescription'),
      okText: t('survey.editor.publish'),
      cancelText: t('survey.editor.cancel'),
      onOk: () => publish.mutateAsync().then(() => undefined, () => undefined),
    });
  };

  const setQ = (i: number, change: (q: DraftQuestion) => DraftQuestion) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q, k) => (k === i ? change(q) : q)) }));
  const addQ = (kind: QuestionKind) => setDraft((d) => ({ ...d, questions: [...d.questions, newQuestion(kind, d.questions, scaleDefaults)] }));
  const problemCount = Object.keys(problems).length;

  return (
    <div className="rx-sv-editor" data-testid="sv-editor">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t(base ? 'survey.editor.editTitle' : 'survey.editor.newTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('survey.editor.intro')}</Typography.Paragraph>
      <Form layout="vertical" component="div" className="rx-sv-editor-form">
        <Form.Item label={labels.title} htmlFor="sv-title" required {...item('title')}>
          <Input id="sv-title" size={size} maxLength={TITLE_MAX} showCount placeholder={t('survey.editor.namePlaceholder')} value={draft.title} onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))} />
        </Form.Item>
        <Form.Item label={labels.description} htmlFor="sv-description" {...item('description')}>
          <Input.TextArea
            id="sv-description" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={DESCRIPTION_MAX} showCount placeholder={t('survey.editor.descriptionPlaceholder')}
            value={draft.description} onChange={(e) => setDraft((d) => ({ ...d, description: e.target.value }))}
          />
        </Form.Item>
        <div className="rx-sv-switch">
          <Switch id="sv-anonymous" checked={draft.anonymous} onChange={(v) => setDraft((d) => ({ ...d, anonymous: v }))} aria-describedby="sv-anonymous-help" />
          <div>
            <label htmlFor="sv-anonymous" className="rx-sv-switch-label">{t('survey.editor.anonymous')}</label>
            <div id="sv-anonymous-help" className="rx-sv-quiet">{t('survey.editor.anonymousHelp')}</div>
          </div>
        </div>
        <div className="rx-sv-switch">
          <Switch id="sv-public" checked={draft.resultsPublic} onChange={(v) => setDraft((d) => ({ ...d, resultsPublic: v }))} aria-describedby="sv-public-help" />
          <div>
            <label htmlFor="sv-public" className="rx-sv-switch-label">{t('survey.editor.resultsPublic')}</label>
            <div id="sv-public-help" className="rx-sv-quiet">{t('survey.editor.resultsPublicHelp')}</div>
          </div>
        </div>
        <Form.Item label={labels.closesAt} htmlFor="sv-closes" extra={t('survey.editor.closesAtHelp')} {...item('closesAt')}>
          <DatePicker
            id="sv-closes"
            size={size}
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isBefore(dayjs(), 'day')}
            value={draft.closesAt ? dayjs(draft.closesAt) : null}
            onChange={(d) => setDraft((x) => ({ ...x, closesAt: d ? d.toISOString() : null }))}
            style={{ width: 240, maxWidth: '100%' }}
          />
        </Form.Item>

        <h2 className="rx-sv-section">{t('survey.editor.questions')}</h2>
        {draft.questions.length === 0 && <p className={errs.questions ? 'rx-sv-error' : 'rx-sv-quiet'} data-testid="sv-no-questions">{errs.questions ?? t('survey.editor.noQuestions')}</p>}
        <ol className="rx-card-list rx-sv-edit-questions">
          {draft.questions.map((q, i) => (
            <QuestionEditor
              key={q.id}
              q={q}
              i={i}
              count={draft.questions.length}
              size={size}
              item={(path) => item(`questions.${i}${path}`)}
              error={(path) => errs[`questions.${i}${path}`]}
              onChange={(change) => setQ(i, change)}
              onKind={(kind) => setQ(i, (x) => withKind(x, kind, scaleDefaults))}
              onMove={(delta) => setDraft((d) => ({ ...d, questions: moveItem(d.questions, i, delta) }))}
              onRemove={() => setDraft((d) => ({ ...d, questions: d.questions.filter((_, k) => k !== i) }))}
            />
          ))}
        </ol>
        {draft.questions.length < QUESTIONS_MAX && (
          <div className="rx-sv-add" role="group" aria-label={t('survey.editor.add')}>
            <span className="rx-sv-add-label">{t('survey.editor.add')}</span>
            {QUESTION_KINDS.map((k) => (
              <Button key={k} size={size} icon={<PlusOutlined />} onClick={() => addQ(k)} data-testid={`sv-add-${k}`}>{t(`survey.editor.addKind.${k}`)}</Button>
            ))}
          </div>
        )}
      </Form>

      <div className="rx-sv-actions-bar">
        {tried && problemCount > 0 && <Alert type="error" showIcon title={t('survey.editor.fix', { n: problemCount })} data-testid="sv-fix" style={{ width: '100%' }} />}
        {failed !== null && failed !== undefined && (isStale(failed) ? (
          <Alert
            type="warning" showIcon role="alert" style={{ width: '100%' }} title={t('survey.editor.stale')} data-testid="sv-stale"
            action={<Button onClick={() => void reload()}>{t('survey.editor.reload')}</Button>}
          />
        ) : (
          <ErrorAlert error={failed} labels={labels} style={{ width: '100%' }} />
        ))}
        <Button type="primary" size={size} onClick={onPublish} loading={publish.isPending} data-testid="sv-publish">{t('survey.editor.publish')}</Button>
        <Button size={size} onClick={onSave} loading={save.isPending} disabled={!!base && !dirty} data-testid="sv-save">{t('survey.editor.save')}</Button>
        {base && (
          <Popconfirm
            title={t('survey.editor.deleteConfirm')}
            okText={t('survey.editor.deleteOk')}
            cancelText={t('survey.editor.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(base).catch(() => undefined)}
          >
            <Button danger size={size} icon={<DeleteOutlined />} loading={remove.isPending} data-testid="sv-delete">{t('survey.editor.delete')}</Button>
          </Popconfirm>
        )}
        <Button size={size} onClick={() => void navigate(base ? `/surveys/${base.id}` : '/surveys')}>{t('survey.editor.back')}</Button>
      </div>
    </div>
  );
}

type ItemProps = { validateStatus?: 'error'; help?: string };

function QuestionEditor({ q, i, count, size, item, error, onChange, onKind, onMove, onRemove }: {
  q: DraftQuestion; i: number; count: number; size: 'large' | 'middle';
  /** The Form.Item error props of a path under this question (`.text`, `.options`). */
  item: (path: string) => ItemProps;
  error: (path: string) => string | undefined;
  onChange: (change: (q: DraftQuestion) => DraftQuestion) => void;
  onKind: (kind: QuestionKind) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const n = i + 1;
  const base = `sv-q${i}`;
  const headId = `${base}-head`;
  const setOptions = (change: (o: string[]) => string[]) => onChange((x) => ({ ...x, options: change(x.options) }));
  return (
    <li className="rx-card rx-sv-edit-q" data-testid="sv-edit-q" data-kind={q.kind}>
      <div className="rx-sv-edit-q-head">
        <h3 id={headId}>{t('survey.editor.question', { n })}</h3>
        <span className="rx-sv-edit-q-tools">
          <Button size={size} icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => onMove(-1)} aria-label={t('survey.editor.moveQuestionUp', { n })} />
          <Button size={size} icon={<ArrowDownOutlined />} disabled={i === count - 1} onClick={() => onMove(1)} aria-label={t('survey.editor.moveQuestionDown', { n })} />
          <Button size={size} danger icon={<DeleteOutlined />} onClick={onRemove} data-testid="sv-remove-q">{t('survey.editor.removeQuestion')}</Button>
        </span>
      </div>
      <Radio.Group
        optionType="button"
        className="rx-sv-kinds"
        aria-label={`${t('survey.editor.question', { n })} ${t('survey.editor.kind')}`}
        value={q.kind}
        onChange={(e) => onKind(e.target.value as QuestionKind)}
        options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`survey.kinds.${k}`) }))}
      />
      <Form.Item label={t('survey.editor.text')} htmlFor={`${base}-text`} required style={{ marginTop: 12 }} {...item('.text')}>
        <Input.TextArea
          id={`${base}-text`} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={QUESTION_TEXT_MAX} placeholder={t('survey.editor.textPlaceholder')}
          value={q.text} onChange={(e) => onChange((x) => ({ ...x, text: e.target.value }))}
        />
      </Form.Item>
      <div className="rx-sv-switch rx-sv-switch-small">
        <Switch id={`${base}-required`} checked={q.required} onChange={(v) => onChange((x) => ({ ...x, required: v }))} />
        <label htmlFor={`${base}-required`}>{t('survey.editor.required')}</label>
      </div>
      {isChoice(q.kind) && (
        <div className="rx-sv-options" role="group" aria-label={`${t('survey.editor.question', { n })} ${t('survey.editor.options')}`} data-testid="sv-options">
          <div className="rx-sv-options-label">{t('survey.editor.options')}<span className="rx-sv-quiet"> · {t('survey.editor.optionsHelp')}</span></div>
          {q.options.map((o, j) => {
            const err = error(`.options.${j}`);
            return (
              <div key={j} className="rx-sv-option-row">
                <div className="rx-sv-option-input">
                  <Input
                    size={size}
                    id={`${base}-o${j}`}
                    aria-label={t('survey.editor.option', { n: j + 1 })}
                    maxLength={OPTION_MAX}
                    status={err ? 'error' : undefined}
                    placeholder={t('survey.editor.option', { n: j + 1 })}
                    value={o}
                    onChange={(e) => setOptions((list) => list.map((x, k) => (k === j ? e.target.value : x)))}
                  />
                  {err && <div className="rx-sv-error" role="alert">{err}</div>}
                </div>
                <Button size={size} icon={<ArrowUpOutlined />} disabled={j === 0} onClick={() => setOptions((list) => moveItem(list, j, -1))} aria-label={t('survey.editor.moveOptionUp', { n: j + 1 })} />
                <Button size={size} icon={<ArrowDownOutlined />} disabled={j === q.options.length - 1} onClick={() => setOptions((list) => moveItem(list, j, 1))} aria-label={t('survey.editor.moveOptionDown', { n: j + 1 })} />
                <Button size={size} icon={<DeleteOutlined />} onClick={() => setOptions((list) => list.filter((_, k) => k !== j))} aria-label={t('survey.editor.removeOption', { n: j + 1 })} data-testid="sv-remove-option" />
              </div>
            );
          })}
          {error('.options') && <div className="rx-sv-error" role="alert" data-testid="sv-options-error">{error('.options')}</div>}
          <Button size={size} icon={<PlusOutlined />} disabled={q.options.length >= OPTIONS_MAX} onClick={() => setOptions((list) => [...list, ''])} data-testid="sv-add-option">
            {t('survey.editor.addOption')}
          </Button>
        </div>
      )}
      {q.kind === 'scale' && (
        <div className="rx-sv-scale-labels">
          {([0, 1] as const).map((k) => (
            <Form.Item key={k} label={t(k === 0 ? 'survey.editor.scaleLow' : 'survey.editor.scaleHigh')} htmlFor={`${base}-s${k}`} required {...item(`.scaleLabels.${k}`)}>
              <Input
                id={`${base}-s${k}`} size={size} maxLength={SCALE_LABEL_MAX} value={q.scaleLabels[k]}
                onChange={(e) => onChange((x) => ({ ...x, scaleLabels: (k === 0 ? [e.target.value, x.scaleLabels[1]] : [x.scaleLabels[0], e.target.value]) as [string, string] }))}
              />
            </Form.Item>
          ))}
          <div className="rx-sv-quiet">{t('survey.editor.scaleHelp')}</div>
        </div>
      )}
      {q.kind === 'text' && <div className="rx-sv-quiet" style={{ marginTop: 8 }}>{t('survey.editor.textHelp')}</div>}
    </li>
  );
}
