import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { type MfaNeed, setMfaHandler } from '../api/client';
import { SESSION_KEY } from '../auth/session';
import { LazyDialog } from './lazy-dialog';
import { preloadedLazy } from '../lib/preloaded-lazy';

const modal = preloadedLazy(() => import('./mfa-modal'), (m) => m.MfaModal);
const MfaModal = modal.Component;
/** Fetches the dialog's code ahead of need (the signed-in layout does, ADR 0064). */
export const loadMfaModal = modal.preload;

type Pending = { need: MfaNeed; resolve: (ok: boolean) => void };

/**
 * The second-factor dialog. Mounted once under the app's providers: any request that answers 401 mfa_required
 * (see api/client.ts) opens it — to set up an authenticator (QR code) or to enter a code — and the request is sent
 * again once the session has passed. Cancelling fails the original action with the server's message.
 */
export function MfaDialog() {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const queue = useRef<Pending[]>([]);

  useEffect(() => {
    setMfaHandler(
      (need) =>
        new Promise<boolean>((resolve) => {
          const p = { need, resolve };
          // Several privileged requests at once share one dialog.
          if (queue.current.length === 0) setPending(p);
          queue.current.push(p);
        }),
    );
    return () => setMfaHandler(null);
  }, []);

  const finish = (ok: boolean) => {
    for (const p of queue.current.splice(0)) p.resolve(ok);
    setPending(null);
    if (ok) void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  };

  if (!pending) return null;
  return (
    <LazyDialog key={pending.need} onFail={() => finish(false)}>
      <MfaModal need={pending.need} onDone={finish} />
    </LazyDialog>
  );
}

