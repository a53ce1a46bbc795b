import { useSyncExternalStore } from 'react';

// The user's system asks for less motion (an accessibility setting: vestibular disorders, older phones). Ant Design's
// opening/closing animations are then turned off (theme token `motion`). The browser suite runs with this setting, so a
// click can never land on a dialog that is still animating in.
const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const mql = window.matchMedia(QUERY);
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches, () => false);
}
