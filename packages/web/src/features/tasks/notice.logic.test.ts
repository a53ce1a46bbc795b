import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { tasksEn, tasksZh } from './i18n';
import { taskNotice, taskNoticeLink } from './notice.logic';

async function tr(lng: 'zh-CN' | 'en', res: typeof tasksZh) {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: { tasks: res } } }, interpolation: { escapeValue: false } });
  return i.t;
}

describe('工作任务 bell lines', () => {
  it('an overdue task: the worker is told to see to it; the admins, to assign one nobody has', async () => {
    const zh = await tr('zh-CN', tasksZh);
    const en = await tr('en', tasksEn);
    expect(taskNotice('task_overdue', { title: '3幢消杀', unassigned: '' }, zh)).toBe('任务“3幢消杀”已超时，请尽快办理');
    expect(taskNotice('task_overdue', { title: '3幢消杀', unassigned: '1' }, zh)).toBe('待分派的任务“3幢消杀”已超时，请尽快指派');
    expect(taskNotice('task_overdue', {}, en)).toBe('A task is overdue');
    expect(taskNotice('task_returned', { title: '3幢消杀', reason: '照片不清' }, en)).toBe('Task “3幢消杀” was sent back: 照片不清');
  });
  it('leads to 我的任务, or for an unassigned overdue task to the board’s 已超时 · 待分派 list', () => {
    expect(taskNoticeLink('task_overdue', { unassigned: '' })).toBe('/me/tasks');
    expect(taskNoticeLink('task_assigned', {})).toBe('/me/tasks');
    expect(taskNoticeLink('task_overdue', { unassigned: '1' })).toBe('/tasks?status=overdue&assignee=none');
  });
});
