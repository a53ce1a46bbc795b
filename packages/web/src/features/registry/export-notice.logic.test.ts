import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { exportNotice } from './export-notice.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, en: english } = await appTranslations());
});

describe('the bell\'s lines about exports (导出审批)', () => {
  it('a request names the area, the grid, the count and the purpose, and says when the district must approve it', () => {
    const d = { area: 'A社区', grid: '第一网格', rows: '1234', level: 'community', purpose: 'epidemic.screening' };
    expect(exportNotice('export_request', d, zh, 'zh-CN')).toBe('A社区申请导出名单：第一网格 1,234 人（疫情排查），待您审批');
    expect(exportNotice('export_request', { ...d, grid: '' }, zh, 'zh-CN')).toBe('A社区申请导出名单：1,234 人（疫情排查），待您审批');
    expect(exportNotice('export_request', { ...d, level: 'district', purpose: 'registry.report' }, zh, 'zh-CN'))
      .toBe('A社区申请导出名单：第一网格 1,234 人（档案统计上报），已达区级审批标准，待您审批');
    expect(exportNotice('export_request', { area: 'A社区', rows: '12', level: 'community', purpose: 'upper.request' }, english, 'en'))
      .toBe('Export request from A社区: 12 residents (Requested by a higher authority), waiting for your approval');
  });

  it('a decision tells the requester until when to download, or the approver\'s note', () => {
    const until = '2026-03-02T10:30:00.000Z';
    const local = dayjs(until).format('MM-DD HH:mm');
    expect(exportNotice('export_decided', { decision: 'approve', until, rows: '3', area: 'A社区' }, zh, 'zh-CN'))
      .toBe(`您的导出申请（3 人）已通过，请在 ${local} 前下载，只能下载一次`);
    expect(exportNotice('export_decided', { decision: 'reject', note: '范围过大，请缩小', rows: '3', grid: '第二网格', area: 'A社区' }, zh, 'zh-CN'))
      .toBe('您的导出申请（第二网格 3 人）未通过：范围过大，请缩小');
    expect(exportNotice('export_decided', { decision: 'reject', note: 'Too wide', rows: '3', area: 'A社区' }, english, 'en'))
      .toBe('Your export request (3 residents) was not approved: Too wide');
    expect(exportNotice('export_decided', { decision: 'approve', until, rows: '3', area: 'A社区' }, english, 'en'))
      .toBe(`Your export request (3 residents) was approved: download it once before ${local}`);
  });

  it('a request nobody decided in time tells the requester when it lapsed and to ask again', () => {
    const expiredAt = '2026-03-08T02:00:00.000Z';
    const local = dayjs(expiredAt).format('MM-DD HH:mm');
    expect(exportNotice('export_lapsed', { expiredAt, rows: '1234', grid: '第一网格', area: 'A社区' }, zh, 'zh-CN'))
      .toBe(`您的导出申请（第一网格 1,234 人）在 ${local} 前无人审批，已过期；如仍需要，请重新申请`);
    expect(exportNotice('export_lapsed', { expiredAt, rows: '3', area: 'A社区' }, english, 'en'))
      .toBe(`Your export request (3 residents) was not decided by ${local} and has lapsed; request it again if you still need it`);
  });
});
