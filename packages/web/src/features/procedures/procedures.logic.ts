// Pure helpers of 工作规程 (ADR 0088): the draft editor's steps (add, remove, move, the body the API takes, whether
// anything changed), a procedure's current / draft version, the list's filters in the address, the steps a refused
// 完成 (409 steps_missing) names, and a checklist's progress.
import { isApiError } from '../../api/client';
import { PROCEDURE_CATEGORIES, type MyChecklists, type ProcedureCategory, type ProcedureItem, type Run, type Step, type Version } from './api';

/** A step in the editor: a stable key for React, the texts as typed. */
export type EditStep = { key: string; title: string; detail: string; required: boolean };

let seq = 0;
const nextKey = () => `s${++seq}`;

export const toEdit = (steps: readonly Step[]): EditStep[] => steps.map((s) => ({ key: nextKey(), title: s.title, detail: s.detail ?? '', required: s.required }));
export const addStep = (steps: readonly EditStep[]): EditStep[] => [...steps, { key: nextKey(), title: '', detail: '', required: true }];
export const removeStep = (steps: readonly EditStep[], i: number): EditStep[] => steps.filter((_, j) => j !== i);
/** Move step i by `by` (−1 up, +1 down); out of range leaves the list as it is. */
export function moveStep(steps: readonly EditStep[], i: number, by: -1 | 1): EditStep[] {
  const j = i + by;
  if (i < 0 || i >= steps.length || j < 0 || j >= steps.length) return [...steps];
  const out = [...steps];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}
export const updateStep = (steps: readonly EditStep[], i: number, patch: Partial<Omit<EditStep, 'key'>>): EditStep[] => steps.map((s, j) => (j === i ? { ...s, ...patch } : s));

/** The steps as the API takes them: trimmed, an empty detail left out. */
export const stepsBody = (steps: readonly EditStep[]): Step[] =>
  steps.map((s) => ({ title: s.title.trim(), ...(s.detail.trim() ? { detail: s.detail.trim() } : {}), required: s.required }));

/** Whether the editor holds something other than the saved draft. */
export const stepsChanged = (edited: readonly EditStep[], saved: readonly Step[]) =>
  JSON.stringify(stepsBody(edited)) !== JSON.stringify(saved.map((s) => ({ title: s.title, ...(s.detail ? { detail: s.detail } : {}), required: s.required })));

export const currentVersion = (vs: readonly Version[]) => vs.find((v) => v.status === 'published') ?? null;
export const draftVersion = (vs: readonly Version[]) => vs.find((v) => v.status === 'draft') ?? null;

export type ProcedureFilters = { category: ProcedureCategory | null; q: string };
/** The list's filters from the address: category (unknown ones dropped) and a search text. */
export function filtersOf(params: URLSearchParams): ProcedureFilters {
  const c = params.get('category');
  return { category: PROCEDURE_CATEGORIES.includes(c as ProcedureCategory) ? (c as ProcedureCategory) : null, q: (params.get('q') ?? '').trim().slice(0, 40) };
}
/** Procedures whose title or purpose holds the search text (case-insensitive). */
export function matches(p: Pick<ProcedureItem, 'title' | 'purpose'>, q: string): boolean {
  if (!q) return true;
  const n = q.toLowerCase();
  return p.title.toLowerCase().includes(n) || (p.purpose ?? '').toLowerCase().includes(n);
}

/** The steps a refused 完成 names (409 steps_missing: one detail `steps.<n>` per open required step), with their titles. */
export function missingSteps(error: unknown, run: Pick<Run, 'steps'>): Array<{ no: number; title: string }> {
  if (!isApiError(error) || error.code !== 'steps_missing') return [];
  return error.details.map((d) => /^steps\.(\d+)$/.exec(d.path)).filter((m): m is RegExpExecArray => !!m).map((m) => Number(m[1]))
    .map((no) => ({ no, title: run.steps.find((s) => s.no === no)?.title ?? '' }));
}

/** Required steps still open (what 完成 would refuse). */
export const openRequired = (run: Pick<Run, 'steps'>) => run.steps.filter((s) => s.required && !s.done);

export const isStale = (error: unknown) => isApiError(error) && error.code === 'stale_version';

/** A run as the server returned it, put into 我的清单: replaced in place while open, new ones first, a completed one moved to the done list. */
export function putRun(data: MyChecklists | undefined, run: Run): MyChecklists | undefined {
  if (!data) return data;
  const open = data.open.filter((r) => r.id !== run.id);
  const done = data.done.filter((r) => r.id !== run.id);
  if (run.status !== 'open') return { open, done: [run, ...done] };
  return { open: data.open.some((r) => r.id === run.id) ? data.open.map((r) => (r.id === run.id ? run : r)) : [run, ...open], done };
}
