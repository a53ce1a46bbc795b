// What 保存 does in the resident edit drawer (edit-resident.drawer.tsx); free of React so that it is unit-tested.
import type { ResidentDetail, ResidentPatch } from './api';
import { patchChanges, patchOf, type EditValues } from './registry.logic';

/** 保存 either sends the fields that changed, or — nothing changed — sends nothing and says so (the drawer stays open). */
export type EditSave = { kind: 'send'; patch: ResidentPatch } | { kind: 'unchanged' };

/**
 * What 保存 does with the form's values: `send` only what changed (patchOf), or `unchanged` when that is nothing. Then no
 * request goes out (a bare `{ version }` would raise the version and add an empty 修改信息 line to the history), and
 * the drawer shows 没有修改 and stays open: it used to close without a word, which looked like a save. Pressing 保存 with
 * nothing changed is more often a change that did not take than a way to close; 取消 closes.
 */
export function editSave(r: ResidentDetail, v: EditValues): EditSave {
  const patch = patchOf(r, v);
  return patchChanges(patch) ? { kind: 'send', patch } : { kind: 'unchanged' };
}
