// The 按楼栋查找 tree's state (place-tree.tsx), without React: which nodes are open, which level failed to load and how
// 重试 asks for it again. Unit-tested in place-tree.logic.test.ts.
import type { Key } from 'react';

/** Where loading failed: the tree's first levels (`root`) or the children of one node. */
export type TreeFailure = { error: unknown; at: { root: true } | { key: Key } };

export type TreeState = {
  /** The open nodes (the Tree's `expandedKeys`). */
  expanded: Key[];
  failure: TreeFailure | null;
  /** Raised by 重试 after the first levels failed: the tree loads them again. */
  rootAttempt: number;
};

export type TreeAction =
  | { type: 'expanded'; keys: Key[] }
  /** Choosing a node opens it too (one tap on a phone). */
  | { type: 'open'; key: Key }
  | { type: 'rootFailed'; error: unknown }
  | { type: 'nodeFailed'; key: Key; error: unknown }
  | { type: 'nodeLoaded'; key: Key }
  | { type: 'retry' };

export const initialTreeState: TreeState = { expanded: [], failure: null, rootAttempt: 0 };

const withKey = (keys: Key[], key: Key) => (keys.includes(key) ? keys : [...keys, key]);

export function treeReducer(state: TreeState, action: TreeAction): TreeState {
  switch (action.type) {
    case 'expanded':
      return { ...state, expanded: action.keys };
    case 'open':
      return { ...state, expanded: withKey(state.expanded, action.key) };
    case 'rootFailed':
      return { ...state, failure: { error: action.error, at: { root: true } } };
    case 'nodeFailed':
      // The node is folded: an open node without children makes the Tree ask for them again at once, and again after
      // each failure, for as long as the network is down. Opening it again (重试, or a click) asks once more.
      return { ...state, expanded: state.expanded.filter((k) => k !== action.key), failure: { error: action.error, at: { key: action.key } } };
    case 'nodeLoaded':
      // Opened again by a click rather than 重试: the failure it had is over.
      return state.failure && 'key' in state.failure.at && state.failure.at.key === action.key ? { ...state, failure: null } : state;
    case 'retry': {
      const f = state.failure;
      if (!f) return state;
      if ('root' in f.at) return { ...state, failure: null, rootAttempt: state.rootAttempt + 1 };
      return { ...state, failure: null, expanded: withKey(state.expanded, f.at.key) };
    }
  }
}
