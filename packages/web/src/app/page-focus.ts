import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

// Keyboard focus when the page changes (WCAG 2.4.3 focus order, ADR 0056 addendum). A single-page app does not load a
// new document, so nothing moves the focus to the new page: a screen reader announced nothing, and the focus stayed
// on the control that was clicked — or fell to <body> when that control went down with the old page — so a keyboard
// user started again at the top of the document, before the menu.

/** The element the focus moves to: the content region (`<main id="main" tabIndex={-1}>`, the skip link's target). */
export const MAIN_ID = 'main';

/** Moves the focus to the content region (no ring: `#main:focus` has none; the page title says where one is). */
export function focusMain(): void {
  document.getElementById(MAIN_ID)?.focus({ preventScroll: true });
}

/**
 * After a change of page (path; not of the query string, which filters and pages of a list change), the focus moves to
 * the content region if it was lost with the old page (on <body>). A choice in the main menu moves it there explicitly
 * (`focusMain`): the menu entry stays, but the user asked for the page.
 */
export function useFocusOnNewPage(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    if (active === null || active === document.body) focusMain();
  }, [pathname]);
}
