import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';
import { sourceFiles, srcRelative, WEB_SRC } from '../source-files.test-util';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight: one request per double-click', () => {
  it('a second call with the same variables while the first runs gets the first call’s promise; it runs once', async () => {
    const calls: unknown[] = [];
    const d = deferred<string>();
    const run = singleFlight((v: { name: string }) => {
      calls.push(v);
      return d.promise;
    });
    const a = run({ name: '张三' });
    const b = run({ name: '张三' });
    expect(b).toBe(a);
    expect(calls).toHaveLength(1);
    d.resolve('ok');
    expect(await b).toBe('ok');
  });

  it('other variables run at once (one mutation behind a button on each row); after settling, the same ones run again', async () => {
    let n = 0;
    const run = singleFlight((v: number | undefined) => Promise.resolve(`${v}:${++n}`));
    const [a, b] = await Promise.all([run(1), run(2)]);
    expect([a, b]).toEqual(['1:1', '2:2']);
    expect(await run(1)).toBe('1:3');
    // A, then B, then A again while A still runs: the second A still shares A's call.
    const slow = deferred<string>();
    let m = 0;
    const row = singleFlight((v: string) => (++m, v === 'a' ? slow.promise : Promise.resolve(v)));
    const first = row('a');
    expect(await row('b')).toBe('b');
    expect(row('a')).toBe(first);
    expect(m).toBe(2);
    slow.resolve('a');
    expect(await first).toBe('a');
    // No variables (an import's file is in the component's state): also one at a time, then again.
    expect(await Promise.all([run(undefined), run(undefined)])).toEqual(['undefined:4', 'undefined:4']);
    expect(await run(undefined)).toBe('undefined:5');
  });

  it('a failed call does not block the next one, and both callers of a shared call see the failure', async () => {
    const d = deferred<string>();
    let n = 0;
    const run = singleFlight((_: string) => (++n === 1 ? d.promise : Promise.resolve('second try')));
    const a = run('x');
    const b = run('x');
    d.reject(new Error('network'));
    await expect(a).rejects.toThrow('network');
    await expect(b).rejects.toThrow('network');
    expect(await run('x')).toBe('second try');
  });

  it('variables that cannot be compared (a file, a form) are never shared', async () => {
    let n = 0;
    const run = singleFlight((_: Blob) => Promise.resolve(++n));
    const file = new Blob(['a']);
    expect(await Promise.all([run(file), run(file)])).toEqual([1, 2]);
  });

  it('every mutation of the app is single-flight: no file takes useMutation from TanStack directly', () => {
    const direct = sourceFiles(WEB_SRC, (f) => /\.tsx?$/.test(f))
      .filter((f) => srcRelative(f) !== 'lib/single-flight.ts')
      .filter((f) => /import\s*\{[^}]*\buseMutation\b[^}]*\}\s*from\s*'@tanstack\/react-query'/.test(fs.readFileSync(f, 'utf8')))
      .map(srcRelative);
    expect(direct).toEqual([]);
  });
});
