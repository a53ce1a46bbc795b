// What a table shows where its rows would be when it has none (lib/table.tsx): antd's Table draws its empty text
// ("暂无数据", or the page's own) under the loading spinner before the first answer has come, which reads as "there is
// nothing". While it is loading with no rows, the table shows a blank of the empty text's height instead.

/** antd's `loading` prop: a flag, or the spinner's props (spinning unless `spinning: false`), as antd reads it. */
export type TableLoading = boolean | { spinning?: boolean } | undefined;

/** The blank's height (px): about the empty text's, so the table does not jump when the answer comes. */
export const BLANK_HEIGHT = 120;

export function isSpinning(loading: TableLoading): boolean {
  if (typeof loading === 'boolean') return loading;
  if (loading && typeof loading === 'object') return 'spinning' in loading ? !!loading.spinning : true;
  return false;
}

/** True while the table must show the blank instead of its empty text: it is loading and has no rows (yet). */
export function blankWhileLoading(loading: TableLoading, rows: readonly unknown[] | null | undefined): boolean {
  return isSpinning(loading) && (rows?.length ?? 0) === 0;
}
