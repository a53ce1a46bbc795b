// The lazy area picker's state (ADR 0052): the area tree as far as it has been loaded, level by level, and what the
// picker shows of it — a plain select when everything is loaded (a community admin's grids), else a tree to open.

/** One org or place as a picker shows it. `parentId` null (or an id not loaded) makes it a top node. */
export type AreaNode = { id: string; name: string; level: string; parentId: string | null; hasChildren: boolean };

/**
 * Loads one level: `undefined` → the top nodes (an answer may carry some of their children too: a node whose parent is
 * in the same answer); an id → that node's direct children.
 */
export type AreaLoader = (parentId: string | undefined, signal?: AbortSignal) => Promise<AreaNode[]>;

export type AreaTree = {
  /** every node loaded so far, in the order they came (each level in the loader's order) */
  nodes: ReadonlyMap<string, AreaNode>;
  /** the nodes whose children are loaded */
  loaded: ReadonlySet<string>;
  tops: readonly string[];
};

export const emptyTree = (): AreaTree => ({ nodes: new Map(), loaded: new Set(), tops: [] });

/** The tree after the top level came. */
export function withTop(items: readonly AreaNode[]): AreaTree {
  const nodes = new Map(items.map((n) => [n.id, n]));
  const loaded = new Set<string>();
  const tops: string[] = [];
  for (const n of items) {
    if (n.parentId && nodes.has(n.parentId)) loaded.add(n.parentId);
    else tops.push(n.id);
  }
  return { nodes, loaded, tops };
}

/** The tree after the children of `parentId` came. */
export function withChildren(tree: AreaTree, parentId: string, items: readonly AreaNode[]): AreaTree {
  const nodes = new Map(tree.nodes);
  for (const n of items) nodes.set(n.id, { ...n, parentId });
  return { nodes, loaded: new Set(tree.loaded).add(parentId), tops: tree.tops };
}

/** The loaded children of a node, in order. */
export function childrenOf(tree: AreaTree, id: string): AreaNode[] {
  return [...tree.nodes.values()].filter((n) => n.parentId === id && !tree.tops.includes(n.id));
}

/**
 * The node to load by itself before showing anything: a single top node (a community admin's own community, for
 * loaders that give only the top level) whose children are not loaded yet. Null when there is nothing to open.
 */
export function autoOpen(tree: AreaTree): string | null {
  if (tree.tops.length !== 1) return null;
  const top = tree.nodes.get(tree.tops[0]!)!;
  return top.hasChildren && !tree.loaded.has(top.id) ? top.id : null;
}

/** True when nothing is left to load: the picker is a plain select. */
export function isComplete(tree: AreaTree): boolean {
  for (const n of tree.nodes.values()) if (n.hasChildren && !tree.loaded.has(n.id)) return false;
  return true;
}

/** Every loaded node, depth first in tree order. */
export function inOrder(tree: AreaTree): AreaNode[] {
  const out: AreaNode[] = [];
  const walk = (id: string) => {
    const n = tree.nodes.get(id);
    if (!n) return;
    out.push(n);
    for (const c of childrenOf(tree, id)) walk(c.id);
  };
  for (const id of tree.tops) walk(id);
  return out;
}

/**
 * A node's label once chosen: a grid with its community ("A社区 第一网格") — every community numbers its grids 第一网格,
 * 第二网格, … — unless that community is the picker's only top node (a community admin's own grids).
 */
export function labelOf(tree: AreaTree, n: AreaNode, title: (n: AreaNode) => string = (x) => x.name): string {
  const parent = n.parentId ? tree.nodes.get(n.parentId) : undefined;
  const alone = tree.tops.length === 1 && parent?.id === tree.tops[0];
  return n.level === 'grid' && parent?.level === 'community' && !alone ? `${parent.name} ${title(n)}` : title(n);
}

/** antd TreeSelect data: loaded levels nested, unloaded branches left to `loadData`. */
export type AreaTreeOption = { value: string; title: string; label: string; isLeaf: boolean; selectable: boolean; children?: AreaTreeOption[] };

export function treeOptions(tree: AreaTree, selectable: (n: AreaNode) => boolean, title: (n: AreaNode) => string = (x) => x.name): AreaTreeOption[] {
  const build = (n: AreaNode): AreaTreeOption => {
    const kids = tree.loaded.has(n.id) ? childrenOf(tree, n.id).map(build) : undefined;
    return {
      value: n.id, title: title(n), label: labelOf(tree, n, title), isLeaf: !n.hasChildren || (kids !== undefined && kids.length === 0),
      selectable: selectable(n), ...(kids ? { children: kids } : {}),
    };
  };
  return tree.tops.map((id) => build(tree.nodes.get(id)!));
}
