// Pure helpers of the 行政区划 page (ADR 0022): the tree, which level may be added under which, a suggested code.
import type { AreaLevel, AreaNode } from './api';

export type TreeNode = AreaNode & { children: TreeNode[] };

/** The level added here under each level: streets under a district, communities under a street (grids: 地点管理). */
export function childLevel(level: AreaLevel): 'street' | 'community' | null {
  return level === 'district' ? 'street' : level === 'street' ? 'community' : null;
}

/** Digits a street or community code adds to its parent's (GB/T 10114 / 统计用区划代码). */
export const CODE_DIGITS = 3;

/** The nodes as a tree under `root`, children ordered by code; nodes whose parent is missing are dropped. */
export function buildTree(root: AreaNode, items: readonly AreaNode[]): TreeNode {
  const byParent = new Map<string, AreaNode[]>();
  for (const n of items) if (n.parentId) byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  const grow = (n: AreaNode, depth: number): TreeNode => ({
    ...n,
    children: depth > 5 ? [] : (byParent.get(n.id) ?? []).slice().sort((a, b) => a.code.localeCompare(b.code)).map((c) => grow(c, depth + 1)),
  });
  return grow(root, 0);
}

/**
 * A code to offer for a new child of `parent`: the parent's code followed by 3 digits, one above the highest child
 * (001 for the first); the user may type the official one instead. Null when 999 is taken.
 */
export function suggestCode(parent: Pick<AreaNode, 'code'>, siblings: ReadonlyArray<Pick<AreaNode, 'code'>>): string | null {
  const own = siblings.filter((s) => s.code.length === parent.code.length + CODE_DIGITS && s.code.startsWith(parent.code)).map((s) => Number(s.code.slice(-CODE_DIGITS)));
  const next = Math.max(0, ...own) + 1;
  return next > 999 ? null : `${parent.code}${String(next).padStart(CODE_DIGITS, '0')}`;
}

/** Checks a typed code before sending it (the server checks again): '' when fine, otherwise the problem's key. */
export function codeProblem(parentCode: string, code: string): '' | 'format' | 'length' | 'prefix' {
  if (!/^\d+$/.test(code)) return 'format';
  if (code.length !== parentCode.length + CODE_DIGITS) return 'length';
  if (!code.startsWith(parentCode)) return 'prefix';
  return '';
}
