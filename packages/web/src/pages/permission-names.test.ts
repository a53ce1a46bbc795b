import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_PERMISSIONS, permissionName } from './permission-names';
import { WEB_SRC } from '../source-files.test-util';

// The server's list of permissions (packages/server/src/modules/auth/roles.ts), read from its source: the web app
// does not import the server.
function serverPermissions(): string[] {
  const source = fs.readFileSync(path.join(WEB_SRC, '../../server/src/modules/auth/roles.ts'), 'utf8');
  const list = /export const PERMISSIONS = \[([\s\S]*?)\] as const;/.exec(source);
  if (!list) throw new Error('PERMISSIONS not found in roles.ts');
  return [...list[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('permission names on the workbench', () => {
  it('every permission of the server has a Chinese and an English name, and no name is left for one it dropped', () => {
    const server = serverPermissions();
    expect(server.length).toBeGreaterThan(30);
    expect([...NAMED_PERMISSIONS].sort()).toEqual([...server].sort());
    for (const code of server) {
      expect(permissionName(code, 'zh-CN')).not.toBe(code);
      expect(permissionName(code, 'en')).not.toBe(code);
      expect(permissionName(code, 'zh-CN')).not.toBe(permissionName(code, 'en'));
    }
  });

  it('names a permission in the language shown, and an unknown code as it is', () => {
    expect(permissionName('resident:search', 'zh-CN')).toBe('查找居民');
    expect(permissionName('resident:search', 'en')).toBe('Search for residents');
    expect(permissionName('future:thing', 'zh-CN')).toBe('future:thing');
    expect(permissionName('toString', 'en')).toBe('toString');
  });
});
