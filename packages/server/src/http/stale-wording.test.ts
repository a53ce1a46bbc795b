// One wording for a versioned change that lost to someone else's (409 stale_version): http/errors.ts errors.stale, with
// the current version on the `version` field when the caller read it. Modules once each said it their own way (该账号已被
// 他人修改…, 记录已被他人处理…); this walks the server's sources so that a new one cannot creep back in. The roll calls
// keep theirs: they say what changed (别人刚刚登记过这个对象), which the generic words cannot.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errors } from './errors';

const SRC = join(__dirname, '..');
const ALLOWED = new Set(['http/errors.ts', 'modules/roll-calls/roll-calls.routes.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('409 stale_version: one wording', () => {
  it('errors.stale names the version field, with the current version when known', () => {
    const known = errors.stale(7);
    expect([known.status, known.code, known.messageZh]).toEqual([409, 'stale_version', '这条记录刚刚被别人改过，请刷新后再试']);
    expect(known.details).toEqual([{ path: 'version', code: 'stale', message: '当前版本为 7', messageEn: 'current version is 7' }]);
    expect(errors.stale().details).toEqual([{ path: 'version', code: 'stale', message: '已有更新的版本', messageEn: 'a newer version exists' }]);
  });

  it('no module words its own stale_version', () => {
    const own = sources(SRC)
      .map((p) => relative(SRC, p).split('\\').join('/'))
      .filter((p) => !ALLOWED.has(p) && readFileSync(join(SRC, p), 'utf8').includes("'stale_version',"));
    expect(own).toEqual([]);
    // The scan reads the real tree: the allowed file is found by it.
    expect(sources(SRC).some((p) => readFileSync(p, 'utf8').includes("errors.conflict('stale_version',"))).toBe(true);
  });
});
