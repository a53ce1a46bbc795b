import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { plansEn, plansZh } from './i18n';
import { planNotice, planNoticeLink } from './notice.logic';

const make = async (lng: string, res: typeof plansZh) => {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: { plans: res } } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
};

describe('应急预案 bell lines (ADR 0089)', () => {
  it('words a drill and a role given, plainly without the payload’s fields; each leads to its page', async () => {
    const zh = await make('zh-CN', plansZh);
    expect(planNotice('drill_scheduled', { planTitle: '社区疫情防控应急预案', kind: 'tabletop', scheduledAt: '2026-12-10T06:00:00Z' }, zh)).toBe('演练安排：社区疫情防控应急预案，桌面推演，2026/12/10 14:00');
    expect(planNotice('drill_scheduled', {}, zh)).toBe('有新的预案演练安排');
    expect(planNotice('plan_role_assigned', { planTitle: '台风防御预案', roles: '排查组、医疗组' }, zh)).toBe('您在应急预案“台风防御预案”中担任：排查组、医疗组');
    expect(planNotice('plan_role_assigned', { planTitle: '台风防御预案' }, zh)).toBe('您在应急预案中有了新的角色');
    const en = await make('en', plansEn);
    expect(planNotice('plan_role_assigned', { planTitle: 'Typhoon', roles: 'Triage' }, en)).toBe('You hold a role in the emergency plan “Typhoon”: Triage');
    expect(planNoticeLink('drill_scheduled', { drillId: 'd 1', planId: 'p1' })).toBe('/drills/d%201');
    expect(planNoticeLink('plan_role_assigned', { planId: 'p1' })).toBe('/plans/p1');
    expect(planNoticeLink()).toBe('/plans');
  });
});
