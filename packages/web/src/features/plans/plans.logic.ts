// 应急预案与演练 (ADR 0089): the editor's text lines to roles and steps (and back), a step's timing against its target,
// the minutes since a drill started.
import type { DrillStep, Plan, PlanInput } from './api';

/** Roles, one a line: `名称｜职责` (either bar); the staff already holding a role of that name are kept. */
export function parseRoles(text: string, before: Plan['roles'] = []): PlanInput['roles'] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [name = '', ...rest] = l.split(/[|｜]/).map((x) => x.trim());
    const duties = rest.join('｜').trim();
    const staffIds = before.find((r) => r.name === name)?.staff.map((s) => s.id) ?? [];
    return { name, ...(duties ? { duties } : {}), ...(staffIds.length ? { staffIds } : {}) };
  });
}

/** Steps, one a line in order: `标题｜负责角色｜目标分钟`; a missing or unreadable number is 0. */
export function parseSteps(text: string): PlanInput['steps'] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [title = '', role = '', minutes = ''] = l.split(/[|｜]/).map((x) => x.trim());
    const n = Number.parseInt(minutes, 10);
    return { title, role, targetMinutes: Number.isFinite(n) && n >= 0 ? n : 0 };
  });
}

export const rolesText = (roles: Plan['roles']) => roles.map((r) => (r.duties ? `${r.name}｜${r.duties}` : r.name)).join('\n');
export const stepsText = (steps: Plan['steps']) => steps.map((s) => `${s.title}｜${s.role}｜${s.targetMinutes}`).join('\n');

/** A step's state in a drill: not done yet (`pending`, `overdue` once past its target), or done `onTime` / `late`. */
export function stepState(s: Pick<DrillStep, 'doneAt' | 'late' | 'targetMinutes'>, elapsedNow: number | null): 'pending' | 'overdue' | 'onTime' | 'late' {
  if (s.doneAt) return s.late ? 'late' : 'onTime';
  return elapsedNow !== null && elapsedNow > s.targetMinutes ? 'overdue' : 'pending';
}

/** Whole minutes since the start (null before it). */
export const elapsedMinutes = (startedAt: string | null, now: Date): number | null =>
  startedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(startedAt)) / 60_000)) : null;

/** The datetime-local value a week from now at 14:30 (the device's time) for 安排演练. */
export function defaultDrillTime(now: Date): string {
  const d = new Date(now.getTime() + 7 * 86_400_000);
  d.setHours(14, 30, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
