import type { CSSProperties } from 'react';
import { useIsMobile } from '../app/use-is-mobile';

/**
 * A dialog as wide as a phone's screen, from the top, with large buttons; the given width and the usual buttons on a
 * desktop. Spread `modal` on the Modal and give `size` to its buttons and form.
 */
export function useDialogSize(width = 520): { modal: { width: number | string; style?: CSSProperties }; size: 'large' | 'middle' } {
  const isMobile = useIsMobile();
  return isMobile
    ? { modal: { width: '100%', style: { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } }, size: 'large' }
    : { modal: { width }, size: 'middle' };
}
