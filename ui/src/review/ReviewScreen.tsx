// Review: how the network is doing. Every panel is one core call, all evaluated as of the
// moment the screen opened (so they share the core's one evaluation), under the key
// ["review", panel, moment] (lib/query); when ["review"] is invalidated (a change anywhere,
// or decisions in the weekly review) there is a new moment and every panel loads again,
// showing nothing of the old moment meanwhile. The weekly review steps through the fading
// and one-sided ties.
import { lazy, Suspense, useMemo, useState } from "react";
import { api } from "../api";
import type { Activity, CircleShape, ContactRef, FadingTie, NetworkMap, OneSidedTie, TrendPoint } from "../bindings";
import { describeError } from "../errors";
import { reviewQueue, type Step } from "./calendar";
import { ActivityPanel, CirclesPanel, FadingPanel, OneSidedPanel, TrendPanel } from "./Panels";
import { WeeklyReview } from "./WeeklyReview";
import "./review.css";
import { invalidate, type Query, useGeneration, useQuery } from "../lib/query";

// sigma.js needs WebGL 2 as soon as it loads: the map is its own chunk, loaded only where
// WebGL 2 exists, so the rest of the app never depends on it.
const NetworkMapPanel = lazy(() => import("./NetworkMapPanel").then((m) => ({ default: m.NetworkMapPanel })));
const hasWebGL2 = typeof WebGL2RenderingContext !== "undefined";

type Loaded<T> = { state: "loading" } | { state: "ready"; data: T } | { state: "failed"; message: string };

// A panel's query as the panel shows it. The query's key holds the moment, and a query
// returns a value only for the key that loaded it, so a new moment never shows the last
// moment's data for a frame (and nothing clickable from an old load is on screen once a
// reload has begun).
function loadedOf<T>(q: Query<T>): Loaded<T> {
  if (q.data !== undefined) return { state: "ready", data: q.data };
  if (q.error) return { state: "failed", message: describeError(q.error) };
  return { state: "loading" };
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
    <section
      className={`rpanel${wide ? " wide" : ""}`}
      aria-labelledby={`${id}-title`}
      data-testid={`review-${id}`}
      data-state={loaded.state}
    >
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
  logOpen,
  onOpen,
  onLog,
}: {
  logOpen: boolean;
  onOpen: (id: number) => void;
  onLog: (people: ContactRef[]) => void;
}) {
  // The weekly review steps through the ties as they were when it opened: a reload behind it
  // (after "reach out now" logs an interaction) must not start it over.
  const [flow, setFlow] = useState<Step[] | null>(null);
  // One moment for every panel; a new one after a change (set while rendering, so no render
  // pairs a new generation with the old moment).
  const gen = useGeneration(["review"]);
  const [moment, setMoment] = useState(() => ({ gen, asOf: new Date().toISOString() }));
  if (moment.gen !== gen) setMoment({ gen, asOf: new Date().toISOString() });
  const asOf = moment.asOf;
  const loaders = useMemo(() => {
    // The circles go first (they pay for the shared evaluation), asked when the first
    // loader runs rather than while rendering.
    let first: Promise<CircleShape[]> | undefined;
    const circles = () => (first ??= api.reviewCircles(asOf));
    const after =
      <T,>(f: () => Promise<T>) =>
      () =>
        circles()
          .catch(() => undefined)
          .then(f);
    return {
      circles,
      trend: after(() => api.reviewTrend(asOf)),
      fading: after(() => api.reviewFading(asOf)),
      oneSided: after(() => api.reviewOneSided(asOf)),
      activity: after(() => api.reviewActivity(asOf)),
      map: after(() => api.reviewMap(asOf)),
    };
  }, [asOf]);
  const circles = loadedOf(useQuery<CircleShape[]>(["review", "circles", asOf], loaders.circles));
  const trend = loadedOf(useQuery<TrendPoint[]>(["review", "trend", asOf], loaders.trend));
  const fadingQuery = useQuery<FadingTie[]>(["review", "fading", asOf], loaders.fading);
  const oneSidedQuery = useQuery<OneSidedTie[]>(["review", "oneSided", asOf], loaders.oneSided);
  const fading = loadedOf(fadingQuery);
  const oneSided = loadedOf(oneSidedQuery);
  const activity = loadedOf(useQuery<Activity>(["review", "activity", asOf], loaders.activity));
  const map = loadedOf(useQuery<NetworkMap>(["review", "map", asOf], loaders.map));

  const fadingTies = fadingQuery.data;
  const oneSidedTies = oneSidedQuery.data;
  const steps = useMemo(
    () => (fadingTies && oneSidedTies ? reviewQueue(fadingTies, oneSidedTies) : null),
    [fadingTies, oneSidedTies],
  );

  return (
    <div className="screen review-screen" data-testid="review-screen" data-as-of={asOf}>
      <div className="screen-header">
        <div>
          <h1>Review</h1>
          <p className="muted">How your network is doing, and what changed this year.</p>
        </div>
        <button
          type="button"
          className="primary"
          disabled={!steps}
          onClick={() => setFlow(steps)}
          data-testid="start-weekly-review"
          data-tip="Step through fading and one-sided ties"
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
        <Panel
          title="One-sided ties"
          sub="who reaches out, who helps: the help ledger"
          loaded={oneSided}
          id="one-sided"
        >
          {(d) => <OneSidedPanel ties={d} onOpen={onOpen} />}
        </Panel>
        <Panel title="Activity" sub="days with interactions" loaded={activity} id="activity" wide>
          {(d) => <ActivityPanel activity={d} />}
        </Panel>
        <Panel
          title="Map of your network"
          sub="relationships, introductions, people seen together and shared interests"
          loaded={map}
          id="map"
          wide
        >
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
            if (decided > 0) invalidate(["review"]);
          }}
        />
      )}
    </div>
  );
}
