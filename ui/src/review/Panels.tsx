// The Review screen's panels: circles, trend, fading, one-sided, activity. Each gets its
// data from one core call and only draws it.
import { type ReactNode, useMemo } from "react";
import uPlot from "uplot";
import type { Activity, Circle, CircleShape, FadingTie, OneSidedTie, TrendPoint } from "../bindings";
import { TIME_CHART, themeAxes, UPlotChart } from "../charts/UPlotChart";
import { CIRCLES } from "../lib/circles";
import { formatDay, localDate } from "../lib/dates";
import { calendarWeeks } from "./calendar";

/** The circles' names as everywhere in the app, and "No circle" (keyed by `circleKey`). */
export const CIRCLE_LABEL: Record<string, string> = {
  ...Object.fromEntries(CIRCLES.map((c) => [c.value, c.label])),
  none: "No circle",
};
export const CIRCLE_COLOR: Record<string, string> = {
  inner: "#7c4dcc",
  close: "#2f6fd0",
  network: "#1a9a8a",
  wider: "#9a8f80",
  none: "#c2b8a8",
};
export const FADING_COLOR = "#e5484d";
const BANDS = ["0–19", "20–39", "40–59", "60–79", "80–100"];
const BAND_COLOR = ["#d64545", "#e8833a", "#d9b62a", "#7fb85a", "#2f9e6e"];

export const circleKey = (c: Circle | null) => c ?? "none";

/** Each circle's bar is its own people, split by health band (the count is beside it), so a
 * circle of 5 reads as clearly as one of 5,000. */
export function CirclesPanel({ circles }: { circles: CircleShape[] }) {
  return (
    <div className="circles" data-testid="panel-circles">
      {circles.map((c) => (
        <div className="circle-row" key={circleKey(c.circle)} data-testid={`circle-${circleKey(c.circle)}`}>
          <div className="circle-name">
            <span className="dot" style={{ background: CIRCLE_COLOR[circleKey(c.circle)] }} />
            {CIRCLE_LABEL[circleKey(c.circle)]}
          </div>
          <div className="circle-count" data-testid="circle-people">
            {c.people.toLocaleString()} {c.people === 1 ? "person" : "people"}
          </div>
          <div className="band-bar">
            {c.bands.map((n, i) =>
              n > 0 ? (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: the five health bands are positions
                  key={i}
                  className="band"
                  style={{ flexGrow: n, background: BAND_COLOR[i] }}
                  data-tip={`health ${BANDS[i]}: ${n}`}
                >
                  {n >= c.people / 12 ? n : ""}
                </span>
              ) : null,
            )}
          </div>
          <div className="circle-median muted">{c.people > 0 ? `median ${c.median}` : "—"}</div>
        </div>
      ))}
      <div className="legend">
        Health:
        {BANDS.map((b, i) => (
          <span key={b}>
            <span className="swatch" style={{ background: BAND_COLOR[i] }} />
            {b}
          </span>
        ))}
      </div>
    </div>
  );
}

export function TrendPanel({ trend }: { trend: TrendPoint[] }) {
  const { options, data } = useMemo(() => {
    const { axis, accent } = themeAxes();
    const xs = trend.map((p) => Date.parse(p.at) / 1000);
    const options: Omit<uPlot.Options, "width" | "height"> = {
      ...TIME_CHART,
      scales: {
        x: { time: true },
        health: { range: [0, 100] },
        count: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        { ...axis },
        { ...axis, scale: "health", label: "mean health", size: 50 },
        { ...axis, scale: "count", side: 1, label: "interactions / week", size: 60, grid: { show: false } },
      ],
      series: [
        {},
        {
          label: "Interactions per week",
          scale: "count",
          stroke: "#8a9bd0",
          fill: "rgba(138,155,208,0.45)",
          paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
          points: { show: false },
        },
        { label: "Network health", scale: "health", stroke: accent, width: 2.5, points: { show: false } },
      ],
    };
    const data: uPlot.AlignedData = [
      xs,
      trend.map((p) => p.interactions),
      trend.map((p) => (p.ties > 0 ? p.health : null)),
    ];
    return { options, data };
  }, [trend]);
  return (
    <UPlotChart
      options={options}
      data={data}
      height={240}
      testId="panel-trend"
      label="Network health and interactions per week over the last 12 months"
    />
  );
}

export function FadingPanel({ fading, onOpen }: { fading: FadingTie[]; onOpen: (id: number) => void }) {
  return (
    <TieList
      ties={fading}
      testId="panel-fading"
      tieTestId="fading-tie"
      none="None of your inner or close ties is cooling."
      onOpen={onOpen}
      badge={(f) => (
        <span className="badge" style={{ color: CIRCLE_COLOR[circleKey(f.circle)] }}>
          {CIRCLE_LABEL[circleKey(f.circle)]}
        </span>
      )}
    >
      {(f) => (
        <>
          <WarmthDrop from={f.warmth90 ?? f.warmth30 ?? f.warmth} to={f.warmth} />
          <ul className="reasons">
            {f.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
    </TieList>
  );
}

/** A panel's ties, each with its head (name, `badge`, snooze) and what `children` shows of
 * it; `none` when there are none. */
function TieList<T extends FadingTie | OneSidedTie>({
  ties,
  testId,
  tieTestId,
  none,
  onOpen,
  badge,
  children,
}: {
  ties: T[];
  testId: string;
  tieTestId: string;
  none: string;
  onOpen: (id: number) => void;
  badge: (tie: T) => ReactNode;
  children: (tie: T) => ReactNode;
}) {
  if (ties.length === 0)
    return (
      <p className="muted" data-testid={testId}>
        {none}
      </p>
    );
  return (
    <ul className="tie-list" data-testid={testId}>
      {ties.map((t) => (
        <li key={t.contact.id} className="tie" data-testid={tieTestId}>
          <TieHead tie={t} onOpen={onOpen}>
            {badge(t)}
          </TieHead>
          {children(t)}
        </li>
      ))}
    </ul>
  );
}

/** A tie's name (opens the person), its badge, and until when it is snoozed, if it is: the
 * weekly review passes over it until then. */
function TieHead({
  tie,
  onOpen,
  children,
}: {
  tie: FadingTie | OneSidedTie;
  onOpen: (id: number) => void;
  children: ReactNode;
}) {
  return (
    <>
      <button type="button" className="link tie-name" onClick={() => onOpen(tie.contact.id)}>
        {tie.contact.name}
      </button>
      {children}
      {tie.snoozedUntil && (
        <span
          className="badge snoozed"
          data-testid="tie-snoozed"
          data-tip="The weekly review passes over them until then"
        >
          snoozed until {formatDay(tie.snoozedUntil)}
        </span>
      )}
    </>
  );
}

/** A 0–1 warmth on the 0–100 scale of every other score. */
const pct = (warmth: number) => Math.round(warmth * 100);

function WarmthDrop({ from, to }: { from: number; to: number }) {
  return (
    <span className="warmth-drop" data-tip={`warmth ${pct(from)} → ${pct(to)} of 100`}>
      <span className="warmth-track">
        <span className="warmth-then" style={{ width: `${from * 100}%` }} />
        <span className="warmth-now" style={{ width: `${to * 100}%` }} />
      </span>
      {pct(from)} → {pct(to)}
    </span>
  );
}

const LEAN_LABEL: Record<string, string> = {
  iStart: "you always reach out",
  theyStart: "they always reach out",
  iHelp: "you give the help",
  theyHelp: "they give the help",
};

export function OneSidedPanel({ ties, onOpen }: { ties: OneSidedTie[]; onOpen: (id: number) => void }) {
  return (
    <TieList
      ties={ties}
      testId="panel-one-sided"
      tieTestId="one-sided-tie"
      none="No one-sided ties: effort and help flow both ways."
      onOpen={onOpen}
      badge={(o) => <span className="badge">{LEAN_LABEL[o.lean]}</span>}
    >
      {(o) => (
        <>
          <span className="ledger-sum" data-tip="help given / received">
            <span className="given">gave {o.helpGiven}</span> · <span className="received">got {o.helpReceived}</span>
          </span>
          <div className="reasons">{o.reason}</div>
          {o.ledger.length > 0 && (
            <ul className="ledger">
              {o.ledger.slice(0, 4).map((e, i) => (
                <li
                  // biome-ignore lint/suspicious/noArrayIndexKey: ledger lines are shown as read, in order, and never move
                  key={i}
                >
                  <span className="muted">{localDate(e.at)}</span> {e.given ? "you gave" : "you got"}: {e.text}
                  {e.ask && <span className="muted"> (for: {e.ask})</span>}
                </li>
              ))}
              {o.ledger.length > 4 && <li className="muted">and {o.ledger.length - 4} more</li>}
            </ul>
          )}
        </>
      )}
    </TieList>
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function ActivityPanel({ activity }: { activity: Activity }) {
  const weeks = useMemo(() => calendarWeeks(activity.from, activity.counts), [activity]);
  return (
    <div className="calendar-wrap" data-testid="panel-activity">
      <div className="calendar" role="img" aria-label={`${activity.total} interactions on ${activity.activeDays} days`}>
        <div className="cal-days muted">
          <span>Mon</span>
          <span />
          <span>Wed</span>
          <span />
          <span>Fri</span>
          <span />
          <span />
        </div>
        {weeks.map((w, i) => {
          const first = w.find((c) => c !== null);
          const month = first && first.date.slice(8) <= "07" ? MONTHS[Number(first.date.slice(5, 7)) - 1] : "";
          return (
            <div
              className="cal-week"
              // biome-ignore lint/suspicious/noArrayIndexKey: calendar weeks are positions
              key={i}
            >
              <span className="cal-month muted">{month}</span>
              {w.map((c, j) =>
                c ? (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: calendar days are positions in their week
                    key={j}
                    className={`cal-day l${c.level}`}
                    data-tip={`${formatDay(c.date)}: ${c.count} interaction${c.count === 1 ? "" : "s"}`}
                  />
                ) : (
                  <span
                    // biome-ignore lint/suspicious/noArrayIndexKey: calendar days are positions in their week
                    key={j}
                    className="cal-day empty-day"
                  />
                ),
              )}
            </div>
          );
        })}
      </div>
      <div className="legend">
        {activity.total.toLocaleString()} interactions on {activity.activeDays} days · less
        {[0, 1, 2, 3, 4].map((l) => (
          <span key={l} className={`cal-day l${l}`} />
        ))}
        more
      </div>
    </div>
  );
}
