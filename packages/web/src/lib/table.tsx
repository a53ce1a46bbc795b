// The app's table: antd's Table (same props), except that while it is loading with no rows it shows a blank of the
// empty text's height, not the empty text under the spinner (table.logic.ts). Every table in the app is a DataTable.
import { Table, type TableProps } from 'antd';
import type { AnyObject } from 'antd/es/_util/type';
import { BLANK_HEIGHT, blankWhileLoading } from './table.logic';

export function DataTable<T = AnyObject>(props: TableProps<T>) {
  const { loading, dataSource, locale } = props;
  if (!blankWhileLoading(loading, dataSource)) return <Table<T> {...props} />;
  return <Table<T> {...props} locale={{ ...locale, emptyText: <div style={{ height: BLANK_HEIGHT }} data-testid="table-loading-blank" /> }} />;
}
