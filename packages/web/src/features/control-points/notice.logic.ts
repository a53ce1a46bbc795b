// What the bell says of a control point's escalations (ADR 0074), from the payload the server stored: the compound and
// the checks found wrong — never a person. Both open the board.
import type { TFunction } from 'i18next';
import { CHECKS, type Check } from './api';

export const CONTROL_POINT_NOTIFICATION_KINDS = ['control_point_problem', 'control_point_due'] as const;
export const CONTROL_POINTS_PATH = '/control-points';

/** The checks a payload names — a list, or a string of codes separated by commas (as the server writes it) — in the form's order; anything else is left out. */
export function checksOf(v: unknown): Check[] {
  const words = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/[,，、\s]+/) : [];
  const named = new Set(words.filter((w): w is Check => (CHECKS as readonly string[]).includes(w)));
  return CHECKS.filter((c) => named.has(c));
}

/** 巡查发现问题 (at once, to the person responsible and the community admins) or 已到巡查时间 (once per lapse, to the former). */
export function controlPointNotice(kind: string, d: Record<string, unknown>, t: TFunction, language: string): string {
  const compound = String(d.compound ?? d.compoundName ?? '');
  if (kind === 'control_point_due') return t('controlPoint.bell.due', { compound });
  const raw = d.checks ?? d.problems;
  const checks = checksOf(raw);
  // Names this app does not know (a newer server): as the server wrote them.
  if (!checks.length) return typeof raw === 'string' && raw.trim() ? t('controlPoint.bell.problem', { compound, checks: raw.trim() }) : t('controlPoint.bell.problemNoChecks', { compound });
  const sep = language.startsWith('zh') ? '、' : ', ';
  return t('controlPoint.bell.problem', { compound, checks: checks.map((c) => t(`controlPoint.checksShort.${c}`)).join(sep) });
}
