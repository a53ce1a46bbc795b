// 网络已断开: one notice for the whole signed-in app. Without a network TanStack Query holds a save (a mutation) until the
// connection is back and then sends it, once; the forms only showed a spinning button meanwhile, and a worker on a phone
// in a stairwell could not tell a slow save from none (phone walk-through, ADR 0065 addendum). A form that says so
// itself, next to its button (the self-report pages), marks its mutation with `meta: INLINE_OFFLINE_NOTICE`
// (offline-notice.logic.ts).
import { useSyncExternalStore } from 'react';
import { Alert } from 'antd';
import { onlineManager, useIsMutating } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { offlineNotice } from './offline-notice.logic';

export function OfflineNotice() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
  const waiting = useIsMutating({ predicate: (m) => m.state.isPaused && m.options.meta?.offlineNotice !== 'inline' });
  const shows = offlineNotice(online, waiting);
  if (shows === 'none') return null;
  // Over the page and over an open drawer (its save is what waits), near the top; taps go through to what is under it.
  return (
    <div className="rx-offline-notice" data-testid="offline-notice">
      <Alert type="warning" showIcon role="status" title={t(shows === 'waiting' ? 'offline.waiting' : 'offline.offline')} />
    </div>
  );
}
