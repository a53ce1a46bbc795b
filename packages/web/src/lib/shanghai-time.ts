// The server's calendar (Asia/Shanghai) on the device, whatever its own time zone: a phone set to another zone still
// asks for the community's day, and shows times as the community reads them.
import { shanghaiDate } from '@renxing/shared';

const pad = (n: number) => String(n).padStart(2, '0');

/** The day of an instant in Shanghai, YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  const d = shanghaiDate(at);
  return `${d.y}-${pad(d.m)}-${pad(d.d)}`;
}

/** Today in Shanghai, YYYY-MM-DD. */
export const shanghaiToday = (): string => shanghaiDay(new Date());

/** An instant in Shanghai to the minute (2026/12/05 08:30), or '' for none. */
export const shanghaiMinute = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }) : '';

/** "14:00": the time of day of an instant in Shanghai. */
export function shanghaiClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
}
