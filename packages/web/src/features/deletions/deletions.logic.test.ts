import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { canWithdraw, certificateCounts, decidedAtKey, deletionBody, deletionNotice, effectKeys, replyProblem, QUEUE_STATUSES, staleErrors, STATUS_COLOR } from './deletions.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh: zh, en: english } = await appTranslations());
});

describe('deletion request form (ADR 0037)', () => {
  it('needs a ground and a scope, trims the note and refuses an ID number or more than 500 characters', () => {
    expect(deletionBody({ scope: 'record' })).toEqual({ ok: false, path: 'ground', error: 'groundRequired' });
    expect(deletionBody({ ground: 'moved_away' })).toEqual({ ok: false, path: 'scope', error: 'scopeRequired' });
    expect(deletionBody({ ground: 'moved_away', scope: 'record', note: '  ' })).toEqual({ ok: true, body: { ground: 'moved_away', scope: 'record', note: null } });
    expect(deletionBody({ ground: 'other', scope: 'care_tags', note: '号码 330902198001011233' })).toEqual({ ok: false, path: 'note', error: 'idNumber' });
    expect(deletionBody({ ground: 'other', scope: 'care_tags', note: '长'.repeat(501) })).toEqual({ ok: false, path: 'note', error: 'noteTooLong' });
  });

  it('a reply is required to restrict or reject, not to erase', () => {
    expect(replyProblem('erase', '')).toBeNull();
    expect(replyProblem('reject', ' 好 ')).toBe('replyRequired');
    expect(replyProblem('restrict', '依法须保存')).toBeNull();
    expect(replyProblem('reject', '见 330902198001011233')).toBe('idNumber');
  });

  it('the confirmation spells out what a whole-record erasure does, in both languages', () => {
    const keys = effectKeys('erase', 'record');
    expect(keys).toEqual(expect.arrayContaining(['record', 'account', 'household', 'wards', 'irreversible']));
    expect(effectKeys('erase', 'care_tags')).not.toContain('account');
    for (const k of [...keys, ...effectKeys('erase', 'care_tags'), ...effectKeys('restrict', 'record'), ...effectKeys('reject', 'record')]) {
      expect(zh(`deletions.effects.${k}`)).not.toBe(`deletions.effects.${k}`);
      expect(english(`deletions.effects.${k}`)).not.toBe(`deletions.effects.${k}`);
    }
    expect(zh('deletions.effects.account')).toContain('停用');
  });

  it('bell lines: masked name and scope for the admin, the decision for the resident', () => {
    expect(deletionNotice('deletion_request', { residentName: '张*', scope: 'record', ground: 'moved_away' }, zh)).toBe('张* 申请删除整份居民档案');
    expect(deletionNotice('deletion_decided', { scope: 'care_tags', decision: 'reject' }, english)).toBe('Your deletion request (care tags and consent records): Do not delete');
  });
});

describe('deletion certificates card (ADR 0037)', () => {
  it('lists the tables with rows, by name, without the zeros', () => {
    expect(certificateCounts({ self_reports: 1, resident_accounts: 0, 'residents.guardian_id': 1, residents: 1, idempotency_keys: 0 }))
      .toEqual([['residents', 1], ['residents.guardian_id', 1], ['self_reports', 1]]);
    expect(certificateCounts({})).toEqual([]);
  });

  it('has its texts in both languages', () => {
    for (const k of ['title', 'intro', 'none', 'verify', 'cols.seq', 'cols.counts', 'cols.hash'] as const) {
      expect(zh(`deletions.certificates.${k}`)).not.toBe(`deletions.certificates.${k}`);
      expect(english(`deletions.certificates.${k}`)).not.toBe(`deletions.certificates.${k}`);
    }
    expect(zh('deletions.certificates.title')).toBe('删除证明');
    expect(english('deletions.certificates.verifyBroken', { seq: 3, checked: 3 })).toBe('Certificate chain broken at deletion certificate #3 (3 checked).');
    expect(zh('deletions.certificates.verifyOk', { checked: 2 })).toContain('2 份');
  });

  it('lets the resident withdraw only an open request, and labels a withdrawn one in both languages (resident card and staff filter)', () => {
    expect(canWithdraw({ status: 'open' })).toBe(true);
    for (const status of ['erased', 'restricted', 'rejected', 'withdrawn'] as const) expect(canWithdraw({ status }), status).toBe(false);
    expect(zh('deletions.statuses.withdrawn')).toBe('已撤回');
    expect(english('deletions.statuses.withdrawn')).toBe('Withdrawn');
    expect(STATUS_COLOR.withdrawn).toBeTruthy();
    expect(QUEUE_STATUSES).toContain('withdrawn');
    for (const s of QUEUE_STATUSES) expect(zh(`deletions.statuses.${s}`), s).not.toBe(`deletions.statuses.${s}`);
    expect(zh(decidedAtKey('withdrawn'))).toBe('撤回时间');
    expect(zh(decidedAtKey('rejected'))).toBe('处理时间');
    for (const k of ['withdraw', 'withdrawConfirm', 'withdrawOk', 'withdrawCancel', 'withdrawn'] as const) {
      expect(zh(`deletions.card.${k}`)).toMatch(/[\u4e00-\u9fff]/);
      expect(english(`deletions.card.${k}`)).not.toBe(`deletions.card.${k}`);
    }
    expect(zh('deletions.card.withdraw')).toBe('撤回申请');
  });
});

describe('errors under fields go when the field changes', () => {
  it('clears 请选择申请理由 when a reason is chosen and 请勿填写身份证号 when the note is edited, and only those', () => {
    expect(staleErrors({ ground: 'moved_away' })).toEqual([{ name: 'ground', errors: [] }]);
    expect(staleErrors({ note: '已搬走' })).toEqual([{ name: 'note', errors: [] }]);
    expect(staleErrors({ scope: 'record' })).toEqual([{ name: 'scope', errors: [] }]);
    expect(staleErrors({})).toEqual([]);
  });
});
