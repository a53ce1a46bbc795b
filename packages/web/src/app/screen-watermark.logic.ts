import dayjs from 'dayjs';

/**
 * Screen watermark (SECURITY.md §5 T1 "screens carry visible watermarks (user name + time) to discourage photos";
 * ADR 0040). Every page of the signed-in layout of a staff account carries a faint tiled mark naming the account, its
 * organisation and the current minute, so that a photo of a screen with residents' data says whose screen it was and
 * when. Residents' own pages carry none: they show the resident's own record (a copy of which is their right, PIPL
 * Art. 45) and never another person's data.
 */

/** Roles whose signed-in pages carry no watermark: the resident sees only their own record. */
export const WATERMARK_EXEMPT_ROLES: readonly string[] = ['resident'];

/** The minute shown in the mark, in the device's time like every other time the app shows. */
export const WATERMARK_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export type WatermarkUser = { username: string; role: string; org: { name: string } };

/**
 * The mark's lines for this account at `now`: login name and organisation, then the minute — or null when the role
 * carries no watermark. The login name (not the display name) names the account unambiguously.
 */
export function watermarkLines(me: WatermarkUser, now: Date): string[] | null {
  if (WATERMARK_EXEMPT_ROLES.includes(me.role)) return null;
  return [`${me.username} · ${me.org.name}`, dayjs(now).format(WATERMARK_TIME_FORMAT)];
}

/** Milliseconds until the next full minute (when the mark's time must change); never 0, so a timer always advances. */
export function msUntilNextMinute(now: Date): number {
  const ms = now.getTime();
  return 60_000 - (((ms % 60_000) + 60_000) % 60_000) || 60_000;
}
