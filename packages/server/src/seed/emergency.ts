import { addDays, ymdOf } from '../modules/privacy';

/** Legal reference of the demo district's emergency (synthetic notice number). */
export const DEMO_EMERGENCY_REF = '定海区疫情防控指挥部通告〔演示〕第1号';

/** The demo emergency starts 121 days before the seed day: before the warning pages' 120 days of demo counts. */
export function demoEmergencyStart(now: Date): string {
  return addDays(ymdOf(now), -121);
}
