import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { volunteerNotice, volunteerNoticeLink } from './notice.logic';
import { volunteersEn, volunteersZh } from './i18n';
import { accountOptions } from './volunteers.logic';

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

describe('志愿者 roster changes (ADR 0085 addendum)', () => {
  it('words 移出名册 with the shifts it cancelled, plainly without them', async () => {
    const zh = await make('zh-CN', volunteersZh);
    expect(volunteerNotice('volunteer_retired', { communityName: '幸福社区', freedShifts: '2' }, zh)).toBe('社区已将您移出幸福社区志愿者名册，您之后的 2 个班次已取消');
    expect(volunteerNotice('volunteer_retired', { communityName: '幸福社区', freedShifts: '0' }, zh)).toBe('社区已将您移出幸福社区志愿者名册');
    expect(volunteerNotice('volunteer_retired', {}, zh)).toBe('社区已将您移出志愿者名册');
    const en = await make('en', volunteersEn);
    expect(volunteerNotice('volunteer_retired', { communityName: 'Xingfu', freedShifts: '1' }, en)).toBe('The community took you off the Xingfu volunteer roster; your 1 upcoming shifts were cancelled');
  });

  it('offers the accounts to link: one held by another entry is named and cannot be chosen; the edited entry’s own stays free', async () => {
    const zh = await make('zh-CN', volunteersZh);
    const items = [
      { id: 'u1', name: '志愿者林', linkedTo: { volunteerId: 'v1', nameMasked: '林**', active: true } },
      { id: 'u2', name: '志愿者周', linkedTo: { volunteerId: 'v2', nameMasked: '周**', active: false } },
      { id: 'u3', name: '志愿者许', linkedTo: null },
    ];
    expect(accountOptions(items, zh)).toEqual([
      { value: 'u1', label: '志愿者林（已关联 林**）', disabled: true },
      { value: 'u2', label: '志愿者周（已关联已退出的 周**）', disabled: true },
      { value: 'u3', label: '志愿者许', disabled: false },
    ]);
    expect(accountOptions(items, zh, 'v1')[0]).toEqual({ value: 'u1', label: '志愿者林', disabled: false });
  });
});
