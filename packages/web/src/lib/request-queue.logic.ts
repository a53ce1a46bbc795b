// The words of a staff request queue (lib/request-queue.tsx), tested without a browser.

/**
 * What an empty queue says: nothing waiting (the first status, the one the page opens on), nothing under another status
 * (named, so 全部 is never "with this status"), or nothing at all (全部).
 */
export type QueueEmpty = { waiting: string; status: (statusLabel: string) => string; all: string };

/** The empty queue's words for `status` (`first` is the status the page opens on). */
export function queueEmptyText<S extends string>(empty: QueueEmpty, status: S | 'all', first: S, statusLabel: (s: S) => string): string {
  if (status === 'all') return empty.all;
  return status === first ? empty.waiting : empty.status(statusLabel(status));
}
