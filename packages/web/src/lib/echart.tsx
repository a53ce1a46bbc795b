// A small React wrapper over tree-shaken echarts/core, shared by the warning pages (line, scatter, bars, mark lines), the
// gates' flow tab (客流) (bars), the cases' transmission chain (传播链) (graph) and 韧性评估's capacities (radar): only these
// chart types and components are bundled.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, RadarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, RadarChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, RadarComponent, TooltipComponent, CanvasRenderer]);

export interface EChartProps {
  /** The echarts option; replaced (not merged) whenever it changes, so pass a memoised object. */
  option: object;
  /** The height in pixels; the width follows the container. */
  height: number;
  /** The text label of the canvas (exposed as an image); pages offer the same numbers as a table for screen readers. */
  label: string;
  testId?: string;
  /** A click on a data item (a bar, a graph's node or edge): echarts' event, its `dataType` and `data` as given. */
  onClick?: (event: ChartClick) => void;
}

/** What a click on a data item says (a graph's node: dataType 'node', data the node as given in the option). */
export type ChartClick = { dataType?: string; data?: unknown; name?: string; dataIndex?: number };

/** Renders `option` (replaced, not merged, on change) and follows the container's size. */
export function EChart({ option, height, label, testId, onClick }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => click.current?.(e as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option as echarts.EChartsCoreOption, { notMerge: true });
  }, [option]);
  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
