import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';
import type { SecurityAlert } from './security-alerts.api';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

/** The account an alert is about, as the list shows it: "name（role · org）". */
export function alertActor(a: SecurityAlert, t: TFunction, roleLabel: (role: string) => string): string {
  if (!a.actor?.displayName) return t('securityAlerts.unknownActor');
  const extra = [a.actor.role ? roleLabel(a.actor.role) : '', a.actor.orgName ?? ''].filter(Boolean).join(' · ');
  return extra ? `${a.actor.displayName}（${extra}）` : a.actor.displayName;
}

/**
 * One alert in plain words: what happened, with the numbers (and for browsing, what the user must do now). Counts,
 * thresholds and the export cap with thousands separators in `language` (lib/numbers.ts); "?" when missing.
 */
export function alertText(a: SecurityAlert, t: TFunction, language: string): string {
  const actor = a.actor?.displayName ?? t('securityAlerts.unknownActor');
  const n = (v: number | null) => (v === null ? '?' : formatCount(v, language));
  if (a.kind === 'browsing') {
    const window = num(a.details.windowMinutes) ?? '?';
    const main = t('securityAlerts.browsing', { actor, count: n(a.count), window, threshold: n(num(a.details.threshold)) });
    return `${main}${a.details.action === 'block' ? t('securityAlerts.browsingBlock', { window }) : t('securityAlerts.browsingStepUp')}`;
  }
  if (a.kind === 'daily_export_cap') return t('securityAlerts.exportCap', { actor, count: n(a.count), cap: n(num(a.details.cap)) });
  // Searches by name outside scope (ADR 0040).
  if (a.kind === 'search_outside_scope') {
    return t('securityAlerts.searchOutside', { actor, count: n(a.count), window: num(a.details.windowMinutes) ?? '?', threshold: n(num(a.details.threshold)) });
  }
  // An erasure whose ledger line could not be written (ADR 0043).
  if (a.kind === 'erasure_ledger_failed') return t('securityAlerts.erasureLedger', { actor, seq: num(a.details.certificateSeq) ?? '?' });
  // A gate terminal naming another device than its own topic (ADR 0081).
  if (a.kind === 'device_identity_mismatch') return t('securityAlerts.deviceMismatch', { topic: String(a.details.topicDevice ?? '?'), claimed: String(a.details.payloadDevice ?? '?') });
  if (a.kind === 'device_colour_mismatch') {
    return t('securityAlerts.deviceColour', { device: String(a.details.deviceId ?? '?'), gate: String(a.details.gateName ?? '?'), count: n(num(a.details.mismatches)) });
  }
  return t('securityAlerts.other', { actor, kind: a.kind });
}

/**
 * The bell's line for a `browsing_alert` or `search_alert` (ADR 0040) notification (its payload was written when the
 * alert was raised).
 */
export function securityAlertNotice(d: Record<string, string>, t: TFunction, roleLabel: (role: string) => string, kind = 'browsing_alert'): string {
  const key = kind === 'search_alert' ? 'securityAlerts.searchNotice' : 'securityAlerts.notice';
  return t(key, { role: d.actorRole ? roleLabel(d.actorRole) : '', actor: d.actorName ?? '', count: d.count ?? '?', window: d.windowMinutes ?? '?' });
}

export const SECURITY_ALERT_NOTIFICATION_KINDS = ['browsing_alert', 'search_alert'] as const;

/** Shortest closing note the server takes (what was done, e.g. 已核实为正常入户走访). */
export const CLOSE_NOTE_MIN = 4;

/** What the admin can still do with an alert: open → acknowledge or close; acknowledged → close; closed → nothing. */
export function alertActions(a: Pick<SecurityAlert, 'status'>): Array<'acknowledge' | 'close'> {
  if (a.status === 'open') return ['acknowledge', 'close'];
  if (a.status === 'acknowledged') return ['close'];
  return [];
}

/** "安全管理员 于 2026-03-01 10:00 确认" lines for the acknowledged / closed steps, with the closing note. */
export function alertHandled(a: SecurityAlert, t: TFunction, when: (iso: string) => string): string[] {
  const who = (s: NonNullable<SecurityAlert['acknowledged']>) => s.by?.displayName ?? t('securityAlerts.unknownActor');
  const out: string[] = [];
  if (a.acknowledged) out.push(t('securityAlerts.acknowledgedBy', { who: who(a.acknowledged), when: when(a.acknowledged.at) }) + (a.acknowledged.note ? t('securityAlerts.withNote', { note: a.acknowledged.note }) : ''));
  if (a.closed) out.push(t('securityAlerts.closedBy', { who: who(a.closed), when: when(a.closed.at) }) + (a.closed.note ? t('securityAlerts.withNote', { note: a.closed.note }) : ''));
  return out;
}
