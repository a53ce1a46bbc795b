// One lazy area picker for the whole app (ADR 0052): loads the area tree level by level through the loader it is given,
// searches by name within what is loaded, and is a plain select when there is nothing to open (a community admin's
// grids; a single grid is not offered at all with `hideIfSingle`).
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Select, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { PHONE_WIDTH_QUERY, useMediaQuery } from './use-media-query';
import {
  type AreaLoader, type AreaNode, type AreaTree, autoOpen, emptyTree, inOrder, isComplete, labelOf, treeOptions, withChildren, withTop,
} from './area-picker.logic';

export type { AreaLoader, AreaNode } from './area-picker.logic';

const STALE_MS = 5 * 60_000;

export type AreaPickerProps = {
  /** Loads one level (see AreaLoader). */
  loader: AreaLoader;
  /** Query-cache key of the loader's answers (one per loader: ['warnings', 'scopes'], ['registry', 'places']). */
  cacheKey: readonly string[];
  value?: string;
  /** The chosen node (undefined when cleared) and its label ("A社区 第一网格"). */
  onChange?: (id: string | undefined, node?: AreaNode, label?: string) => void;
  /** Which nodes may be chosen (others only open). Default: all. */
  selectable?: (n: AreaNode) => boolean;
  /** The text of a node in the list. Default: its name. */
  title?: (n: AreaNode) => string;
  /** Shown for a value not loaded yet (a filter restored from the address). */
  valueLabel?: string;
  /** Renders nothing when at most one node can be chosen and there is nothing to open. */
  hideIfSingle?: boolean;
  /** Wraps the control (a label around it), so that nothing at all shows when it is hidden. */
  render?: (picker: ReactNode) => ReactNode;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
};

export function AreaPicker(p: AreaPickerProps) {
  const client = useQueryClient();
  const [tree, setTree] = useState<AreaTree>(emptyTree);
  const [ready, setReady] = useState(false);
  const { loader, cacheKey } = p;
  const key = cacheKey.join('\u0000');
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const selectable = p.selectable ?? (() => true);
  const title = p.title ?? ((n: AreaNode) => n.name);

  const fetchLevel = (parentId: string | undefined) =>
    client.fetchQuery({ queryKey: [...cacheKey, 'level', parentId ?? ''], queryFn: ({ signal }) => loaderRef.current(parentId, signal), staleTime: STALE_MS });

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        let t = withTop(await fetchLevel(undefined));
        const open = autoOpen(t);
        if (open) t = withChildren(t, open, await fetchLevel(open));
        if (live) {
          setTree(t);
          setReady(true);
        }
      } catch {
        if (live) setReady(true);
      }
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const loadChildren = async (id: string) => {
    if (tree.loaded.has(id)) return;
    const items = await fetchLevel(id);
    setTree((prev) => (prev.loaded.has(id) ? prev : withChildren(prev, id, items)));
  };

  // On a phone or other touch screen a search box would open the keyboard over half the screen at every tap on the
  // picker, to search only the levels already loaded; people there open the levels instead. With a mouse on a wide
  // screen the search stays.
  const touch = useMediaQuery(`${PHONE_WIDTH_QUERY}, (pointer: coarse)`);
  const complete = ready && isComplete(tree);
  const choices = useMemo(() => inOrder(tree).filter((n) => selectable(n)), [tree, selectable]);
  const chosen = p.value ? tree.nodes.get(p.value) : undefined;
  const chosenLabel = chosen ? labelOf(tree, chosen, title) : (p.valueLabel ?? p.value);
  const emit = (id: string | undefined) => {
    const n = id ? tree.nodes.get(id) : undefined;
    p.onChange?.(id, n, n ? labelOf(tree, n, title) : undefined);
  };

  let control: ReactNode;
  // Hidden-when-single pickers show nothing until they know (no flash of a select that then goes away).
  if (!ready && p.hideIfSingle) return null;
  if (!ready) control = <Select id={p.id} aria-label={p['aria-label']} loading disabled style={p.style} placeholder={p.placeholder} />;
  else if (complete && p.hideIfSingle && choices.length <= 1) return null;
  else if (complete) {
    control = (
      <Select<string>
        id={p.id}
        aria-label={p['aria-label']}
        allowClear={p.allowClear}
        placeholder={p.placeholder}
        showSearch={choices.length > 10 ? { optionFilterProp: 'label' } : undefined}
        value={p.value}
        onChange={(v) => emit(v || undefined)}
        options={choices.map((n) => ({ value: n.id, label: labelOf(tree, n, title) }))}
        style={p.style}
      />
    );
  } else {
    control = (
      <TreeSelect<{ value: string; label?: ReactNode }>
        id={p.id}
        aria-label={p['aria-label']}
        allowClear={p.allowClear}
        placeholder={p.placeholder}
        showSearch={!touch}
        treeNodeFilterProp="title"
        treeNodeLabelProp="label"
        labelInValue
        value={p.value ? { value: p.value, label: chosenLabel } : undefined}
        onChange={(v) => emit(v?.value)}
        loadData={(node) => loadChildren(String(node.value))}
        treeData={treeOptions(tree, selectable, title)}
        // The user's own org opens on its loaded level (the streets of a district, the communities of a street).
        treeDefaultExpandedKeys={tree.tops.filter((id) => tree.loaded.has(id))}
        popupMatchSelectWidth={false}
        style={p.style}
      />
    );
  }
  return <>{p.render ? p.render(control) : control}</>;
}
