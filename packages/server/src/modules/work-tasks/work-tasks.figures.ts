import type { Database } from '../../platform/db/database';

/**
 * Read-only figures of the work tasks under an area (for the 指挥部 dispatch meeting's agenda, ADR 0090): open tasks,
 * those past their time, and those still waiting for someone (待分派). Counts only, no task content.
 */
export async function taskFigures(database: Database, areaPath: string, at: Date): Promise<{ open: number; overdue: number; unassigned: number }> {
  const { db, codec } = database;
  const base = () => db.selectFrom('work_tasks').where('org_path', 'like', `${areaPath}%`).where('status', '=', 'open');
  const [open, overdue, unassigned] = await Promise.all([
    base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base().where('due_at', '<', codec.ts(at)).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    base().where('assignee_id', 'is', null).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { open: codec.readInt(open?.n ?? 0), overdue: codec.readInt(overdue?.n ?? 0), unassigned: codec.readInt(unassigned?.n ?? 0) };
}
