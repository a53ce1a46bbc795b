// Pure helpers of the dashboard's 今日体温上报 card (tested without a browser).
import type { GridCoverage, Mine } from './api';

export type ReportingSummary = { residents: number; reported: number; notReported: number; fevers: number; openFollowUps: number; percent: number };

/** Totals over the grids of the caller's area: who reported today, who did not, fevers, and follow-ups still open (any day). */
export function reportingSummary(grids: readonly GridCoverage[]): ReportingSummary {
  const s = grids.reduce(
    (a, g) => ({ residents: a.residents + g.residents, reported: a.reported + g.reported, fevers: a.fevers + g.fevers, openFollowUps: a.openFollowUps + (g.openFollowUps ?? 0) }),
    { residents: 0, reported: 0, fevers: 0, openFollowUps: 0 },
  );
  // Reports of people who moved out since can exceed today's residents: never a negative gap or more than 100 %.
  const reported = Math.min(s.reported, s.residents);
  return { ...s, notReported: s.residents - reported, percent: reportedPercent(reported, s.residents) };
}

/**
 * Share of residents who reported, in % with one decimal, rounded down: 100 % only when everyone reported. The
 * workbench card and the grid cards of 体温自报 both use it, so the same figures show the same percentage.
 */
export function reportedPercent(reported: number, residents: number): number {
  return residents > 0 ? Math.floor((Math.min(reported, residents) * 1000) / residents) / 10 : 0;
}

/** The latest report a household member sent today (Asia/Shanghai day), if any: the page says "already reported". */
export function reportedToday(items: Mine['items'], residentId: string | undefined, today: string): Mine['items'][number] | null {
  if (!residentId) return null;
  let latest: Mine['items'][number] | null = null;
  for (const i of items) if (i.residentId === residentId && i.reportDate === today && (!latest || i.createdAt > latest.createdAt)) latest = i;
  return latest;
}
