import { isIsoDay } from '@renxing/shared';

/** Calendar days as ISO 'YYYY-MM-DD' strings, in the platform's reporting zone (Asia/Shanghai, UTC+8, no DST). */

const DAY = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

/** The reporting day (Asia/Shanghai) of an instant. */
export function localDay(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date in ISO form (shared with the other modules' date fields). */
export { isIsoDay };

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/** Every day from `from` to `to` inclusive (empty when from > to). */
export function dayRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  const out: string[] = [];
  for (let i = 0; i <= n; i++) out.push(addDays(from, i));
  return out;
}
