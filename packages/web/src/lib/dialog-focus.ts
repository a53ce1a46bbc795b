import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

// Keyboard focus around antd dialogs and drawers (WCAG 2.4.3 focus order, ADR 0056): into the dialog when it opens,
// back to the control that opened it when it closes. antd does most of it; these hooks fill two gaps.

/**
 * Gives focus back to the control that opened a dialog or drawer which its page mounts only while it is open
 * (`{editing && <EditResidentDrawer … />}`, the dialog itself `open` for good). antd returns focus only at the end of
 * its closing animation, which such a dialog never reaches: it is gone with the click on 取消 or the Escape key, and
 * focus fell to the page's <body> — a keyboard or screen-reader user had to start again from the top. Call it first in
 * the dialog's component: it remembers the element that had focus when the dialog mounted and focuses it again when
 * the dialog unmounts, unless focus has meanwhile gone elsewhere (another dialog, a new page) or that element is no
 * longer on the page.
 */
export function useFocusReturn(): void {
  // Read once, in the first render: before the dialog moves focus into itself.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : document.activeElement));
  useEffect(
    () => () => {
      // The dialog's DOM (antd's portal) is removed before this runs: focus that was inside it is now on <body>.
      const now = document.activeElement;
      if (opener instanceof HTMLElement && opener.isConnected && (now === null || now === document.body)) opener.focus({ preventScroll: true });
    },
    [opener],
  );
}

/**
 * Props for an antd Drawer (`<Drawer {...useDrawerFocus()} …>`) that move the focus onto the drawer's dialog once it
 * has opened. The drawer itself focuses its outer container, which holds the mask and the panel but is not the element
 * with role="dialog": a screen reader then does not say that a dialog, named by its title, has opened, and the focus is
 * outside the dialog. The dialog element gets tabindex="-1" (focusable by script only, no extra Tab stop).
 */
export function useDrawerFocus(): { panelRef: RefObject<HTMLDivElement | null>; afterOpenChange: (open: boolean) => void } {
  const panelRef = useRef<HTMLDivElement>(null);
  const afterOpenChange = useCallback((open: boolean) => {
    const dialog = panelRef.current;
    if (!open || !dialog || dialog.contains(document.activeElement)) return;
    if (!dialog.hasAttribute('tabindex')) dialog.tabIndex = -1;
    dialog.focus({ preventScroll: true });
  }, []);
  return { panelRef, afterOpenChange };
}
