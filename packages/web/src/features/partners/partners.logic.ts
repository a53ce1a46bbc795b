// Pure rules of 多方协同 pages (ADR 0091): the matrix as the paper table (a row per task type, a column per unit), the
// unified social credit code check before sending (GB 32100-2015, as the server), the registry form's body, slots by day.
import { shanghaiClock, shanghaiDay } from '../../lib/shanghai-time';
import type { Cell, DutyRole, Slot, UnitInput, UnitKind } from './api';

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** True for an 18-character unified social credit code whose check character fits (upper or lower case typed). */
export function isValidCreditCode(raw: string): boolean {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(code[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return CHARS[c === 31 ? 0 : c] === code[17];
}

/** The role of each unit per task type: `rows.get(taskKind).get(unitId)`. */
export function matrixRows(cells: readonly Cell[]): Map<string, Map<string, DutyRole>> {
  const m = new Map<string, Map<string, DutyRole>>();
  for (const c of cells) {
    if (!m.has(c.taskKind)) m.set(c.taskKind, new Map());
    m.get(c.taskKind)!.set(c.unitId, c.role);
  }
  return m;
}

/** The unit leading a task type, if any. */
export function leadOf(cells: readonly Cell[], taskKind: string): string | null {
  return cells.find((c) => c.taskKind === taskKind && c.role === 'lead')?.unitId ?? null;
}

export type UnitValues = {
  kind: UnitKind; name: string; regStatus?: 'registered' | 'filed'; creditCode?: string; contactName?: string; contactPhone?: string; servicesNote?: string;
};

/** The body of 登记单位: empty fields left out; the status and code only for a social organisation, the code only when registered. */
export function unitInput(v: UnitValues): UnitInput {
  const trim = (s?: string) => (s ?? '').trim();
  const social = v.kind === 'social_org';
  return {
    kind: v.kind, name: trim(v.name),
    ...(social && v.regStatus ? { regStatus: v.regStatus } : {}),
    ...(social && v.regStatus === 'registered' && trim(v.creditCode) ? { creditCode: trim(v.creditCode).toUpperCase() } : {}),
    ...(trim(v.contactName) ? { contactName: trim(v.contactName) } : {}),
    ...(trim(v.contactPhone) ? { contactPhone: trim(v.contactPhone) } : {}),
    ...(trim(v.servicesNote) ? { servicesNote: trim(v.servicesNote) } : {}),
  };
}

/** Slots grouped by their Shanghai day, in time order. */
export function slotsByDay<S extends Pick<Slot, 'startsAt'>>(slots: readonly S[]): Array<{ day: string; slots: S[] }> {
  const out: Array<{ day: string; slots: S[] }> = [];
  for (const s of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = shanghaiDay(new Date(s.startsAt));
    const last = out[out.length - 1];
    if (last?.day === day) last.slots.push(s);
    else out.push({ day, slots: [s] });
  }
  return out;
}

/** "14:00" of an instant in Shanghai (lib/shanghai-time). */
export { shanghaiClock };
