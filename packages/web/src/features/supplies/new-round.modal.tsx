// 新建发放批次 (supply:allocate): a name, the warehouse and the item (with what is on its shelf), the whole community or
// one grid, optionally only the households with some care tags, each household's need (每户数量 + 每人数量 × members)
// and the quantity to hand out. 比较分配方案 shows what each of the four rules would give (figures, no names); the user
// picks one (加权公平 by default) and 开始发放 opens the round — its allocation leaves the shelf and the grid workers
// are told. Mounted only while open; on success the round's page opens.
import { useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Select, Typography, type ButtonProps } from 'antd';
import { BarChartOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { tagLabel } from '../registry';
import {
  areaLevel, CARE_TAGS, DEFAULT_RULE, listWarehouses, openRound, PER_MAX, previewRound, QUANTITY_MAX, ROUNDS_KEY, SUPPLIES_KEY, TITLE_MAX, WAREHOUSES_KEY,
  type Preview, type PreviewBody, type Rule,
} from './api';
import { RulesTable } from './rules.table';
import { availableOf, perProblem, previewBody, roundBody, samePlan, SubmissionKeys, supplyProblem, titleProblem, type RoundValues } from './supplies.logic';
import { useDialogSize } from './shared';

const PLAN_FIELDS = ['warehouseId', 'itemId', 'gridId', 'tags', 'perHousehold', 'perPerson', 'supply'] as const;

export function NewRoundModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(820);
  const [form] = Form.useForm<RoundValues>();
  const keys = useRef(new SubmissionKeys());
  const [rule, setRule] = useState<Rule>(DEFAULT_RULE);
  const [shown, setShown] = useState<{ body: PreviewBody; preview: Preview } | null>(null);
  const [hint, setHint] = useState(false);
  const n = (v: number) => formatCount(v, i18n.language);

  const warehouses = useQuery({ queryKey: WAREHOUSES_KEY, queryFn: ({ signal }) => listWarehouses(signal) });
  const community = me.org.level === 'community';
  const area = useQuery({ queryKey: [...SUPPLIES_KEY, 'area'], queryFn: ({ signal }) => areaLevel(signal), enabled: community, staleTime: 5 * 60_000 });
  const grids = (area.data ?? []).filter((o) => o.level === 'grid' && o.id !== me.org.id);

  const values: RoundValues = {
    warehouseId: Form.useWatch('warehouseId', form), itemId: Form.useWatch('itemId', form), gridId: Form.useWatch('gridId', form),
    tags: Form.useWatch('tags', form), perHousehold: Form.useWatch('perHousehold', form), perPerson: Form.useWatch('perPerson', form),
    supply: Form.useWatch('supply', form),
  };
  const list = warehouses.data?.items ?? [];
  const warehouse = list.find((w) => w.id === values.warehouseId);
  const stockRow = warehouse?.stock.find((s) => s.itemId === values.itemId);
  const available = values.warehouseId && values.itemId ? availableOf(list, values.warehouseId, values.itemId) : null;
  const unit = stockRow?.unit ?? '';
  const current = previewBody(values);
  const fresh = shown !== null && samePlan(shown.body, current);

  const compare = useMutation({
    mutationFn: (body: PreviewBody) => previewRound(body),
    onSuccess: (preview, body) => setShown({ body, preview }),
  });
  const save = useMutation({
    mutationFn: (v: RoundValues) => {
      const body = roundBody(v, rule);
      if (!body) throw new Error('incomplete');
      return openRound(body, keys.current.for(body));
    },
    onSuccess: (round) => {
      keys.current.done();
      void message.success(t('supplies.newRound.opened', { households: n(round.households), n: n(round.allocated), unit: round.unit }));
      void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
      onClose();
      navigate(`/supplies/rounds/${encodeURIComponent(round.id)}`);
    },
  });

  /** 比较分配方案: the plan's fields checked, then the figures of the four rules. */
  const runCompare = async () => {
    const v = await form.validateFields([...PLAN_FIELDS]).catch(() => null);
    if (!v) return;
    const body = previewBody(form.getFieldsValue(true) as RoundValues);
    if (body) await compare.mutateAsync(body).catch(() => undefined);
  };
  /** 开始发放: only on a comparison that answers the plan as it is now (else it is made, and the user chooses). */
  const onFinish = (v: RoundValues) => {
    if (!fresh) {
      setHint(true);
      void runCompare();
      return;
    }
    void save.mutateAsync(v).catch(() => undefined);
  };

  const labels = {
    title: t('supplies.newRound.name'), warehouseId: t('supplies.newRound.warehouse'), itemId: t('supplies.newRound.item'), gridId: t('supplies.newRound.grid'),
    tags: t('supplies.newRound.tags'), perHousehold: t('supplies.newRound.perHousehold'), perPerson: t('supplies.newRound.perPerson'), supply: t('supplies.newRound.supply'),
  };
  const perRule = (field: 'perHousehold' | 'perPerson') => [{
    validator: async () => {
      const p = perProblem(form.getFieldValue('perHousehold') as number | null, form.getFieldValue('perPerson') as number | null);
      if (p && p.field === field) throw new Error(p.problem === 'both_zero' ? t('supplies.newRound.problems.bothZero') : t('supplies.newRound.problems.perRange'));
    },
  }];
  const error = save.isError ? save.error : compare.isError ? compare.error : null;
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.newRound.title')}
      okText={t('supplies.newRound.submit')}
      cancelText={t('supplies.newRound.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-round-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-sup-modal"
    >
      {error !== null && <ErrorAlert error={error} form={form} labels={labels} />}
      {warehouses.isError && <ErrorAlert error={warehouses.error} onRetry={() => void warehouses.refetch()} />}
      <Form<RoundValues>
        form={form}
        name="supplyRound"
        layout="vertical"
        size={size}
        initialValues={{ title: '', tags: [], perHousehold: 1, perPerson: 0 }}
        onFinish={onFinish}
      >
        <Form.Item
          name="title"
          label={labels.title}
          required
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = titleProblem(v);
              if (p === 'empty') throw new Error(t('supplies.newRound.problems.nameEmpty'));
              if (p === 'too_long') throw new Error(t('supplies.newRound.problems.nameTooLong', { max: TITLE_MAX }));
            },
          }]}
        >
          <Input maxLength={TITLE_MAX} showCount placeholder={t('supplies.newRound.namePlaceholder')} />
        </Form.Item>
        <div className="rx-sup-form-row">
          <Form.Item name="warehouseId" label={labels.warehouseId} required rules={[{ required: true, message: t('supplies.newRound.warehouseEmpty') }]}>
            <Select
              loading={warehouses.isPending}
              placeholder={t('supplies.newRound.warehousePlaceholder')}
              options={list.map((w) => ({ value: w.id, label: w.name }))}
              onChange={() => form.setFieldValue('itemId', undefined)}
              data-testid="sup-round-warehouse"
            />
          </Form.Item>
          <Form.Item
            name="itemId"
            label={labels.itemId}
            required
            rules={[{ required: true, message: t('supplies.newRound.itemEmpty') }]}
            extra={stockRow ? <span data-testid="sup-round-available">{t('supplies.newRound.available', { n: n(stockRow.quantity), unit: stockRow.unit })}</span> : undefined}
          >
            <Select
              placeholder={t('supplies.newRound.itemPlaceholder')}
              disabled={!warehouse}
              options={(warehouse?.stock ?? []).filter((s) => s.quantity > 0).map((s) => ({ value: s.itemId, label: `${s.name}（${s.unit}）` }))}
              data-testid="sup-round-item"
            />
          </Form.Item>
        </div>
        {community && (
          <Form.Item name="gridId" label={labels.gridId} extra={t('supplies.newRound.gridHelp')}>
            <Select allowClear loading={area.isPending} placeholder={t('supplies.newRound.gridAll')} options={grids.map((g) => ({ value: g.id, label: g.name }))} data-testid="sup-round-grid" />
          </Form.Item>
        )}
        <Form.Item name="tags" label={labels.tags} extra={t('supplies.newRound.tagsHelp')}>
          <Checkbox.Group aria-label={labels.tags} options={CARE_TAGS.map((c) => ({ value: c, label: tagLabel(t, c) }))} />
        </Form.Item>
        <div className="rx-sup-form-row">
          <Form.Item name="perHousehold" label={labels.perHousehold} required dependencies={['perPerson']} rules={perRule('perHousehold')}>
            <InputNumber min={0} max={PER_MAX} precision={0} suffix={unit} style={{ width: 160 }} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="perPerson" label={labels.perPerson} required dependencies={['perHousehold']} rules={perRule('perPerson')}>
            <InputNumber min={0} max={PER_MAX} precision={0} suffix={unit} style={{ width: 160 }} inputMode="numeric" />
          </Form.Item>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 13 }}>{t('supplies.newRound.perHelp')}</Typography.Paragraph>
        <Form.Item
          name="supply"
          label={labels.supply}
          required
          extra={t('supplies.newRound.supplyHelp')}
          dependencies={['warehouseId', 'itemId']}
          rules={[{
            validator: async (_, v: number | null | undefined) => {
              const p = supplyProblem(v, available);
              if (p === 'empty') throw new Error(t('supplies.newRound.problems.supplyEmpty'));
              if (p === 'range') throw new Error(t('supplies.newRound.problems.supplyRange'));
              if (p === 'over_stock') throw new Error(t('supplies.newRound.problems.overStock', { n: n(available ?? 0), unit }));
            },
          }]}
        >
          <InputNumber min={1} max={QUANTITY_MAX} precision={0} suffix={unit} style={{ width: 200 }} inputMode="numeric" />
        </Form.Item>
        <Button size={size} icon={<BarChartOutlined />} onClick={() => void runCompare()} loading={compare.isPending} data-testid="sup-round-compare">
          {t('supplies.newRound.compare')}
        </Button>
      </Form>
      {hint && !compare.isPending && !compare.isError && (
        <Alert type="info" showIcon role="status" style={{ marginTop: 12 }} title={t('supplies.newRound.compareFirst')} data-testid="sup-round-hint" />
      )}
      {shown && (
        <div style={{ marginTop: 16 }} data-testid="sup-round-preview" data-fresh={fresh}>
          {!fresh && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('supplies.newRound.changed')} data-testid="sup-round-changed" />}
          <Typography.Paragraph data-testid="sup-round-summary">
            {t('supplies.newRound.summary', {
              households: n(shown.preview.households), members: n(shown.preview.members), demand: n(shown.preview.totalDemand),
              vulnerable: n(shown.preview.vulnerableHouseholds), supply: n(shown.body.supply), unit,
            })}
          </Typography.Paragraph>
          <Typography.Title level={2} style={{ fontSize: 15, margin: '0 0 8px' }}>{t('supplies.newRound.choose')}</Typography.Title>
          <RulesTable preview={shown.preview} unit={unit} value={rule} onChange={setRule} />
        </div>
      )}
    </Modal>
  );
}
