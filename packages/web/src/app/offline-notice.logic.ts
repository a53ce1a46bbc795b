/** A mutation's meta for a form that shows its own offline message beside its submit button (app/offline-notice.tsx). */
export const INLINE_OFFLINE_NOTICE = { offlineNotice: 'inline' } as const;

/** Which offline notice to show (app/offline-notice.tsx): none while online; offline, with or without saves waiting. */
export function offlineNotice(online: boolean, waitingSaves: number): 'none' | 'offline' | 'waiting' {
  if (online) return 'none';
  return waitingSaves > 0 ? 'waiting' : 'offline';
}
