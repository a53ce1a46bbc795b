// Back closes the dialog (ADR 0067). On a phone the Back button (or the back gesture) is how a dialog is closed; in this
// app it left the page under the open drawer instead, and what was typed in it was gone (phone walk-through, ADR 0065
// addendum). Every Modal and Drawer of the app (lib/dialog.tsx) says here while it is open what Back does to it; one
// router blocker in the signed-in layout (BackClosesDialogs) stops a Back while any is open and hands it to the newest.
// Plain and framework-free: unit-tested.

type Held = { onBack: () => void };

const held: Held[] = [];

/**
 * Registers an open dialog: Back now calls `onBack` (close it; a dialog that cannot be dismissed passes a function
 * that does nothing, and Back then keeps the page). Returns the release, to call when the dialog closes.
 */
export function holdBack(onBack: () => void): () => void {
  const entry: Held = { onBack };
  held.push(entry);
  return () => {
    const i = held.indexOf(entry);
    if (i >= 0) held.splice(i, 1);
  };
}

/** Whether a dialog is open that Back should close instead of leaving the page. */
export function dialogsHoldBack(): boolean {
  return held.length > 0;
}

/** Back was pressed with dialogs open: the newest one gets it (a step-up over a drawer closes first). */
export function backToNewestDialog(): void {
  held.at(-1)?.onBack();
}

/** The callbacks of a confirmation dialog that say it closes (antd's `ModalFuncProps`, in part; see `holdBackForConfirm`). */
export type ConfirmCallbacks = { onOk?: () => unknown; onCancel?: () => unknown; afterClose?: () => void };

/**
 * Holds Back for a confirmation dialog opened by a call (antd's `modal.confirm`), which has no `open` to follow: pass its
 * config and how to close it; open the dialog with the config returned. Back then closes it as its Cancel does (the
 * config's `onCancel`, then `close`). The hold is released as the dialog closes, whichever way:
 * - OK or Cancel: when the callback returns, or when the promise it returns resolves (antd closes the dialog then; a
 *   rejected promise keeps it open, and held);
 * - Esc, the mask or ×: antd calls `onCancel` as it closes;
 * - Back, or `release` (a destroy, an unmount): at once;
 * - any other close: `afterClose`, when it has gone.
 * The callbacks take no arguments (antd's `close` argument is not passed on): return a promise to keep it open meanwhile.
 */
export function holdBackForConfirm<C extends ConfirmCallbacks>(
  config: C,
  close: () => void,
): { config: Omit<C, keyof ConfirmCallbacks> & Required<ConfirmCallbacks>; release: () => void } {
  const release = holdBack(() => {
    release();
    config.onCancel?.();
    close();
  });
  const releaseWhenDone = (out: unknown): unknown => {
    if (isThenable(out)) void out.then(release, () => undefined);
    else release();
    return out;
  };
  return {
    config: {
      ...config,
      onOk: () => releaseWhenDone(config.onOk?.()),
      onCancel: () => releaseWhenDone(config.onCancel?.()),
      afterClose: () => {
        release();
        config.afterClose?.();
      },
    },
    release,
  };
}

// As antd tells a promise from a value (its ActionButton).
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && v !== undefined && typeof (v as { then?: unknown }).then === 'function';
