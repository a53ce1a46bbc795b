import { describe, expect, it } from 'vitest';
import { type AreaNode, autoOpen, inOrder, isComplete, labelOf, treeOptions, withChildren, withTop } from './area-picker.logic';

const node = (id: string, level: string, parentId: string | null, hasChildren: boolean, name = id): AreaNode => ({ id, name, level, parentId, hasChildren });
const grid = (n: AreaNode) => n.level === 'grid';

describe('area picker state (ADR 0052)', () => {
  it('a community admin (scopes: the community and its grids in one answer) gets a plain select of grids, unprefixed', () => {
    const t = withTop([node('A', 'community', 'S', true, 'A社区'), node('g1', 'grid', 'A', false, '第一网格'), node('g2', 'grid', 'A', false, '第二网格')]);
    expect(t.tops).toEqual(['A']);
    expect(autoOpen(t)).toBeNull();
    expect(isComplete(t)).toBe(true);
    expect(inOrder(t).filter(grid).map((n) => labelOf(t, n))).toEqual(['第一网格', '第二网格']);
  });

  it('a loader that gives only the top level: a single community is opened by itself, then it is a plain select', () => {
    let t = withTop([node('A', 'community', null, true, 'A社区')]);
    expect(isComplete(t)).toBe(false);
    expect(autoOpen(t)).toBe('A');
    t = withChildren(t, 'A', [node('g1', 'grid', null, false, '第一网格')]);
    expect(autoOpen(t)).toBeNull();
    expect(isComplete(t)).toBe(true);
    expect(labelOf(t, t.nodes.get('g1')!)).toBe('第一网格');
    // A grid worker: one grid, nothing to open.
    const one = withTop([node('g1', 'grid', null, false)]);
    expect([autoOpen(one), isComplete(one), inOrder(one).length]).toEqual([null, true, 1]);
  });

  it('a street or district is a tree opened level by level; grids are named with their community', () => {
    let t = withTop([node('S', 'street', 'D', true, '昌国街道'), node('A', 'community', 'S', true, 'A社区'), node('B', 'community', 'S', true, 'B社区')]);
    expect(autoOpen(t)).toBeNull(); // the street's level came with it
    expect(isComplete(t)).toBe(false);
    let opts = treeOptions(t, grid);
    expect(opts).toHaveLength(1);
    expect(opts[0]!.children!.map((o) => [o.value, o.isLeaf, o.selectable, o.children])).toEqual([['A', false, false, undefined], ['B', false, false, undefined]]);
    t = withChildren(t, 'B', [node('b1', 'grid', null, false, '第一网格')]);
    opts = treeOptions(t, grid);
    expect(opts[0]!.children![1]!.children).toEqual([{ value: 'b1', title: '第一网格', label: 'B社区 第一网格', isLeaf: true, selectable: true }]);
    expect(isComplete(t)).toBe(false); // A is still closed
    expect(inOrder(t).map((n) => n.id)).toEqual(['S', 'A', 'B', 'b1']);
    // A community opened with no grids is a leaf; a title function is used in lists and labels.
    t = withChildren(t, 'A', []);
    expect(treeOptions(t, grid)[0]!.children![0]!.isLeaf).toBe(true);
    expect(isComplete(t)).toBe(true);
    expect(labelOf(t, t.nodes.get('b1')!, (n) => `${n.name}（网格）`)).toBe('B社区 第一网格（网格）');
  });

  it('several communities at the top (the places tree of a wider area) are not opened by themselves', () => {
    const t = withTop([node('A', 'community', null, true, 'A社区'), node('B', 'community', null, true, 'B社区')]);
    expect(autoOpen(t)).toBeNull();
    const withGrid = withChildren(t, 'A', [node('a1', 'grid', null, false, '第一网格')]);
    expect(labelOf(withGrid, withGrid.nodes.get('a1')!)).toBe('A社区 第一网格');
  });
});
