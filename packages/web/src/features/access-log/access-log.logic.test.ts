import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { AccessEntry } from './api';
import { accessActionLabel, accessEntryLabel, accessRoleLabel, fieldLabel, fieldLabels, formatAccessTime, groupRepeats, purposeLabel } from './access-log.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh: zh, en: english } = await appTranslations());
});

describe('access-log labels', () => {
  it('names the role in the UI language, falls back to the server label for unknown roles, and calls no role "system"', () => {
    const gw = { actorRole: 'grid_worker', actorRoleLabel: ['网格员', 'Grid worker'] as [string, string] };
    expect(accessRoleLabel(gw, zh, 'zh-CN')).toBe('网格员');
    expect(accessRoleLabel(gw, english, 'en')).toBe('Grid worker');
    expect(accessRoleLabel({ actorRole: 'doctor', actorRoleLabel: ['社区医生', 'Community doctor'] }, zh, 'zh-CN')).toBe('社区医生');
    const future = { actorRole: 'sampling_lead', actorRoleLabel: ['采样组长', 'Sampling lead'] as [string, string] };
    expect(accessRoleLabel(future, zh, 'zh-CN')).toBe('采样组长');
    expect(accessRoleLabel(future, english, 'en')).toBe('Sampling lead');
    expect(accessRoleLabel({ actorRole: null, actorRoleLabel: ['系统', 'system'] }, zh, 'zh-CN')).toBe('系统');
    expect(accessRoleLabel({ actorRole: null, actorRoleLabel: ['系统', 'system'] }, english, 'en')).toBe('System');
  });

  it('labels purposes (codes with dots), says when none was given, and shows unknown codes as they are', () => {
    expect(purposeLabel('registry.maintenance', zh)).toBe('日常档案维护');
    expect(purposeLabel('epidemic.followup', zh)).toBe('疫情流调随访');
    expect(purposeLabel('epidemic.lab', english)).not.toBe('epidemic.lab');
    expect(purposeLabel('epidemic.followup', english)).toBe('Epidemic follow-up');
    // The purposes of 居家隔离, 卡口 and 健康码 (ADR 0080–0082) in a resident's access log.
    expect(['epidemic.quarantine', 'epidemic.gates', 'epidemic.health_code'].map((p) => purposeLabel(p, zh))).toEqual(['居家隔离', '卡口出入核验', '健康码']);
    expect(purposeLabel(null, zh)).toBe('未注明');
    expect(purposeLabel(null, english)).toBe('Not given');
    expect(purposeLabel('court.order', zh)).toBe('court.order');
    // Handling the resident's own request: that is the purpose, not "not given".
    expect(purposeLabel(null, zh, 'correction_request')).toBe('办理您提出的申请');
    expect(purposeLabel(null, english, 'deletion_request')).toBe('Handling a request you made');
    expect(purposeLabel(null, zh, 'resident')).toBe('未注明');
    expect(purposeLabel('registry.maintenance', zh, 'correction_request')).toBe('日常档案维护');
  });

  it('labels fields where a label exists, once per label', () => {
    expect(fieldLabel('idMasked', zh)).toBe('身份证号（部分隐藏）');
    expect(fieldLabel('phoneMasked', english)).toBe('Phone (partly hidden)');
    expect(fieldLabel('bloodType', zh)).toBe('bloodType');
    // The fields of a registry read (registry.service.ts).
    expect(fieldLabels(['name', 'idMasked', 'phoneMasked', 'birthDate', 'tags', 'household'], zh)).toEqual([
      '姓名', '身份证号（部分隐藏）', '手机号（部分隐藏）', '出生日期', '关爱标签', '所在户',
    ]);
    expect(fieldLabels(['household', 'householdId'], zh)).toEqual(['所在户']);
  });

  it('says what was done, with a plain fallback for actions added later', () => {
    expect(accessActionLabel('read', zh)).toBe('查看了您的档案');
    expect(accessActionLabel('reveal', english)).toBe('looked at your full number');
    expect(accessActionLabel('break_glass', zh)).toBe('紧急调阅了您受保护的档案');
    expect(accessActionLabel('quarantine_order', zh)).toBe('处理了您的信息');
    expect(accessActionLabel('other', english)).toBe('handled your data');
  });

  it('says when the resident appeared among others — a search result, a list, their household’s page — in both languages (ADR 0046)', () => {
    expect(accessEntryLabel({ action: 'search', appearance: 'search' }, zh)).toBe('搜索居民时，您出现在搜索结果中');
    expect(accessEntryLabel({ action: 'search', appearance: 'search' }, english)).toBe('searched for residents; you appeared in the search results');
    expect(accessEntryLabel({ action: 'list', appearance: 'list' }, zh)).toBe('查看名单时，您出现在名单中');
    expect(accessEntryLabel({ action: 'read', appearance: 'list' }, english)).toBe('viewed a list in which you appeared');
    expect(accessEntryLabel({ action: 'read', appearance: 'household' }, zh)).toBe('查看了您所在的户（含家庭成员）');
    expect(accessEntryLabel({ action: 'read', appearance: 'household' }, english)).toBe('looked at your household and its members');
    // The entry about the record itself keeps the action's words, as before.
    expect(accessEntryLabel({ action: 'read', appearance: null }, zh)).toBe('查看了您的档案');
    expect(accessEntryLabel({ action: 'read' }, english)).toBe('looked at your record');
    // A change to the whole household keeps its own words; an unknown action among others reads as an appearance.
    expect(accessEntryLabel({ action: 'move', appearance: 'household' }, zh)).toBe('为您办理了迁移');
    expect(accessEntryLabel({ action: 'frobnicate', appearance: 'list' }, zh)).toBe('查看名单时，您出现在名单中');
    // The fields of the lists are named in words.
    expect(fieldLabels(['residentName', 'proposedMasked', 'buildingUnit', 'address', 'reason'], zh)).toEqual([
      '姓名（部分隐藏）', '申请更正的内容（部分隐藏）', '楼栋和单元', '住址', '申请理由',
    ]);
    expect(fieldLabel('buildingUnit', english)).toBe('Building and unit');
  });

  it('names in words what staff did with the resident’s requests and which data a decision touched — no codes shown (both languages)', () => {
    // A correction request: read to decide it (not a read of the record), then decided.
    expect(accessEntryLabel({ action: 'read', appearance: null, objectType: 'correction_request' }, zh)).toBe('查看了您的更正申请');
    expect(accessEntryLabel({ action: 'read', appearance: null, objectType: 'deletion_request' }, english)).toBe('looked at your deletion request');
    expect(accessEntryLabel({ action: 'read', appearance: null, objectType: 'resident' }, zh)).toBe('查看了您的档案');
    expect(accessEntryLabel({ action: 'correction_resolve', appearance: null, objectType: 'correction_request' }, zh)).toBe('处理了您的更正申请并回复了您');
    expect(accessEntryLabel({ action: 'deletion_decide', appearance: null }, english)).toBe('decided on your deletion request');
    for (const a of ['status', 'set_head', 'relocate', 'minor_access_request', 'minor_access_approve', 'minor_access_reject']) {
      expect(accessActionLabel(a, zh), a).not.toBe('处理了您的信息');
      expect(accessActionLabel(a, english), a).not.toBe('handled your data');
    }
    // The fields of those rows (correction read, household changes, a deletion decision's counts).
    expect(fieldLabels(['proposed', 'note'], zh)).toEqual(['申请更正的内容', '您写的说明']);
    expect(fieldLabels(['headResidentId', 'members', 'status', 'history'], english)).toEqual(['Head of household', 'Household members', 'Residence status', 'Change history']);
    expect(fieldLabels(['resident_tags', 'resident_consents', 'residents.restricted'], zh)).toEqual(['关爱标签', '关爱服务同意记录', '档案保护']);
  });

  it('shows a run of the same access (a staff list reloaded) as one card with its count; nothing is dropped', () => {
    const base: AccessEntry = {
      at: '', action: 'read', outcome: 'success', fields: ['residentName', 'proposedMasked'], purpose: null, appearance: 'list', objectType: 'correction_request',
      actorRole: 'community_admin', actorRoleLabel: ['社区书记/主任', 'Community secretary / director'], organisation: 'A社区',
    };
    const at = (hm: string) => `2026-11-30T${hm}:00.000Z`;
    const items: AccessEntry[] = [
      { ...base, at: at('06:15') }, { ...base, at: at('06:14'), fields: ['proposedMasked', 'residentName'] }, { ...base, at: at('06:06') },
      // Someone else in between ends the run; the same list later is a new card.
      { ...base, at: at('06:05'), actorRole: 'grid_worker', organisation: '第一网格' },
      { ...base, at: at('06:04') },
      // More than 10 minutes before the previous one of the run: a separate visit.
      { ...base, at: at('05:50') },
      { ...base, at: at('05:49'), action: 'correction_resolve', appearance: null, fields: ['phone'] },
    ];
    const g = groupRepeats(items);
    expect(g.map((x) => [x.entry.at, x.count, x.earliest])).toEqual([
      [at('06:15'), 3, at('06:06')], [at('06:05'), 1, at('06:05')], [at('06:04'), 1, at('06:04')], [at('05:50'), 1, at('05:50')], [at('05:49'), 1, at('05:49')],
    ]);
    expect(g.reduce((n, x) => n + x.count, 0)).toBe(items.length);
    expect(zh('accessLog.repeated', { count: 3, from: '14:06' })).toBe('14:06 起共 3 次');
    expect(english('accessLog.repeated', { count: 3, from: '14:06' })).toBe('3 times from 14:06');
  });

  it('formats the time in the local time zone and the language’s date format', () => {
    const iso = '2026-11-29T05:07:00.000Z';
    const local = new Date(iso);
    const hh = String(local.getHours()).padStart(2, '0');
    const mm = String(local.getMinutes()).padStart(2, '0');
    expect(formatAccessTime(iso, zh, 'zh-CN')).toBe(`${local.getFullYear()}年${local.getMonth() + 1}月${local.getDate()}日 ${hh}:${mm}`);
    expect(formatAccessTime(iso, english, 'en')).toBe(`${local.getDate()} Nov 2026, ${hh}:${mm}`);
    // Whatever language dayjs was last switched to globally.
    dayjs.locale('zh-cn');
    expect(formatAccessTime(iso, english, 'en')).toBe(`${local.getDate()} Nov 2026, ${hh}:${mm}`);
    dayjs.locale('en');
  });
});
