import { useMediaQuery } from '../lib/use-media-query';

// The user's system asks for less motion (an accessibility setting: vestibular disorders, older phones). Ant Design's
// opening/closing animations are then turned off (theme token `motion`). The browser suite runs with this setting, so a
// click can never land on a dialog that is still animating in.
export function useReducedMotion(): boolean {
  return useMediaQuery('(prefers-reduced-motion: reduce)');
}
