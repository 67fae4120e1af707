// A person's health and warmth, week by week over the last year (the person page).
// Self-contained: one core call (`health_series`) under ["contact", id, "health", "series"]
// (lib/query, so it reloads with the health), one uPlot chart.
import { useMemo } from "react";
import type uPlot from "uplot";
import { api } from "../api";
import type { SeriesPoint } from "../bindings";
import { TIME_CHART, themeAxes, UPlotChart } from "../charts/UPlotChart";
import { describeError } from "../errors";
import { useQuery } from "../lib/query";

export function HealthOverTime({ id }: { id: number }) {
  const series = useQuery<SeriesPoint[]>(["contact", id, "health", "series"], () => api.healthSeries(id));
  const points = series.data ?? null;
  // A reload hides the last load's error until it settles.
  const error = series.error && !series.loading ? describeError(series.error) : null;

  const chart = useMemo(() => {
    if (!points) return null;
    const { axis, accent } = themeAxes();
    const options: Omit<uPlot.Options, "width" | "height"> = {
      ...TIME_CHART,
      scales: { x: { time: true }, health: { range: [0, 100] }, warmth: { range: [0, 1] } },
      axes: [
        { ...axis },
        { ...axis, scale: "health", size: 40 },
        { ...axis, scale: "warmth", side: 1, size: 40, grid: { show: false } },
      ],
      series: [
        {},
        { label: "Health", scale: "health", stroke: accent, width: 2.5, points: { show: false } },
        { label: "Warmth", scale: "warmth", stroke: "#c98a1a", width: 1.5, dash: [5, 4], points: { show: false } },
      ],
    };
    const data: uPlot.AlignedData = [
      points.map((p) => Date.parse(p.at) / 1000),
      points.map((p) => p.health),
      points.map((p) => p.warmth),
    ];
    return { options, data };
  }, [points]);

  const known = points?.some((p) => p.health !== null);
  return (
    <section className="psection health-over-time" aria-label="Health over time" data-testid="health-over-time">
      <h2>Health over the last year</h2>
      {error && <p className="error-text">{error}</p>}
      {points && !known && <p className="muted">No interaction logged yet.</p>}
      {chart && known && (
        <UPlotChart
          options={chart.options}
          data={chart.data}
          height={170}
          label="Health and warmth, weekly, over the last year"
        />
      )}
    </section>
  );
}
