import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { preloadedLazy } from './preloaded-lazy';

function Greeting({ name }: { name: string }) {
  return createElement('p', null, `你好，${name}`);
}

const draw = (C: (props: { name: string }) => unknown) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, createElement(C as never, { name: '张三' })));

describe('a lazily loaded component drawn at once when its code came ahead (ADR 0064)', () => {
  it('not loaded yet: suspends like React.lazy (the fallback is drawn) and loads its code', async () => {
    let loads = 0;
    const greeting = preloadedLazy(async () => (loads++, { Greeting }), (m) => m.Greeting);
    expect(draw(greeting.Component)).toContain('loading');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(loads).toBe(1);
  });

  it('loaded ahead: drawn in the first render, with its props, without suspending', async () => {
    const greeting = preloadedLazy(async () => ({ Greeting }), (m) => m.Greeting);
    await greeting.preload();
    const html = draw(greeting.Component);
    expect(html).toContain('你好，张三');
    expect(html).not.toContain('loading');
  });

  it('a failed load is not remembered as loaded: the next draw still suspends', async () => {
    let fail = true;
    const greeting = preloadedLazy(async () => {
      if (fail) throw new TypeError('Failed to fetch dynamically imported module');
      return { Greeting };
    }, (m) => m.Greeting);
    await expect(greeting.preload()).rejects.toThrow(/dynamically imported/);
    fail = false;
    expect(draw(greeting.Component)).toContain('loading');
    await greeting.preload();
    expect(draw(greeting.Component)).toContain('你好，张三');
  });
});
