import { describe, expect, it } from 'vitest';
import type { AreaNode } from './api';
import { buildTree, childLevel, codeProblem, suggestCode } from './areas.logic';

const node = (id: string, parentId: string | null, level: AreaNode['level'], code: string): AreaNode => ({ id, parentId, level, code, name: id, grids: 0, manageable: true });

describe('areas page logic', () => {
  it('builds the tree under the root with children in code order, dropping orphans', () => {
    const root = node('d', null, 'district', '330902');
    const tree = buildTree(root, [node('s2', 'd', 'street', '330902002'), node('s1', 'd', 'street', '330902001'), node('c1', 's1', 'community', '330902001001'), node('x', 'gone', 'community', '1')]);
    expect(tree.children.map((c) => c.id)).toEqual(['s1', 's2']);
    expect(tree.children[0]!.children.map((c) => c.id)).toEqual(['c1']);
    expect(JSON.stringify(tree)).not.toContain('"x"');
  });

  it('adds streets under a district and communities under a street only', () => {
    expect([childLevel('city'), childLevel('district'), childLevel('street'), childLevel('community'), childLevel('grid')]).toEqual([null, 'street', 'community', null, null]);
  });

  it('suggests the parent code + the next 3 digits, and checks a typed code like the server', () => {
    expect(suggestCode({ code: '330902' }, [])).toBe('330902001');
    expect(suggestCode({ code: '330902001' }, [{ code: '330902001001' }, { code: '330902001007' }, { code: '33090200100101' }])).toBe('330902001008');
    expect(suggestCode({ code: '330902' }, [{ code: '330902999' }])).toBeNull();
    expect(codeProblem('330902', '330902003')).toBe('');
    expect(codeProblem('330902', '33090200x')).toBe('format');
    expect(codeProblem('330902', '33090200')).toBe('length');
    expect(codeProblem('330902', '330903003')).toBe('prefix');
  });
});
