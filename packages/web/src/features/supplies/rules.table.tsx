// The four rules side by side (a preview's figures, no names): each rule's name with a plain one-line explanation, how
// much it hands out, the households served in full, the vulnerable households served in full of all of them, the
// households getting nothing and the lowest share of need. The user picks one: a radio per row (a table on a desktop,
// a card per rule on a phone).
import { Radio } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import type { Preview, Rule } from './api';
import { ruleRows, type RuleRow } from './supplies.logic';

export function RulesTable({ preview, unit, value, onChange }: { preview: Preview; unit: string; value: Rule; onChange: (r: Rule) => void }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const n = (v: number) => formatCount(v, i18n.language);
  const rows = ruleRows(preview);
  const vulnerable = (r: RuleRow) => `${n(r.vulnerableServedInFull)} / ${n(r.vulnerableHouseholds)}`;
  const name = (r: RuleRow) => (
    <div>
      <strong>{t(`supplies.rules.${r.rule}`)}</strong>
      <div className="rx-sup-quiet">{t(`supplies.ruleHelp.${r.rule}`)}</div>
    </div>
  );
  if (isMobile) {
    return (
      <Radio.Group value={value} onChange={(e) => onChange(e.target.value as Rule)} aria-label={t('supplies.newRound.choose')} className="rx-sup-rule-cards" data-testid="sup-rules">
        {rows.map((r) => (
          <Radio key={r.rule} value={r.rule} className="rx-card rx-sup-rule-card" data-testid="sup-rule-row" data-rule={r.rule}>
            {name(r)}
            <div className="rx-sup-rule-figures">
              {t('supplies.newRound.figures', {
                allocated: `${n(r.allocated)} ${unit}`, full: n(r.servedInFull), vulnerable: vulnerable(r), nothing: n(r.gettingNothing), share: r.minShare,
              })}
            </div>
          </Radio>
        ))}
      </Radio.Group>
    );
  }
  const columns: ColumnsType<RuleRow> = [
    { title: t('supplies.newRound.cols.rule'), key: 'rule', render: (_, r) => name(r) },
    { title: t('supplies.newRound.cols.allocated'), key: 'allocated', align: 'right', width: 90, render: (_, r) => <span data-testid="sup-rule-allocated">{n(r.allocated)}</span> },
    { title: t('supplies.newRound.cols.servedInFull'), key: 'full', align: 'right', width: 80, render: (_, r) => n(r.servedInFull) },
    { title: t('supplies.newRound.cols.vulnerable'), key: 'vulnerable', align: 'right', width: 96, render: (_, r) => <span data-testid="sup-rule-vulnerable">{vulnerable(r)}</span> },
    { title: t('supplies.newRound.cols.gettingNothing'), key: 'nothing', align: 'right', width: 90, render: (_, r) => n(r.gettingNothing) },
    { title: t('supplies.newRound.cols.minShare'), key: 'share', align: 'right', width: 96, render: (_, r) => <span data-testid="sup-rule-share">{r.minShare}</span> },
  ];
  return (
    <DataTable<RuleRow>
      rowKey="rule"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      data-testid="sup-rules"
      rowSelection={{
        type: 'radio',
        selectedRowKeys: [value],
        onChange: (keys) => { if (keys[0]) onChange(keys[0] as Rule); },
        getCheckboxProps: (r) => ({ 'aria-label': t(`supplies.rules.${r.rule}`) }) as never,
      }}
      onRow={(r) => ({ onClick: () => onChange(r.rule), 'data-testid': 'sup-rule-row', 'data-rule': r.rule } as never)}
    />
  );
}
