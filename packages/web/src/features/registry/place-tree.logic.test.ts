import { describe, expect, it } from 'vitest';
import { initialTreeState, treeReducer, type TreeAction, type TreeState } from './place-tree.logic';

const run = (actions: TreeAction[], from: TreeState = initialTreeState) => actions.reduce(treeReducer, from);
const down = new Error('network');

describe('按楼栋查找: a level that failed to load, and 重试', () => {
  it('the first levels failed: 重试 clears the error and asks for them again', () => {
    const failed = run([{ type: 'rootFailed', error: down }]);
    expect(failed.failure).toEqual({ error: down, at: { root: true } });
    const retried = treeReducer(failed, { type: 'retry' });
    expect(retried.failure).toBeNull();
    // The tree's loading effect runs on a new attempt number.
    expect(retried.rootAttempt).toBe(failed.rootAttempt + 1);
    // Failing again and retrying again asks again.
    expect(run([{ type: 'rootFailed', error: down }, { type: 'retry' }], retried).rootAttempt).toBe(retried.rootAttempt + 1);
  });

  it('a node’s children failed: the node is folded (an open node without children is asked for again at once, in a loop)', () => {
    const s = run([{ type: 'expanded', keys: ['community:c1', 'grid:g1'] }, { type: 'open', key: 'compound:k1' }, { type: 'nodeFailed', key: 'compound:k1', error: down }]);
    expect(s.expanded).toEqual(['community:c1', 'grid:g1']);
    expect(s.failure).toEqual({ error: down, at: { key: 'compound:k1' } });
  });

  it('重试 opens that node again (which makes the tree ask for its children) and clears the error; the first levels are not reloaded', () => {
    const failed = run([{ type: 'expanded', keys: ['grid:g1', 'compound:k1'] }, { type: 'nodeFailed', key: 'compound:k1', error: down }]);
    const retried = treeReducer(failed, { type: 'retry' });
    expect(retried.expanded).toEqual(['grid:g1', 'compound:k1']);
    expect(retried.failure).toBeNull();
    expect(retried.rootAttempt).toBe(failed.rootAttempt);
  });

  it('the node opened again by a click and loaded: its error goes; another node’s error stays', () => {
    const failed = run([{ type: 'nodeFailed', key: 'compound:k1', error: down }]);
    expect(treeReducer(failed, { type: 'nodeLoaded', key: 'compound:k1' }).failure).toBeNull();
    expect(treeReducer(failed, { type: 'nodeLoaded', key: 'compound:k2' }).failure).toEqual(failed.failure);
  });

  it('opening a node keeps the others open and does not add it twice; 重试 without an error changes nothing', () => {
    const s = run([{ type: 'open', key: 'grid:g1' }, { type: 'open', key: 'compound:k1' }, { type: 'open', key: 'grid:g1' }]);
    expect(s.expanded).toEqual(['grid:g1', 'compound:k1']);
    expect(treeReducer(s, { type: 'retry' })).toBe(s);
  });
});
