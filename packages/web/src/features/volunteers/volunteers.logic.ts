// Pure helpers of the 志愿者 pages (ADR 0085): Shanghai days and weeks for the shift list, the words of skills and
// availability in the language shown, what a volunteer can do next on a shift, and the public application address.
import type { TFunction } from 'i18next';
import type { Coded, VolunteerAccount } from './api';
import { shanghaiDay } from '../../lib/shanghai-time';

const SHANGHAI_MS = 8 * 3_600_000;

export { shanghaiDay };

/** The time of day in Shanghai (HH:MM). */
export function shanghaiTime(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_MS).toISOString().slice(11, 16);
}

/** A day plus n days (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The week (Monday to Sunday) holding a day. */
export function weekOf(day: string): { from: string; to: string } {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const from = addDays(day, -((dow + 6) % 7));
  return { from, to: addDays(from, 6) };
}

/** A valid YYYY-MM-DD, or null. */
export function validDay(s: string | null | undefined): string | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
}

/** Codes in words of the language shown (the server's names), joined as that language joins a list; unknown codes as they are. */
export function wordsOf(codes: readonly string[], names: readonly Coded[] | undefined, lang: string): string {
  const zh = lang.startsWith('zh');
  const byCode = new Map((names ?? []).map((n) => [n.code, zh ? n.zh : n.en]));
  return codes.map((c) => byCode.get(c) ?? c).join(zh ? '、' : ', ');
}

/** One's state on a shift: not checked in, checked in (on duty), checked out (done). */
export type CheckState = 'none' | 'in' | 'done';
export function checkState(m: { checkedInAt: string | null; checkedOutAt: string | null }): CheckState {
  return m.checkedOutAt ? 'done' : m.checkedInAt ? 'in' : 'none';
}

/** Minutes as hours with one decimal (as the roster's `hours`). */
export function hoursOf(minutes: number | null | undefined): number {
  return Math.round((minutes ?? 0) / 6) / 10;
}

/**
 * Check-in opens an hour before the start, as an instant (for a shift starting 00:30, at 23:30 the day before), and
 * closes when the shift's day has passed in Shanghai (the server decides; this only says when to offer it).
 */
export function checkInOpen(shift: { day: string; starts: string }, now: Date): boolean {
  if (shanghaiDay(now) > shift.day) return false;
  return now.getTime() >= Date.parse(`${shift.day}T${shift.starts}:00+08:00`) - 3_600_000;
}

/**
 * The public application form's address for a community (what the secretary copies into a WeChat group or prints as a
 * QR code): by the community's org code, like the complaint form's /public/complaint?org=<code>.
 */
export function applyAddress(origin: string, orgCode: string): string {
  return `${origin.replace(/\/+$/, '')}/public/volunteer?org=${encodeURIComponent(orgCode)}`;
}

/** A time in Shanghai, to the minute (2026/12/05 08:30). */
export { shanghaiMinute as at } from '../../lib/shanghai-time';

/** The clock time in Shanghai of an instant (HH:MM), or ''. */
export function clockOf(iso: string | null): string {
  return iso ? shanghaiTime(new Date(iso)) : '';
}

/**
 * The community's volunteer accounts as the options of 关联志愿者账号: one that another roster entry holds is shown with
 * whom (or that they left the roster) and cannot be chosen; `self` is the entry being edited, whose own account stays free.
 */
export function accountOptions(items: readonly VolunteerAccount[], t: TFunction, self?: string) {
  return items.map((u) => {
    const other = u.linkedTo && u.linkedTo.volunteerId !== self ? u.linkedTo : null;
    return {
      value: u.id,
      label: other ? `${u.name}（${other.active ? t('volunteers.applications.accountTaken', { name: other.nameMasked }) : t('volunteers.applications.accountRetired', { name: other.nameMasked })}）` : u.name,
      disabled: !!other,
    };
  });
}
