// What the bell says of 指挥部 (ADR 0090), from the payload the server stored — the decision's title and deadline — and
// where it leads: 我的督办事项. The same kind tells the owner once that a decision is overdue (overdue '1').
import type { TFunction } from 'i18next';

export const COMMAND_NOTIFICATION_KINDS = ['command_decision'] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function commandNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'command_decision') {
    if (!str(d.title)) return t('command.bell.decisionPlain');
    return t(d.overdue === '1' ? 'command.bell.overdue' : 'command.bell.decision', { title: str(d.title), date: str(d.dueDate) });
  }
  return kind;
}

export const commandNoticeLink = (): string => '/me/decisions';
