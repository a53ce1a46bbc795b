// What the bell says of `gate_alert` (ADR 0081), from the payload the server stored — the gate, the decision and the
// reason codes, never a name — and where it leads: the gate's passages of the day, the ones to check (a 需核实) or the
// ones stopped (a 不放行).
import type { TFunction } from 'i18next';

export const GATE_NOTIFICATION_KINDS = ['gate_alert'] as const;
export const GATES_PATH = '/gates';

/** 东门：不放行（居家隔离中，不得外出）; without a usable payload, a line that still says where to look. */
export function gateNotice(d: Record<string, unknown>, t: TFunction): string {
  const decision = d.decision === 'deny' || d.decision === 'review' ? d.decision : null;
  if (!decision || typeof d.gateName !== 'string' || !d.gateName) return t('gates.bell.any');
  const codes = typeof d.reasons === 'string' ? d.reasons.split(',').filter(Boolean) : [];
  const reasons = codes.map((c) => t(`gates.reasonCodes.${c}`, { defaultValue: c })).join(t('gates.bell.joiner'));
  return t(reasons ? 'gates.bell.alert' : 'gates.bell.alertNoReason', { gate: d.gateName, decision: t(`gates.effect.${decision}`), reasons });
}

/** 通行记录 of the gate: 待核实 for a check, 不放行 for a stop (today's; the bell is read the same day as a rule). */
export function gateNoticeLink(d: Record<string, unknown>): string {
  const q = new URLSearchParams({ tab: 'events' });
  if (typeof d.gateId === 'string' && d.gateId) q.set('gate', d.gateId);
  q.set('decision', d.decision === 'deny' ? 'deny' : 'open');
  return `${GATES_PATH}?${q.toString()}`;
}
