import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { noActorLabel } from './labels';

describe('audit rows without a user', () => {
  const t = ((key: string) => key) as unknown as TFunction;
  it('a scheduled job or the command line (role system) is a system job, not an anonymous visitor', () => {
    expect(noActorLabel('system', t)).toBe('audit.systemJob');
    expect(noActorLabel(null, t)).toBe('audit.anonymous');
    expect(noActorLabel(undefined, t)).toBe('audit.anonymous');
    expect(zhCN.audit.systemJob).toBe('系统任务');
    expect(en.audit.systemJob).toBe('System job');
  });
});
