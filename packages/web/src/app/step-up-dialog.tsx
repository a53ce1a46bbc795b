import { useEffect, useRef, useState } from 'react';
import { type StepUpNeed, setStepUpHandler } from '../api/client';
import { LazyDialog } from './lazy-dialog';
import { preloadedLazy } from '../lib/preloaded-lazy';

const modal = preloadedLazy(() => import('./step-up-modal'), (m) => m.StepUpModal);
const StepUpModal = modal.Component;
/** Fetches the dialog's code ahead of need (the signed-in layout does, ADR 0064). */
export const loadStepUpModal = modal.preload;

type Pending = { need: StepUpNeed; resolve: (ok: boolean) => void };

/**
 * The password step-up dialog (ADR 0034). Mounted once under the app's providers: a request that answers 401
 * step_up_required (the user opened more residents' records in a short time than the threshold allows; see
 * api/client.ts) opens it; after the password is confirmed the request is sent again once. Cancelling fails the
 * original request with the server's message.
 */
export function StepUpDialog() {
  const [pending, setPending] = useState<Pending | null>(null);
  const queue = useRef<Pending[]>([]);

  useEffect(() => {
    setStepUpHandler(
      (need) =>
        new Promise<boolean>((resolve) => {
          const p = { need, resolve };
          // Several refused requests at once (a page loading records in parallel) share one dialog.
          if (queue.current.length === 0) setPending(p);
          queue.current.push(p);
        }),
    );
    return () => setStepUpHandler(null);
  }, []);

  const finish = (ok: boolean) => {
    for (const p of queue.current.splice(0)) p.resolve(ok);
    setPending(null);
  };

  if (!pending) return null;
  return (
    <LazyDialog onFail={() => finish(false)}>
      <StepUpModal need={pending.need} onDone={finish} />
    </LazyDialog>
  );
}

