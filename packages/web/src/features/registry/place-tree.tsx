import { useEffect, useReducer, useState, type Key } from 'react';
import { Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../lib/error-alert';
import { placeChildren, type PlaceKind, type PlaceNode } from './api';
import { initialTreeState, treeReducer } from './place-tree.logic';

/** What choosing a node in the tree means for the resident list. */
export type PlaceScope =
  | { kind: 'all' }
  | { kind: 'grid'; gridId: string; label: string; key: string }
  /** A building or unit: residents whose address contains ` ${addr} ` (compound, building[, unit]). */
  | { kind: 'address'; gridId: string; addr: string; label: string; key: string }
  | { kind: 'household'; householdId: string };

type Node = DataNode & { place: PlaceNode; gridId?: string; gridName?: string; addr?: string; children?: Node[] };

const CHILD_KIND: Partial<Record<PlaceNode['kind'], PlaceKind>> = {
  community: 'community', grid: 'grid', compound: 'compound', building: 'building', unit: 'unit',
};

function toNode(place: PlaceNode, parent: Node | null, t: TFunction): Node {
  const gridId = place.kind === 'grid' ? place.id : parent?.gridId;
  const gridName = place.kind === 'grid' ? place.name : parent?.gridName;
  const addr =
    place.kind === 'compound' ? place.name : place.kind === 'building' || place.kind === 'unit' ? `${parent?.addr ?? ''} ${place.name}`.trim() : undefined;
  return {
    key: `${place.kind}:${place.id}`,
    place,
    gridId,
    gridName,
    addr,
    isLeaf: place.kind === 'household',
    title: (
      <span className="rx-reg-tree-title">
        {place.name}
        {place.threeNo && (
          <Tag color="orange" style={{ marginInlineStart: 6 }}>
            {t('registry.threeNo')}
          </Tag>
        )}
        {place.kind === 'household' && place.members !== undefined && (
          <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
            {t('registry.members', { n: place.members })}
          </Typography.Text>
        )}
      </span>
    ),
  };
}

function replaceChildren(list: Node[], key: Key, children: Node[]): Node[] {
  return list.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children, key, children) } : n));
}

/**
 * The place tree: community → grid → compound → building → unit → household, loaded one level at a time.
 * Grids, buildings and units narrow the resident list; a household opens its page; compounds just open.
 * A level that fails to load shows the error with 重试, which asks for that level again (place-tree.logic.ts).
 */
export function PlaceTree({ onChoose, selectedKey }: { onChoose: (scope: PlaceScope) => void; selectedKey?: string }) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [{ expanded, failure, rootAttempt }, dispatch] = useReducer(treeReducer, initialTreeState);
  const [loaded, setLoaded] = useState<Key[]>([]);

  useEffect(() => {
    const ac = new AbortController();
    placeChildren('root', undefined, ac.signal)
      .then(async (res) => {
        const top = res.items.map((p) => toNode(p, null, t));
        // One community (or one grid, for a grid worker): open it straight away so that the next level shows.
        const only = top.length === 1 ? top[0]!.place : null;
        if (only && (only.kind === 'community' || only.kind === 'grid')) {
          const kids = await placeChildren(only.kind, only.id, ac.signal);
          top[0] = { ...top[0]!, children: kids.items.map((p) => toNode(p, top[0]!, t)) };
          dispatch({ type: 'expanded', keys: [top[0]!.key] });
          setLoaded([top[0]!.key]);
        }
        setNodes(top);
      })
      .catch((e) => {
        if (!ac.signal.aborted) dispatch({ type: 'rootFailed', error: e });
      });
    return () => ac.abort();
    // The tree is loaded once per mount (and again by 重试 after it failed); labels inside nodes follow the language on
    // the next mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rootAttempt]);

  const loadData = async (treeNode: EventDataNode<Node>) => {
    const node = treeNode as unknown as Node;
    const kind = CHILD_KIND[node.place.kind];
    if (!kind || node.children) return;
    let res: Awaited<ReturnType<typeof placeChildren>>;
    try {
      res = await placeChildren(kind, node.place.id);
    } catch (e) {
      // Shown with 重试; the node is folded (else the Tree asks again at once, in a loop). Rethrown: not loaded.
      dispatch({ type: 'nodeFailed', key: node.key, error: e });
      throw e;
    }
    dispatch({ type: 'nodeLoaded', key: node.key });
    setNodes((prev) => (prev ? replaceChildren(prev, node.key, res.items.map((p) => toNode(p, node, t))) : prev));
  };

  const retry = () => dispatch({ type: 'retry' });
  if (failure && 'root' in failure.at) return <ErrorAlert error={failure.error} onRetry={retry} />;
  if (!nodes) return <Spin />;

  return (
    <>
      {failure && <ErrorAlert error={failure.error} onRetry={retry} />}
      <Tree<Node>
        className="rx-reg-tree"
        aria-label={t('registry.treeLabel')}
        treeData={nodes}
        loadData={loadData}
        expandedKeys={expanded}
        loadedKeys={loaded}
        onLoad={(keys) => setLoaded(keys)}
        onExpand={(keys) => dispatch({ type: 'expanded', keys })}
        selectedKeys={selectedKey ? [selectedKey] : []}
        blockNode
        onSelect={(_keys, info) => {
          const node = info.node as unknown as Node;
          const p = node.place;
          // Choosing a node also opens it, so one tap is enough on a phone.
          if (!node.isLeaf && !expanded.includes(node.key)) dispatch({ type: 'open', key: node.key });
          if (p.kind === 'household') onChoose({ kind: 'household', householdId: p.id });
          else if (p.kind === 'grid') onChoose({ kind: 'grid', gridId: p.id, label: p.name, key: String(node.key) });
          else if ((p.kind === 'building' || p.kind === 'unit') && node.gridId && node.addr) {
            onChoose({ kind: 'address', gridId: node.gridId, addr: node.addr, label: [node.gridName, node.addr].filter(Boolean).join(' '), key: String(node.key) });
          } else if (p.kind === 'community') onChoose({ kind: 'all' });
        }}
      />
    </>
  );
}
