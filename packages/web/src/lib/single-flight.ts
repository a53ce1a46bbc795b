// One write per click. A double-click (or a double tap) on a submit button sends the second click before React has
// drawn the button's loading state, and the same request went out twice: an import ran twice and said "新登记 0 人" for
// a file that had just added three people; a second "add resident" was refused with a conflict nobody saw (walk-through,
// ADR 0065 addendum, session 24). Every mutation of the app goes through `useMutation` below (a test enforces it).
import { useMemo, useRef } from 'react';
import {
  useMutation as useTanstackMutation, type DefaultError, type MutateOptions, type QueryClient, type UseMutationOptions, type UseMutationResult,
} from '@tanstack/react-query';

/** A key for a call's variables: equal keys are the same request. null when they cannot be compared (never deduplicated). */
function keyOf(variables: unknown): string | null {
  if (variables === undefined) return 'undefined';
  if (variables instanceof Blob || variables instanceof FormData) return null;
  try {
    return JSON.stringify(variables) ?? null;
  } catch {
    return null;
  }
}

/**
 * Wraps `run` so that a call made while an earlier call with the same variables is still running gets that call's
 * promise instead of starting another. Calls with other variables run as before (one button per row of a list may
 * share a mutation); so does any call after the earlier one has settled.
 */
export function singleFlight<V, R, O>(run: (variables: V, options?: O) => Promise<R>): (variables: V, options?: O) => Promise<R> {
  const running = new Map<string, Promise<R>>();
  return (variables, options) => {
    const key = keyOf(variables);
    const earlier = key === null ? undefined : running.get(key);
    if (earlier) return earlier;
    const promise = run(variables, options);
    if (key !== null) {
      running.set(key, promise);
      const clear = () => {
        if (running.get(key) === promise) running.delete(key);
      };
      promise.then(clear, clear);
    }
    return promise;
  };
}

/** TanStack Query's useMutation, with `mutate` and `mutateAsync` single-flight per variables (see singleFlight). */
export function useMutation<TData = unknown, TError = DefaultError, TVariables = void, TContext = unknown>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
  queryClient?: QueryClient,
): UseMutationResult<TData, TError, TVariables, TContext> {
  const result = useTanstackMutation(options, queryClient);
  const latest = useRef(result.mutateAsync);
  latest.current = result.mutateAsync;
  const mutateAsync = useMemo(
    () => singleFlight((variables: TVariables, o?: MutateOptions<TData, TError, TVariables, TContext>) => latest.current(variables, o)),
    [],
  );
  const mutate = useMemo(
    () => (variables: TVariables, o?: MutateOptions<TData, TError, TVariables, TContext>) => {
      // As TanStack's mutate: errors go to the mutation's state and callbacks, not to the caller.
      mutateAsync(variables, o).catch(() => undefined);
    },
    [mutateAsync],
  );
  return { ...result, mutate, mutateAsync } as UseMutationResult<TData, TError, TVariables, TContext>;
}
