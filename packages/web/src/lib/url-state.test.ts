import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyUrlUpdate, LatestUrlParams, normalizeSearch, type UrlLocation } from './url-state.logic';

describe('applying an update to the query', () => {
  it('a patch sets and deletes keys (null, undefined and empty string delete) and keeps the others', () => {
    const before = new URLSearchParams('tag=living_alone&grid=g1&q=wzq');
    const after = applyUrlUpdate(before, { tag: 'disabled', grid: null, q: '', rt: 'tenant', missing: undefined, page: 3 });
    expect(after.toString()).toBe('tag=disabled&rt=tenant&page=3');
    expect(applyUrlUpdate('a=1&b=2', { a: 3 }).toString()).toBe('a=3&b=2'); // a changed key keeps its place
    expect(before.toString()).toBe('tag=living_alone&grid=g1&q=wzq'); // the input is not modified
  });

  it('an array sets the key once per item, an empty array deletes it', () => {
    expect(applyUrlUpdate('k=0&x=1', { k: ['a', 2] }).getAll('k')).toEqual(['a', '2']);
    expect(applyUrlUpdate('k=0&x=1', { k: [] }).toString()).toBe('x=1');
  });

  it('resetPage drops the page number unless the update sets it again', () => {
    expect(applyUrlUpdate('page=4&tag=a', { tag: 'b' }, { resetPage: true }).toString()).toBe('tag=b');
    expect(applyUrlUpdate('page=4&tag=a', { tag: 'b' }).toString()).toBe('page=4&tag=b');
    expect(applyUrlUpdate('page=4&tag=a', { page: 2 }, { resetPage: true }).toString()).toBe('tag=a&page=2');
    expect(applyUrlUpdate('page=4&tag=a', (d) => d.set('grid', 'g'), { resetPage: true }).toString()).toBe('tag=a&grid=g');
  });

  it('a function edits a copy in place or returns the params to use instead', () => {
    const before = new URLSearchParams('a=1');
    expect(applyUrlUpdate(before, (d) => void d.set('b', '2')).toString()).toBe('a=1&b=2');
    const replacement = new URLSearchParams('only=1');
    const out = applyUrlUpdate(before, () => replacement);
    expect(out.toString()).toBe('only=1');
    out.set('later', 'x');
    expect(replacement.toString()).toBe('only=1'); // a copy: later edits do not reach the caller's object
    expect(before.toString()).toBe('a=1');
  });

  it('"?a=1" and "a=1" are the same query', () => {
    expect(normalizeSearch('?a=1&b=x%20y')).toBe(normalizeSearch('a=1&b=x+y'));
  });
});

/** A router stand-in: records each navigation; `commit` shows one of them (or any URL) as the current location. */
function fakeRouter(search = '') {
  let n = 0;
  const calls: Array<{ search: string; replace: boolean }> = [];
  const at = (s: string): UrlLocation => ({ search: s ? `?${s}` : '', key: `k${n++}` });
  const start = at(search);
  const holder = new LatestUrlParams(start, (s, o) => calls.push({ search: s, replace: o.replace }));
  return { holder, calls, commit: (s: string) => holder.sync(at(s)) };
}

describe('the latest params of a page (two updates before a render)', () => {
  it('two updates in one tick both survive, each navigating once, the second including the first', () => {
    const { holder, calls } = fakeRouter('q=wzq&page=3');
    // A filter that resets the page, then another filter, with no render in between.
    holder.update({ grid: 'g2' }, { resetPage: true });
    holder.update((d) => void d.set('tag', 'living_alone'));
    expect(calls).toEqual([
      { search: 'q=wzq&grid=g2', replace: false },
      { search: 'q=wzq&grid=g2&tag=living_alone', replace: false },
    ]);
    expect(holder.current.toString()).toBe('q=wzq&grid=g2&tag=living_alone');
  });

  it('passes replace through', () => {
    const { holder, calls } = fakeRouter();
    holder.update({ month: '2025-05' }, { replace: true });
    expect(calls).toEqual([{ search: 'month=2025-05', replace: true }]);
  });

  it('the router showing an older update of its own on the way does not roll the latest back', () => {
    const { holder, commit } = fakeRouter();
    holder.update({ grid: 'g2' });
    holder.update({ tag: 'living_alone' });
    commit('grid=g2'); // the first navigation rendered before the second
    holder.update({ rt: 'tenant' });
    expect(holder.current.toString()).toBe('grid=g2&tag=living_alone&rt=tenant');
    commit('grid=g2&tag=living_alone&rt=tenant');
    expect(holder.current.toString()).toBe('grid=g2&tag=living_alone&rt=tenant');
  });

  it('a navigation made elsewhere (back/forward, a link) becomes the latest', () => {
    const { holder, commit } = fakeRouter('tag=living_alone');
    holder.update({ grid: 'g2' });
    commit('tag=living_alone&grid=g2');
    commit('tag=living_alone'); // back
    expect(holder.current.toString()).toBe('tag=living_alone');
    holder.update({ rt: 'tenant' });
    expect(holder.current.toString()).toBe('tag=living_alone&rt=tenant');
    // A link elsewhere while an update is still on its way: the link wins.
    commit('status=all');
    expect(holder.current.toString()).toBe('status=all');
  });

  it('the same location seen again (same key, a re-render) changes nothing', () => {
    const location = { search: '?a=1', key: 'x' };
    const holder = new LatestUrlParams(location, () => {});
    holder.update({ b: 2 });
    holder.sync(location);
    expect(holder.current.toString()).toBe('a=1&b=2');
  });

  it('current is a copy', () => {
    const { holder } = fakeRouter('a=1');
    holder.current.set('a', '2');
    expect(holder.current.toString()).toBe('a=1');
  });
});

describe('pages keep their URL state through useUrlState', () => {
  it('no source file takes the setter of react-router\'s useSearchParams (it drops one of two quick updates); reading is fine', () => {
    const setter = /\[[^\]]*,[^\]]*\]\s*=\s*useSearchParams\b/;
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return files(p);
        return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
      });
    const setters = files(src).filter((f) => setter.test(fs.readFileSync(f, 'utf8')));
    expect(setters.map((f) => path.relative(src, f))).toEqual([]);
    // The check itself sees a setter.
    expect(setter.test('const [params, setParams] = useSearchParams();')).toBe(true);
    expect(setter.test('const [params] = useSearchParams();')).toBe(false);
  });
});
