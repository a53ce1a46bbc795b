import type { ReactNode } from 'react';

/**
 * A table's empty text (`locale.emptyText`) that waits for the first answer: before it, the table shows only its
 * loading spinner over a blank of the empty text's height, not "nothing found" under the spinner.
 */
export function emptyOnceLoaded(loaded: boolean, empty: ReactNode): ReactNode {
  return loaded ? empty : <div style={{ height: 120 }} />;
}
