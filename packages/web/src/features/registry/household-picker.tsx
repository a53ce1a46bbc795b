import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import { placeChildren, type PlaceKind, type PlaceNode } from './api';

type Option = { value: string; label: string; isLeaf: boolean; kind: PlaceNode['kind']; children?: Option[]; loading?: boolean };

const CHILD_KIND: Partial<Record<PlaceNode['kind'], PlaceKind>> = {
  community: 'community', grid: 'grid', compound: 'compound', building: 'building', unit: 'unit',
};

const toOption = (p: PlaceNode): Option => ({ value: p.id, label: p.name, isLeaf: p.kind === 'household', kind: p.kind });

/** Chooses a household step by step (grid → compound → building → unit → room); the value is the household id. */
export function HouseholdPicker({ id, value, onChange }: { id?: string; value?: string; onChange?: (householdId: string | undefined) => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);

  useEffect(() => {
    const ac = new AbortController();
    void (async () => {
      const root = await placeChildren('root', undefined, ac.signal);
      // One community: start at its grids (one step less for the user).
      if (root.items.length === 1 && root.items[0]!.kind === 'community') {
        const grids = await placeChildren('community', root.items[0]!.id, ac.signal);
        setOptions(grids.items.map(toOption));
      } else setOptions(root.items.map(toOption));
    })().catch(() => undefined);
    return () => ac.abort();
  }, []);

  useEffect(() => {
    if (!value) setPath([]);
  }, [value]);

  return (
    <Cascader<Option>
      id={id}
      options={options}
      value={path}
      changeOnSelect={false}
      placeholder={t('registry.move.targetHint')}
      style={{ width: '100%' }}
      loadData={async (selected) => {
        const target = selected[selected.length - 1]!;
        const kind = CHILD_KIND[target.kind];
        if (!kind) return;
        target.loading = true;
        const res = await placeChildren(kind, target.value);
        target.loading = false;
        target.children = res.items.map(toOption);
        setOptions((o) => [...o]);
      }}
      onChange={(vals, selected) => {
        const list = (vals ?? []) as string[];
        setPath(list);
        const last = selected?.[selected.length - 1];
        onChange?.(last && last.kind === 'household' ? last.value : undefined);
      }}
      displayRender={(labels) => labels.join(' / ')}
    />
  );
}
