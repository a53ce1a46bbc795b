import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { appTranslations } from '../../i18n/test-t';
import { zhCN } from '../../i18n/zh-CN';
import { commandAlert, isStaleVersion } from './use-versioned-command';

let zh: TFunction;
beforeAll(async () => {
  ({ zh: zh } = await appTranslations());
});

const stale = new ApiError({ status: 409, code: 'stale_version', messageZh: '记录已被修改', messageEn: 'the record was changed' });
const conflict = new ApiError({ status: 409, code: 'household_has_members', messageZh: '该户还有成员', messageEn: 'the household still has members' });

describe('versioned command: what a failure shows', () => {
  it('a stale version is a warning with the modal\'s own text (the record is reloaded), not the server message', () => {
    expect(isStaleVersion(stale)).toBe(true);
    expect(isStaleVersion(conflict)).toBe(false);
    expect(isStaleVersion(new Error('stale_version'))).toBe(false);
    expect(commandAlert(stale, '已为您刷新', zh, 'zh-CN')).toEqual({ type: 'warning', title: '已为您刷新' });
  });

  it('any other error is an error alert in the UI language; no error, no alert', () => {
    expect(commandAlert(conflict, '已为您刷新', zh, 'zh-CN')).toEqual({ type: 'error', title: '该户还有成员' });
    expect(commandAlert(conflict, 'reloaded', zh, 'en')).toEqual({ type: 'error', title: 'the household still has members' });
    expect(commandAlert(new ApiError({ status: 0, code: 'network_error' }), '已为您刷新', zh, 'zh-CN')).toEqual({ type: 'error', title: zhCN.errors.network });
    expect(commandAlert(null, '已为您刷新', zh, 'zh-CN')).toBeNull();
  });
});
