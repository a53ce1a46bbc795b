// The audit viewer names each action and object type in words (zh-CN and English) instead of the raw code: the
// auditor reads account administration, second factors, exports, break-the-glass and residents' requests here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { auditActionLabel, auditObjectLabel } from '../../lib/labels';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, en: english } = await appTranslations());
});

/** Actions the server writes that an auditor looks for (copied from the server's audit.append calls). */
const OVERSIGHT_ACTIONS = [
  'user_create', 'user_update', 'disable', 'enable', 'password_reset', 'password_change', 'mfa_setup', 'mfa_enable', 'mfa_verify', 'mfa_reset',
  'step_up', 'session_end', 'sessions_end_all', 'token_create', 'token_revoke', 'security_alert_ack', 'security_alert_close', 'browsing_alert',
  'search_alert', 'export_request', 'export_download', 'export_cap_exceeded', 'break_glass', 'restrict', 'status', 'relocate', 'set_head',
  'consent_record', 'consent_withdraw', 'correction_request', 'correction_resolve', 'correction_withdraw', 'deletion_request', 'deletion_request_withdraw', 'deletion_decide',
  'minor_access_request', 'minor_access_approve', 'minor_access_reject', 'emergency_declare', 'emergency_end', 'notice_ack', 'access_log_view', 'notification_read',
  'impact_query', 'audit_pack', 'import', 'import_preview',
];
const OBJECT_TYPES = ['org', 'community', 'grid', 'export', 'security_alert', 'correction_request', 'deletion_request', 'minor_access_request', 'emergency_period', 'api_token', 'user', 'notification'];

/**
 * Every action the server can write, read off its source: `action: '…'` in an audit append, and the second factor's
 * failed attempts (`mfaAttempt(…, 'mfa_…_failed')`). Test-only reading of the server package; a new action without a
 * label fails here instead of showing the auditor its raw code (mfa_enable_failed did, session 23).
 */
function serverActions(): string[] {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../server/src');
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('fixture')) {
        const text = fs.readFileSync(p, 'utf8');
        if (!/audit\.append|appendAudit|auditedRead|mfaAttempt|denyAudited/.test(text)) continue;
        for (const m of text.matchAll(/\baction: '([a-z_]+)'/g)) found.add(m[1]!);
        for (const m of text.matchAll(/mfaAttempt\([^)]*'([a-z_]+)'\)/g)) found.add(m[1]!);
      }
    }
  };
  walk(root);
  return [...found].sort();
}

describe('audit viewer labels', () => {
  it('every action the server writes has a label in both languages', () => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(60);
    expect(actions).toContain('mfa_enable_failed');
    const zhKeys = new Set(Object.keys(zhCN.audit.actions));
    // Retention rules use `action: 'clear' | 'exempt'` for what happens to a table, not for audit rows.
    const unlabelled = actions.filter((a) => !zhKeys.has(a) && !['clear', 'exempt'].includes(a));
    expect(unlabelled).toEqual([]);
  });

  it('a row\'s severity reads as a word', () => {
    expect(zh('audit.severities.high')).toBe('重要');
    expect(english('audit.severities.high')).toBe('High');
  });

  it('every action an auditor looks for has a label in both languages (not the raw code)', () => {
    for (const a of OVERSIGHT_ACTIONS) {
      expect(auditActionLabel(a, zh), a).not.toBe(a);
      expect(auditActionLabel(a, english), a).not.toBe(a);
      expect(auditActionLabel(a, zh), a).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(auditActionLabel('user_create', zh)).toBe('新建账号');
    expect(auditActionLabel('break_glass', english)).toBe('Break-the-glass on a restricted record');
    expect(auditActionLabel('import_preview', zh)).toBe('检查导入文件');
  });

  it('object types too; both languages list the same actions and objects', () => {
    for (const o of OBJECT_TYPES) {
      expect(auditObjectLabel(o, zh), o).not.toBe(o);
      expect(auditObjectLabel(o, english), o).not.toBe(o);
    }
    expect(Object.keys(en.audit.actions).sort()).toEqual(Object.keys(zhCN.audit.actions).sort());
    expect(Object.keys(en.audit.objects).sort()).toEqual(Object.keys(zhCN.audit.objects).sort());
  });
});
