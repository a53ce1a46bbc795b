import { Badge } from 'antd';

/**
 * The count of requests waiting for the caller next to a menu entry (未成年人信息查阅审批, 导出审批): nothing when none
 * wait. `label` is said by screen readers and shown on hover ("3 条待审批").
 */
export function PendingBadge({ n, label, testId }: { n: number; label: string; testId: string }) {
  if (n <= 0) return null;
  return <Badge count={n} size="small" overflowCount={99} style={{ marginInlineStart: 8 }} title={label} aria-label={label} data-testid={testId} />;
}
