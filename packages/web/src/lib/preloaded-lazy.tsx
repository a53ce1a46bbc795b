import { lazy, type ComponentProps, type ComponentType, type JSX } from 'react';

/**
 * A component whose code is loaded on demand, like React.lazy, but drawn at once when its code was loaded before it
 * is first drawn (warm-up): React.lazy suspends on first render however early its code arrived, and React then holds the
 * revealed content back for up to 300 ms (its Suspense fallback throttling) — time the user would wait for nothing.
 */
export function preloadedLazy<M, C extends ComponentType<any>>(load: () => Promise<M>, pick: (m: M) => C) {
  let loaded: M | undefined;
  const preload = () => load().then((m) => (loaded = m));
  const Lazy = lazy(() => preload().then((m) => ({ default: pick(m) })));
  function Preloaded(props: ComponentProps<C> & JSX.IntrinsicAttributes): JSX.Element {
    const Loaded = (loaded === undefined ? Lazy : pick(loaded)) as ComponentType<ComponentProps<C>>;
    return <Loaded {...props} />;
  }
  return { Component: Preloaded, preload };
}
