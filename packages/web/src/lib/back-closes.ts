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
