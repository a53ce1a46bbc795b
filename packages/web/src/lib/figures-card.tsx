// A dashboard card of a few big figures (今日体温上报, 未处置预警): a title, a link to the page behind it, a skeleton while
// loading, the error, then the figures (two per row) and whatever follows them. Styles in cards.css (.rx-figures).
import type { CSSProperties, ReactNode } from 'react';
import { Button, Card, Skeleton } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from './error-alert';
import { formatCount } from './numbers';

export function FiguresCard(p: {
  testId: string; title: string; openLabel: string; to: string;
  loading: boolean; error: unknown; skeletonRows?: number; children?: ReactNode;
  /** Asks again after a failed load (the banner offers it only when that can help: lib/errors.logic isRetryable). */
  onRetry?: () => void;
}) {
  const navigate = useNavigate();
  return (
    <Card
      data-testid={p.testId}
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{p.title}</h2>}
      extra={
        <Button type="link" onClick={() => void navigate(p.to)} icon={<ArrowRightOutlined aria-hidden />} iconPlacement="end">
          {p.openLabel}
        </Button>
      }
    >
      {p.loading && <Skeleton active paragraph={{ rows: p.skeletonRows ?? 1 }} />}
      {!!p.error && <ErrorAlert error={p.error} onRetry={p.onRetry} style={{ marginBottom: 0 }} />}
      {p.children}
    </Card>
  );
}

/** The figures of a FiguresCard, two per row (a margin below when something follows them). */
export function Figures({ children }: { children: ReactNode }) {
  return <div className="rx-figures">{children}</div>;
}

/** One figure: the value, big, over its label. A number is shown as a count, with thousands separators (lib/numbers.ts). */
export function Figure(p: { testId: string; value: ReactNode; label: string; valueClassName?: string; valueStyle?: CSSProperties }) {
  const { i18n } = useTranslation();
  return (
    <div className="rx-figure" data-testid={p.testId}>
      <strong className={p.valueClassName} style={p.valueStyle}>{typeof p.value === 'number' ? formatCount(p.value, i18n.language) : p.value}</strong>
      <span>{p.label}</span>
    </div>
  );
}
