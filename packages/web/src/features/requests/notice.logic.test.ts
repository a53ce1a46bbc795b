import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { requestsEn, requestsZh } from './i18n';
import { requestNotice, requestNoticeLink } from './notice.logic';

const make = async (lng: string, res: typeof requestsZh) => {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: { requests: res } } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
};

describe('上级任务 bell lines (ADR 0093)', () => {
  it('words a new, a merged and an overdue request from the payload, plainly without a title; each leads to its item', async () => {
    const zh = await make('zh-CN', requestsZh);
    expect(requestNotice({ title: '每日健康监测', sourceDept: '区卫健委', merged: 'no' }, zh)).toBe('上级任务：每日健康监测（区卫健委）');
    expect(requestNotice({ title: '每日健康监测', sourceDept: '区卫健委', merged: 'yes' }, zh)).toBe('上级任务：每日健康监测（区卫健委），已与同口径任务合并');
    expect(requestNotice({ title: '每日健康监测', sourceDept: '区卫健委', merged: 'no', overdue: 'yes' }, zh)).toBe('上级任务已逾期：每日健康监测（区卫健委），请尽快填报报送');
    expect(requestNotice({}, zh)).toBe('有新的上级任务');
    const en = await make('en', requestsEn);
    expect(requestNotice({ title: 'Daily health', sourceDept: 'Health bureau', overdue: 'yes' }, en)).toBe('Overdue request: Daily health (Health bureau): please answer and submit it');
    expect(requestNoticeLink({ itemId: 'i 1' })).toBe('/requests/items/i%201');
    expect(requestNoticeLink()).toBe('/requests');
  });
});
