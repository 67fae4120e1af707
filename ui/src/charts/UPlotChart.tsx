// A uPlot chart that follows its container's width. uPlot draws on a canvas; the options
// and data come from the caller, colours from the theme (read once per render).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export function themeColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** The theme's axis style (muted labels, light grid) and its accent, for a time chart. */
export function themeAxes(): { axis: uPlot.Axis; accent: string } {
  const line = themeColor("--line", "#e2ddd4");
  return {
    axis: { stroke: themeColor("--muted", "#66706b"), grid: { stroke: line, width: 1 }, ticks: { stroke: line } },
    accent: themeColor("--accent", "#2f6f5e"),
  };
}

/** The options both time charts share: a fixed legend, no drag-zoom. */
export const TIME_CHART = {
  legend: { show: true, live: false },
  cursor: { drag: { x: false, y: false } },
} satisfies Partial<uPlot.Options>;

export function UPlotChart({
  options,
  data,
  height,
  testId,
  label,
}: {
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height: number;
  testId?: string;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: Math.max(el.clientWidth, 200), height }, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 200), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid={testId} />;
}
