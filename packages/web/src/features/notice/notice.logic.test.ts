import { describe, expect, it } from 'vitest';
import type { Notice } from './api';
import { noticeDocument, shouldAskForNotice } from './notice.logic';

const resident = { permissions: ['self:read', 'notice:ack'] };
const staff = { permissions: ['resident:read', 'self-report:read'] };
const open = { version: 'v2', acknowledged: false, acknowledgedAt: null };
const done = { version: 'v2', acknowledged: true, acknowledgedAt: '2025-06-01T00:00:00.000Z' };

describe('processing notice after login', () => {
  it('asks a resident who has not acknowledged the current version', () => {
    expect(shouldAskForNotice(resident, open, false)).toBe(true);
  });
  it('never asks staff, nor after acknowledging, nor once put off, nor before the status is known', () => {
    expect(shouldAskForNotice(staff, open, false)).toBe(false);
    expect(shouldAskForNotice(resident, done, false)).toBe(false);
    expect(shouldAskForNotice(resident, open, true)).toBe(false);
    expect(shouldAskForNotice(resident, undefined, false)).toBe(false);
    expect(shouldAskForNotice({ ...resident, mustChangePassword: true }, open, false)).toBe(false);
  });
  it('shows the notice in the UI language', () => {
    const n = { content: { 'zh-CN': { title: '个人信息处理规则', sections: [] }, en: { title: 'How we handle your personal data', sections: [] } } } as unknown as Notice;
    expect(noticeDocument(n, 'en').title).toBe('How we handle your personal data');
    expect(noticeDocument(n, 'zh-CN').title).toBe('个人信息处理规则');
  });
});
