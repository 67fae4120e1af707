// Review: how the network is doing. Every panel is one core call, all evaluated as of the
// moment the screen opened (so they share the core's one evaluation); the weekly review
// steps through the fading and one-sided ties.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { api, errorOf } from "../api";
import type { Activity, CircleShape, ContactRef, FadingTie, NetworkMap, OneSidedTie, TrendPoint } from "../bindings";
import { describeError } from "../errors";
import { reviewQueue, type Step } from "./calendar";
import { ActivityPanel, CirclesPanel, FadingPanel, OneSidedPanel, TrendPanel } from "./Panels";
import { WeeklyReview } from "./WeeklyReview";
import "./review.css";

// sigma.js needs WebGL 2 as soon as it loads: the map is its own chunk, loaded only where
// WebGL 2 exists, so the rest of the app never depends on it.
const NetworkMapPanel = lazy(() => import("./NetworkMapPanel").then((m) => ({ default: m.NetworkMapPanel })));
const hasWebGL2 = typeof WebGL2RenderingContext !== "undefined";

type Loaded<T> = { state: "loading" } | { state: "ready"; data: T } | { state: "failed"; message: string };

// What `load` gave, or "loading" while it runs. A value is only returned for the loader that
// produced it, so a new moment never shows the last moment's data for a frame (and nothing
// clickable from an old load is on screen once a reload has begun).
function useLoad<T>(load: (() => Promise<T>) | null): Loaded<T> {
  const [value, setValue] = useState<{ for: (() => Promise<T>) | null; loaded: Loaded<T> }>({
    for: null,
    loaded: { state: "loading" },
  });
  useEffect(() => {
    if (!load) return;
    let live = true;
    load()
      .then((data) => live && setValue({ for: load, loaded: { state: "ready", data } }))
      .catch((e: unknown) => live && setValue({ for: load, loaded: { state: "failed", message: describeError(errorOf(e)) } }));
    return () => {
      live = false;
    };
  }, [load]);
  return value.for === load ? value.loaded : { state: "loading" };
}

function Panel<T>({
  title,
  sub,
  loaded,
  id,
  wide,
  children,
}: {
  title: string;
  sub?: string;
  loaded: Loaded<T>;
  id: string;
  wide?: boolean;
  children: (data: T) => React.ReactNode;
}) {
  return (
    <section className={`rpanel${wide ? " wide" : ""}`} aria-labelledby={`${id}-title`} data-testid={`review-${id}`} data-state={loaded.state}>
      <header>
        <h2 id={`${id}-title`}>{title}</h2>
        {sub && <span className="muted">{sub}</span>}
      </header>
      {loaded.state === "loading" && <p className="muted">Loading…</p>}
      {loaded.state === "failed" && <p className="error-text">{loaded.message}</p>}
      {loaded.state === "ready" && children(loaded.data)}
    </section>
  );
}

export function ReviewScreen({
  refreshKey,
  logOpen,
  onOpen,
  onLog,
}: {
  refreshKey: number;
  logOpen: boolean;
  onOpen: (id: number) => void;
  onLog: (people: ContactRef[]) => void;
}) {
  // The weekly review steps through the ties as they were when it opened: a reload behind it
  // (after "reach out now" logs an interaction) must not start it over.
  const [flow, setFlow] = useState<Step[] | null>(null);
  const [reloads, setReloads] = useState(0);
  // One moment for every panel; a new one after a change.
  const asOf = useMemo(() => new Date().toISOString(), [refreshKey, reloads]); // eslint-disable-line react-hooks/exhaustive-deps
  const loaders = useMemo(() => {
    // The circles go first (they pay for the shared evaluation), asked when the first
    // loader runs rather than while rendering.
    let first: Promise<CircleShape[]> | undefined;
    const circles = () => (first ??= api.reviewCircles(asOf));
    const after = <T,>(f: () => Promise<T>) => () => circles().catch(() => undefined).then(f);
    return {
      circles,
      trend: after(() => api.reviewTrend(asOf)),
      fading: after(() => api.reviewFading(asOf)),
      oneSided: after(() => api.reviewOneSided(asOf)),
      activity: after(() => api.reviewActivity(asOf)),
      map: after(() => api.reviewMap(asOf)),
    };
  }, [asOf]);
  const circles = useLoad<CircleShape[]>(loaders.circles);
  const trend = useLoad<TrendPoint[]>(loaders.trend);
  const fading = useLoad<FadingTie[]>(loaders.fading);
  const oneSided = useLoad<OneSidedTie[]>(loaders.oneSided);
  const activity = useLoad<Activity>(loaders.activity);
  const map = useLoad<NetworkMap>(loaders.map);

  const steps = useMemo(
    () => (fading.state === "ready" && oneSided.state === "ready" ? reviewQueue(fading.data, oneSided.data) : null),
    [fading, oneSided],
  );

  return (
    <div className="screen review-screen" data-testid="review-screen" data-as-of={asOf}>
      <div className="screen-header">
        <div>
          <h1>Review</h1>
          <p className="muted">How your network is doing, and what changed this year.</p>
        </div>
        <button
          className="primary"
          disabled={!steps}
          onClick={() => setFlow(steps)}
          data-testid="start-weekly-review"
          title="Step through fading and one-sided ties"
        >
          Weekly review{steps ? ` (${steps.length})` : ""}
        </button>
      </div>
      <div className="review-grid">
        <Panel title="Your circles" sub="people and the spread of their health" loaded={circles} id="circles">
          {(d) => <CirclesPanel circles={d} />}
        </Panel>
        <Panel title="Trend" sub="last 12 months, weekly" loaded={trend} id="trend">
          {(d) => <TrendPanel trend={d} />}
        </Panel>
        <Panel title="Fading ties" sub="inner and close ties cooling over 30 or 90 days" loaded={fading} id="fading">
          {(d) => <FadingPanel fading={d} onOpen={onOpen} />}
        </Panel>
        <Panel title="One-sided ties" sub="who reaches out, who helps: the help ledger" loaded={oneSided} id="one-sided">
          {(d) => <OneSidedPanel ties={d} onOpen={onOpen} />}
        </Panel>
        <Panel title="Activity" sub="days with interactions" loaded={activity} id="activity" wide>
          {(d) => <ActivityPanel activity={d} />}
        </Panel>
        <Panel title="Map of your network" sub="shared interests and introductions" loaded={map} id="map" wide>
          {(d) =>
            hasWebGL2 ? (
              <Suspense fallback={<p className="muted">Loading the map…</p>}>
                <NetworkMapPanel map={d} onOpen={onOpen} />
              </Suspense>
            ) : (
              <p className="error-text" data-testid="map-unavailable">
                The map needs WebGL 2, which this system does not provide ({d.nodes.length.toLocaleString()} people,{" "}
                {d.edges.length.toLocaleString()} links).
              </p>
            )
          }
        </Panel>
      </div>
      {flow && (
        <WeeklyReview
          steps={flow}
          paused={logOpen}
          onLog={onLog}
          onClose={(decided) => {
            setFlow(null);
            if (decided > 0) setReloads((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}
