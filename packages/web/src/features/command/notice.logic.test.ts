import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { commandNotice, commandNoticeLink } from './notice.logic';

const t = ((key: string, o?: Record<string, string>) => `${key}${o ? JSON.stringify(o) : ''}`) as unknown as TFunction;

describe('指挥部 bell lines (ADR 0090)', () => {
  it('a decision given, or overdue, with its title and deadline; it leads to 我的督办事项', () => {
    expect(commandNotice('command_decision', { title: '核查', dueDate: '2026-12-05', overdue: '' }, t)).toBe('command.bell.decision{"title":"核查","date":"2026-12-05"}');
    expect(commandNotice('command_decision', { title: '核查', dueDate: '2026-12-05', overdue: '1' }, t)).toBe('command.bell.overdue{"title":"核查","date":"2026-12-05"}');
    expect(commandNotice('command_decision', {}, t)).toBe('command.bell.decisionPlain');
    expect(commandNoticeLink()).toBe('/me/decisions');
  });
});
