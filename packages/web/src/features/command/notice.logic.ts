// What the bell says of 指挥部 (ADR 0090), from the payload the server stored — the decision's title and deadline — and
// where it leads: 我的督办事项.
import type { TFunction } from 'i18next';

export const COMMAND_NOTIFICATION_KINDS = ['command_decision'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function commandNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'command_decision') return str(d.title) ? t('command.bell.decision', { title: str(d.title), date: str(d.dueDate) }) : t('command.bell.decisionPlain');
  return kind;
}

export const commandNoticeLink = (): string => '/me/decisions';
