import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import i18next from 'i18next';
import { labelled, listText, noActorLabel, phraseText, roleLabel, withNote } from './labels';

describe('audit rows without a user', () => {
  const t = ((key: string) => key) as unknown as TFunction;
  it('a scheduled job or the command line (role system) is a system job, not an anonymous visitor', () => {
    expect(noActorLabel('system', t)).toBe('audit.systemJob');
    expect(noActorLabel(null, t)).toBe('audit.anonymous');
    expect(noActorLabel(undefined, t)).toBe('audit.anonymous');
    expect(zhCN.audit.systemJob).toBe('系统任务');
    expect(en.audit.systemJob).toBe('System job');
  });

  it('the role of such a row reads 系统 / System in the detail, not the code; every role has a label in both languages', async () => {
    const i = i18next.createInstance();
    await i.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN' });
    expect(roleLabel('system', i.getFixedT('zh-CN'))).toBe('系统');
    expect(roleLabel('system', i.getFixedT('en'))).toBe('System');
    for (const role of Object.keys(zhCN.roles)) {
      expect(roleLabel(role, i.getFixedT('zh-CN')), role).toBe(zhCN.roles[role as keyof typeof zhCN.roles]);
      expect(roleLabel(role, i.getFixedT('en')), role).toBe(en.roles[role as keyof typeof en.roles]);
    }
    expect(Object.keys(en.roles).sort()).toEqual(Object.keys(zhCN.roles).sort());
    expect(roleLabel('some_new_role', i.getFixedT('zh-CN'))).toBe('some_new_role');
  });
});

describe('punctuation that follows the UI language', () => {
  it('full-width brackets, colon and 、 in Chinese only', () => {
    expect(withNote('定海区', '区', 'zh-CN')).toBe('定海区（区）');
    expect(withNote('定海区', 'District', 'en')).toBe('定海区 (District)');
    expect(labelled('通告文号', '第1号', 'zh-CN')).toBe('通告文号：第1号');
    expect(labelled('Legal reference', 'No. 1', 'en')).toBe('Legal reference: No. 1');
    expect(phraseText(['张*', '幸福小区1幢'], 'zh-CN')).toBe('张*，幸福小区1幢');
    expect(phraseText(['张*', '幸福小区1幢'], 'en')).toBe('张*, 幸福小区1幢');
    expect(listText(['郭**（父母）', '武**（子女）'], 'zh-CN')).toBe('郭**（父母）、武**（子女）');
    expect(listText(['a (Parent)', 'b (Child)'], 'en')).toBe('a (Parent), b (Child)');
  });
});
