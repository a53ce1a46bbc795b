// The app's Modal and Drawer: antd's (same props), closed by the phone's Back button while open (ADR 0067,
// lib/back-closes.ts). Every dialog of the app is one of these; a test keeps antd's own out of the other files.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Drawer as AntDrawer, Modal as AntModal, type DrawerProps, type ModalProps } from 'antd';
import { useBlocker } from 'react-router';
import { backToNewestDialog, dialogsHoldBack, holdBack } from './back-closes';

/**
 * While `open`, Back calls `close` instead of leaving the page. Without `close` (a dialog that must be answered: signing
 * in again, the processing notice) Back does nothing. A close that refuses (a drawer whose save is under way) keeps the
 * dialog, and the page stays too.
 */
export function useCloseOnBack(open: boolean, close: (() => void) | undefined): void {
  const latest = useRef(close);
  latest.current = close;
  // In the commit, before the dialog is painted: a Back pressed as soon as it shows finds it registered (a passive
  // effect could still be pending then, and the Back left the page — seen under load in the browser suite).
  useLayoutEffect(() => (open ? holdBack(() => latest.current?.()) : undefined), [open]);
}

export function Modal(props: ModalProps) {
  const { open = false, onCancel } = props;
  // antd passes the click's event; nothing in this app reads it.
  useCloseOnBack(open, onCancel && (() => onCancel(undefined as never)));
  return <AntModal {...props} />;
}

export function Drawer(props: DrawerProps) {
  const { open = false, onClose } = props;
  useCloseOnBack(open, onClose && (() => onClose(undefined as never)));
  return <AntDrawer {...props} />;
}

/**
 * The one router blocker (react-router supports one): mounted once in the signed-in layout, it stops a Back (or Forward)
 * while a dialog is open — the router puts the address back — and hands it to the newest dialog to close.
 */
export function BackClosesDialogs() {
  const blocker = useBlocker(({ historyAction }) => historyAction === 'POP' && dialogsHoldBack());
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    blocker.reset();
    backToNewestDialog();
  }, [blocker]);
  return null;
}
