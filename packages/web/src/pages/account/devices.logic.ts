// Pure helpers of 登录设备 (tested in devices.logic.test.ts).
import type { MySession } from './devices.api';

/** This device first, then the others by last activity, newest first. */
export function orderDevices(items: readonly MySession[]): MySession[] {
  return [...items].sort((a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastActiveAt) - Date.parse(a.lastActiveAt));
}

/** How many devices "sign out all other devices" would end. */
export const otherDeviceCount = (items: readonly MySession[]) => items.filter((i) => !i.current).length;

/** Phone or computer, from the OS family in the server's label ("Chrome 131 · Android"); unknown without a label. */
export function deviceKind(label: string | null): 'phone' | 'computer' | 'unknown' {
  if (!label) return 'unknown';
  const os = label.split(' · ').at(-1) ?? '';
  if (/^(Android|iOS|HarmonyOS)$/.test(os)) return 'phone';
  if (/^(Windows|macOS|Linux|ChromeOS)$/.test(os)) return 'computer';
  return 'unknown';
}
