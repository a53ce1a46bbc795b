import type { TFunction } from 'i18next';
import type { SecurityAlert } from './security-alerts.api';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

/** The account an alert is about, as the list shows it: "name（role · org）". */
export function alertActor(a: SecurityAlert, t: TFunction, roleLabel: (role: string) => string): string {
  if (!a.actor?.displayName) return t('securityAlerts.unknownActor');
  const extra = [a.actor.role ? roleLabel(a.actor.role) : '', a.actor.orgName ?? ''].filter(Boolean).join(' · ');
  return extra ? `${a.actor.displayName}（${extra}）` : a.actor.displayName;
}

/** One alert in plain words: what happened, with the numbers (and for browsing, what the user must do now). */
export function alertText(a: SecurityAlert, t: TFunction): string {
  const actor = a.actor?.displayName ?? t('securityAlerts.unknownActor');
  if (a.kind === 'browsing') {
    const window = num(a.details.windowMinutes) ?? '?';
    const main = t('securityAlerts.browsing', { actor, count: a.count ?? '?', window, threshold: num(a.details.threshold) ?? '?' });
    return `${main}${a.details.action === 'block' ? t('securityAlerts.browsingBlock', { window }) : t('securityAlerts.browsingStepUp')}`;
  }
  if (a.kind === 'daily_export_cap') return t('securityAlerts.exportCap', { actor, count: a.count ?? '?', cap: num(a.details.cap) ?? '?' });
  return t('securityAlerts.other', { actor, kind: a.kind });
}

/** The bell's line for a `browsing_alert` notification (its payload was written when the alert was raised). */
export function securityAlertNotice(d: Record<string, string>, t: TFunction, roleLabel: (role: string) => string): string {
  return t('securityAlerts.notice', { role: d.actorRole ? roleLabel(d.actorRole) : '', actor: d.actorName ?? '', count: d.count ?? '?', window: d.windowMinutes ?? '?' });
}

export const SECURITY_ALERT_NOTIFICATION_KINDS = ['browsing_alert'] as const;
