import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { volunteerNotice, volunteerNoticeLink } from './notice.logic';
import { volunteersEn, volunteersZh } from './i18n';

const make = async (lng: string, res: typeof volunteersZh) => {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: { volunteers: res } } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
};

describe('志愿者 bell lines (ADR 0085)', () => {
  it('words an approval and an assignment from the payload, plainly when it lacks the fields', async () => {
    const zh = await make('zh-CN', volunteersZh);
    expect(volunteerNotice('volunteer_approved', { communityName: '幸福社区' }, zh)).toBe('您的志愿者报名已通过审核，欢迎加入幸福社区志愿者队伍');
    expect(volunteerNotice('volunteer_approved', {}, zh)).toBe('您的志愿者报名已通过审核');
    expect(volunteerNotice('volunteer_assigned', { title: '东门卡口早班', day: '2026-12-05', starts: '08:30' }, zh)).toBe('您被安排了志愿服务班次：东门卡口早班（2026-12-05 08:30）');
    expect(volunteerNotice('volunteer_assigned', { title: 3 }, zh)).toBe('您被安排了新的志愿服务班次');
    expect(volunteerNotice('other', {}, zh)).toBe('other');
    const en = await make('en', volunteersEn);
    expect(volunteerNotice('volunteer_assigned', { title: 'Gate', day: '2026-12-05', starts: '08:30' }, en)).toBe('You are on a volunteer shift: Gate (2026-12-05 08:30)');
    expect(volunteerNoticeLink()).toBe('/me/volunteering');
  });
});
