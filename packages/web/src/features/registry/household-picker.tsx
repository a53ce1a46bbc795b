import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { placeChildren, type PlaceKind, type PlaceNode } from './api';
import { roomOption } from './relocate.logic';
import { useIsMobile } from '../../app/use-is-mobile';
import './household-picker.css';

type Option = { value: string; label: string; isLeaf: boolean; kind: PlaceNode['kind']; disabled?: boolean; children?: Option[]; loading?: boolean };

const CHILD_KIND: Partial<Record<PlaceNode['kind'], PlaceKind>> = {
  community: 'community', grid: 'grid', compound: 'compound', building: 'building', unit: 'unit',
};

const toOption = (p: PlaceNode, t: TFunction, excludeId?: string): Option =>
  p.kind === 'household'
    ? { value: p.id, isLeaf: true, kind: p.kind, ...roomOption(p, t, excludeId) }
    : { value: p.id, label: p.name, isLeaf: false, kind: p.kind };

/**
 * Chooses a household step by step (grid → compound → building → unit → room); the value is the household id. Rooms
 * nobody lives in are marked empty; `excludeId` (the household being moved) is shown but cannot be chosen.
 */
export function HouseholdPicker({ id, value, onChange, excludeId, onLabel }: {
  id?: string; value?: string; onChange?: (householdId: string | undefined) => void; excludeId?: string;
  /** The chosen path as shown ("第二网格 / 兴港家园 / 1幢 / 1单元 / 801"), for a confirmation. */
  onLabel?: (label: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);

  useEffect(() => {
    const ac = new AbortController();
    void (async () => {
      const root = await placeChildren('root', undefined, ac.signal);
      // One community: start at its grids (one step less for the user).
      if (root.items.length === 1 && root.items[0]!.kind === 'community') {
        const grids = await placeChildren('community', root.items[0]!.id, ac.signal);
        setOptions(grids.items.map((p) => toOption(p, t, excludeId)));
      } else setOptions(root.items.map((p) => toOption(p, t, excludeId)));
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
      // Phones: five columns side by side do not fit 390 px; each column takes a fifth of the screen and long names wrap.
      classNames={isMobile ? { popup: { root: 'rx-place-picker-phone' } } : undefined}
      loadData={async (selected) => {
        const target = selected[selected.length - 1]!;
        const kind = CHILD_KIND[target.kind];
        if (!kind) return;
        target.loading = true;
        const res = await placeChildren(kind, target.value);
        target.loading = false;
        target.children = res.items.map((p) => toOption(p, t, excludeId));
        setOptions((o) => [...o]);
      }}
      onChange={(vals, selected) => {
        const list = (vals ?? []) as string[];
        setPath(list);
        const last = selected?.[selected.length - 1];
        const household = last && last.kind === 'household';
        onChange?.(household ? last.value : undefined);
        onLabel?.(household ? selected.map((o) => o.label).join(' / ') : undefined);
      }}
      displayRender={(labels) => labels.join(' / ')}
    />
  );
}
