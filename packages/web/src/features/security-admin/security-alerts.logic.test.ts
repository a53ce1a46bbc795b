import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { securityAlertsEn, securityAlertsZh } from './security-alerts.i18n';
import { alertActions, alertActor, alertHandled, alertText, securityAlertNotice } from './security-alerts.logic';
import type { SecurityAlert } from './security-alerts.api';

async function tFor(lng: 'zh-CN' | 'en') {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { 'zh-CN': { translation: { securityAlerts: securityAlertsZh } }, en: { translation: { securityAlerts: securityAlertsEn } } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
}

const role = (r: string) => ({ grid_worker: '网格员' })[r] ?? r;
const browsing: SecurityAlert = {
  id: 'a1', createdAt: '2026-03-01T02:00:00Z', kind: 'browsing', severity: 'high', status: 'open', count: 31,
  actor: { id: 'u1', displayName: '王网格', role: 'grid_worker', orgName: '第一网格' }, details: { threshold: 30, windowMinutes: 60, action: 'step_up' },
  acknowledged: null, closed: null,
};

describe('security alert texts', () => {
  it('a browsing alert says who, how many, in how long, and what happens next — in both languages', async () => {
    const zh = await tFor('zh-CN');
    expect(alertText(browsing, zh, 'zh-CN')).toBe('王网格在 60 分钟内打开了 31 位居民的档案，超过了 30 位的提醒线。此后再打开新的档案，需要 TA 重新输入登录密码确认。');
    expect(alertText({ ...browsing, details: { ...browsing.details, action: 'block' } }, zh, 'zh-CN')).toBe('王网格在 60 分钟内打开了 31 位居民的档案，超过了 30 位的提醒线。此后新的档案暂时打不开，直到 60 分钟内打开的数量回到提醒线以内。');
    const en = await tFor('en');
    expect(alertText(browsing, en, 'en')).toBe('王网格 opened 31 residents’ records within 60 minutes, more than the 30 that call for a check. Opening further records now needs their password again.');
    expect(alertActor(browsing, zh, role)).toBe('王网格（网格员 · 第一网格）');
  });

  it('the export cap, unknown kinds and missing accounts still read as sentences', async () => {
    const zh = await tFor('zh-CN');
    // Counts with thousands separators (lib/numbers.ts), like the export dialog's "上限 5,000 条".
    expect(alertText({ ...browsing, kind: 'daily_export_cap', count: 5200, details: { cap: 5000 } }, zh, 'zh-CN')).toBe('王网格在 24 小时内申请导出 5,200 条记录，超过每人每日 5,000 条的上限，申请已被拒绝。');
    expect(alertText({ ...browsing, kind: 'daily_export_cap', count: null, details: {} }, zh, 'zh-CN')).toBe('王网格在 24 小时内申请导出 ? 条记录，超过每人每日 ? 条的上限，申请已被拒绝。');
    expect(alertText({ ...browsing, kind: 'future_kind', actor: null }, zh, 'zh-CN')).toBe('（未知账号）：future_kind');
    expect(alertActor({ ...browsing, actor: null }, zh, role)).toBe('（未知账号）');
  });

  it('the bell line for a browsing alert notification', async () => {
    const zh = await tFor('zh-CN');
    expect(securityAlertNotice({ actorRole: 'grid_worker', actorName: '王网格', count: '31', windowMinutes: '60' }, zh, role))
      .toBe('网格员王网格在 60 分钟内打开了 31 位居民的档案，请核实是否为工作需要');
  });

  it('an erasure whose ledger line was not written: says what it means and what to do, in both languages (ADR 0043)', async () => {
    const ledger: SecurityAlert = { ...browsing, kind: 'erasure_ledger_failed', count: null, details: { certificateSeq: 7, error: 'EACCES' } };
    const zh = alertText(ledger, await tFor('zh-CN'), 'zh-CN');
    expect(zh).toContain('删除证明 #7');
    expect(zh).toContain('renxing erasures reapply');
    const en = alertText(ledger, await tFor('en'), 'en');
    expect(en).toContain('deletion certificate #7');
    expect(en).toMatch(/older backup .* bring this person's data back/);
    expect(en).not.toContain('erasure_ledger_failed');
  });

  it('searches by name outside the area: the alert and its bell line, in both languages (ADR 0040)', async () => {
    const search: SecurityAlert = { ...browsing, kind: 'search_outside_scope', count: 6, details: { threshold: 5, windowMinutes: 60 } };
    const zh = await tFor('zh-CN');
    expect(alertText(search, zh, 'zh-CN')).toBe('王网格在 60 分钟内按姓名查找了 6 次辖区外的居民（辖区内查无此人，辖区外有），超过了 5 次的提醒线。TA 看到的查找结果都是“查无此人”。');
    expect(alertText(search, await tFor('en'), 'en')).toBe('王网格 searched 6 times within 60 minutes for names found only outside their area (nobody in their area, someone outside it), more than the 5 that call for a check. Each search showed them no result.');
    expect(securityAlertNotice({ actorRole: 'grid_worker', actorName: '王网格', count: '6', windowMinutes: '60' }, zh, role, 'search_alert'))
      .toBe('网格员王网格在 60 分钟内 6 次按姓名查找辖区外的居民，请核实是否为工作需要');
  });

  it('open alerts can be acknowledged or closed, acknowledged ones closed, closed ones nothing', () => {
    expect(alertActions({ status: 'open' })).toEqual(['acknowledge', 'close']);
    expect(alertActions({ status: 'acknowledged' })).toEqual(['close']);
    expect(alertActions({ status: 'closed' })).toEqual([]);
  });

  it('who acknowledged and closed an alert, when, and the closing note — in both languages', async () => {
    const handled: SecurityAlert = {
      ...browsing, status: 'closed',
      acknowledged: { at: '2026-03-01T02:10:00Z', by: { id: 's1', displayName: '安全管理员' }, note: null },
      closed: { at: '2026-03-01T03:00:00Z', by: { id: 's1', displayName: '安全管理员' }, note: '已核实为正常入户走访' },
    };
    const when = (iso: string) => iso.slice(11, 16);
    expect(alertHandled(handled, await tFor('zh-CN'), when)).toEqual(['安全管理员 于 02:10 确认', '安全管理员 于 03:00 关闭：已核实为正常入户走访']);
    expect(alertHandled(handled, await tFor('en'), when)).toEqual(['Acknowledged by 安全管理员 on 02:10', 'Closed by 安全管理员 on 03:00: 已核实为正常入户走访']);
    expect(alertHandled(browsing, await tFor('zh-CN'), when)).toEqual([]);
  });
});
