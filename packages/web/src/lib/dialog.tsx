// The app's Modal, Drawer and Popconfirm: antd's (same props), and its confirmation dialogs (useConfirm, antd's
// modal.confirm), closed by the phone's Back button while open (ADR 0067, lib/back-closes.ts). Every dialog of the app is
// one of these; a test keeps antd's own out of the other files.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  App, Drawer as AntDrawer, Modal as AntModal, Popconfirm as AntPopconfirm, type DrawerProps, type ModalFuncProps, type ModalProps, type PopconfirmProps,
} from 'antd';
import { useBlocker } from 'react-router';
import { backToNewestDialog, dialogsHoldBack, holdBack, holdBackForConfirm, type ConfirmCallbacks } from './back-closes';

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
 * antd's Popconfirm (a yes/no popover on a delete or withdraw button), closed by Back while open as Cancel closes it
 * (the caller's `onCancel`, then closed): Back keeps the page. Open state is kept here unless the caller controls it.
 */
export function Popconfirm(props: PopconfirmProps) {
  const { open: controlled, defaultOpen, onOpenChange, onCancel } = props;
  const [own, setOwn] = useState(defaultOpen ?? false);
  const open = controlled ?? own;
  const change = (next: boolean) => {
    setOwn(next);
    onOpenChange?.(next);
  };
  useCloseOnBack(open, () => {
    change(false);
    onCancel?.(undefined);
  });
  return <AntPopconfirm {...props} open={open} onOpenChange={change} />;
}

/** A confirmation dialog: antd's config, but OK and Cancel take no argument (return a promise to stay open meanwhile). */
export type ConfirmConfig = Omit<ModalFuncProps, keyof ConfirmCallbacks> & ConfirmCallbacks;

/** What `modal.confirm` returns: `destroy`, `update` (not of onOk, onCancel or afterClose) and a `then` (OK: true). */
export type ConfirmHandle = ReturnType<ReturnType<typeof App.useApp>['modal']['confirm']>;

/**
 * The app's `modal.confirm` (antd's, through `App.useApp()`), closed by Back like the Modal: Back does what its Cancel
 * does (the config's `onCancel`, then the dialog closes) and keeps the page. The hold ends when it closes, whichever way
 * (OK, Cancel, Esc, Back, the handle's `destroy`: lib/back-closes.ts `holdBackForConfirm`). A confirm still open when
 * the component that asked unmounts closes with it: it asked about a page that has gone. `kind` gives antd's other
 * one-button notices instead (`useConfirm('error')` for `modal.error`).
 */
export function useConfirm(
  kind: 'confirm' | 'info' | 'success' | 'error' | 'warning' = 'confirm',
): (config: ConfirmConfig) => ConfirmHandle {
  const { modal } = App.useApp();
  // The open confirms' ends (release the hold and close), for the unmount.
  const open = useRef(new Set<() => void>());
  useEffect(() => {
    const ends = open.current;
    return () => [...ends].forEach((end) => end());
  }, []);
  return useCallback(
    (config: ConfirmConfig) => {
      let handle: ConfirmHandle | undefined;
      const held = holdBackForConfirm(
        {
          ...config,
          afterClose: () => {
            open.current.delete(end);
            config.afterClose?.();
          },
        },
        () => handle?.destroy(),
      );
      function end() {
        open.current.delete(end);
        held.release();
        handle?.destroy();
      }
      open.current.add(end);
      handle = modal[kind](held.config);
      // A destroy releases at once (afterClose comes when it has gone).
      return { ...handle, destroy: end };
    },
    [modal, kind],
  );
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
