// The map of the network: people as nodes (coloured by circle, fading ties in red and
// labelled), shared interests, introductions, relationships and who was seen with whom as
// edges, each kind shown or hidden from the legend; a click opens the person. The core lays
// them out so that people linked this way sit together.
// sigma.js draws with WebGL at the positions the core laid out (ForceAtlas2 in
// `engine::layout`): nothing is computed here, so the map is interactive from its first
// frame. A layout run in the page cost 0.3-0.45 s per iteration with 2,000 people.
// The box above it finds a person by name from the keyboard: the camera moves to them,
// Up/Down step through the others found, Enter opens them, Escape clears.
import Graph from "graphology";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import Sigma from "sigma";
import { drawDiscNodeLabel } from "sigma/rendering";
import type { NodeDisplayData, PartialButFor } from "sigma/types";
import type { EdgeKind, NetworkMap } from "../bindings";
import { themeColor } from "../charts/UPlotChart";
import { findOnMap } from "./mapFind";
import { placeLabels } from "./mapLabels";
import { CIRCLE_COLOR, CIRCLE_LABEL, circleKey, FADING_COLOR } from "./Panels";

/** Shared-interest links: the theme's line colour, opaque (sigma blends with premultiplied
 * alpha, so a translucent grey came out lighter than the background). */
const LINK_COLOR = "var(--line)";
const INTRO_COLOR = "#c98a1a";
const RELATION_COLOR = "#6a4fb3";
const KNOWS_COLOR = "#2e8b7a";

/** The kinds of link, as the legend names them, explains them and toggles them. */
const EDGE_KINDS: { kind: EdgeKind; label: string; color: string; tip: string }[] = [
  {
    kind: "relationship",
    label: "relationship",
    color: RELATION_COLOR,
    tip: "A relationship you recorded: family, work, friends",
  },
  { kind: "introduction", label: "introduction", color: INTRO_COLOR, tip: "One introduced the other" },
  {
    kind: "knows",
    label: "seen together",
    color: KNOWS_COLOR,
    tip: "They took part in an interaction together (for each person, the few seen with them most)",
  },
  { kind: "interest", label: "shared interest", color: LINK_COLOR, tip: "They share an interest" },
];

export function NetworkMapPanel({ map, onOpen }: { map: NetworkMap; onOpen: (id: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const sigma = useRef<Sigma | null>(null);
  const [query, setQuery] = useState("");
  const [pick, setPick] = useState(0);
  const found = useMemo(() => findOnMap(map.nodes, query), [map, query]);
  const current = found.length > 0 ? found[Math.min(pick, found.length - 1)] : null;
  const [shown, setShown] = useState<EdgeKind[]>(EDGE_KINDS.map((k) => k.kind));
  const links = map.edges.filter((e) => shown.includes(e.kind)).length;
  // What a map drawn again starts with (the drawing effect does not run again for a toggle).
  const shownAtDraw = useRef(shown);
  shownAtDraw.current = shown;

  // A kind of link toggled in the legend is hidden or shown without drawing the map again.
  useEffect(() => {
    const r = sigma.current;
    if (!r || !drawn) return;
    const graph = r.getGraph();
    graph.forEachEdge((key, attrs) => graph.setEdgeAttribute(key, "hidden", !shown.includes(attrs.kind as EdgeKind)));
    r.refresh();
  }, [shown, drawn]);

  // The one found is highlighted (its label drawn) and brought to the middle.
  useEffect(() => {
    const r = sigma.current;
    if (!r || !drawn) return;
    const graph = r.getGraph();
    graph.forEachNode((key, attrs) => {
      if (attrs.highlighted) graph.setNodeAttribute(key, "highlighted", false);
    });
    if (!current) {
      if (query === "") r.getCamera().animatedReset({ duration: 200 });
      return;
    }
    const key = String(current.id);
    graph.setNodeAttribute(key, "highlighted", true);
    const at = r.getNodeDisplayData(key);
    if (at) r.getCamera().animate({ x: at.x, y: at.y, ratio: 0.35 }, { duration: 300 });
  }, [current, drawn, query]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const graph = new Graph({ type: "undirected", multi: true });
    for (const n of map.nodes) {
      const key = circleKey(n.circle);
      graph.addNode(String(n.id), {
        x: n.x,
        y: n.y,
        size: 2.5 + n.health / 22 + (n.fading ? 3 : 0),
        color: n.fading ? FADING_COLOR : CIRCLE_COLOR[key],
        label: n.name,
        forceLabel: n.fading,
        zIndex: n.fading ? 1 : 0,
      });
    }
    const linkColor = themeColor("--line", "#e2ddd4");
    for (const e of map.edges) {
      const [s, t] = [String(e.source), String(e.target)];
      if (!graph.hasNode(s) || !graph.hasNode(t)) continue;
      const look =
        e.kind === "relationship"
          ? { color: RELATION_COLOR, size: 1.8 }
          : e.kind === "introduction"
            ? { color: INTRO_COLOR, size: 1.6 }
            : e.kind === "knows"
              ? { color: KNOWS_COLOR, size: 0.7 + Math.min(e.shared ?? 1, 8) * 0.15 }
              : { color: linkColor, size: 0.6 };
      graph.addEdge(s, t, { ...look, kind: e.kind, hidden: !shownAtDraw.current.includes(e.kind) });
    }
    // The labels sigma would draw this frame: drawn together once it is done, apart.
    type LabelData = PartialButFor<NodeDisplayData, "x" | "y" | "size" | "label" | "color">;
    let labels: { context: CanvasRenderingContext2D; data: LabelData }[] = [];
    let renderer: Sigma | null = null;
    // WebGL canvases keep their pixels between frames: where WebKitGTK runs without
    // accelerated compositing (WEBKIT_DISABLE_COMPOSITING_MODE=1, much faster without a GPU,
    // see docs/PERFORMANCE.md), it repaints a canvas from its buffer after a scroll, and
    // sigma's default (not preserved) left the dots and links blank. sigma has no option for
    // it, so the context attributes are set while sigma creates its contexts, and only then.
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, attrs?: object) {
      const keep = type.includes("webgl") ? { ...attrs, preserveDrawingBuffer: true } : attrs;
      return getContext.call(this, type, keep);
    } as typeof getContext;
    try {
      renderer = new Sigma(graph, el, {
        labelColor: { color: themeColor("--text", "#1f2723") },
        labelRenderedSizeThreshold: 9,
        labelDensity: 0.6,
        zIndex: true,
        minCameraRatio: 0.05,
        maxCameraRatio: 4,
        // While the map is dragged or zoomed, draw only the dots: less to redraw per frame
        // on a slow machine (the links and labels come back when it stops).
        hideEdgesOnMove: true,
        hideLabelsOnMove: true,
        defaultDrawNodeLabel: (context, data) => {
          labels.push({ context, data });
        },
      });
    } catch (e) {
      setError(`The map cannot be drawn here (${e instanceof Error ? e.message : String(e)}).`);
      return;
    } finally {
      HTMLCanvasElement.prototype.getContext = getContext;
    }
    const r = renderer;
    sigma.current = r;
    r.on("beforeRender", () => {
      labels = [];
    });
    r.on("afterRender", () => {
      // sigma also labels dots just outside the view; a name without its dot reads as noise.
      const view = r.getDimensions();
      labels = labels.filter(({ data }) => data.x >= 0 && data.x <= view.width && data.y >= 0 && data.y <= view.height);
      const context = labels[0]?.context;
      if (!context) return;
      const settings = r.getSettings();
      context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
      // drawDiscNodeLabel writes from x + size + 3, on a baseline labelSize / 3 below y.
      const boxes = labels.map(({ data }) => {
        const width = context.measureText(data.label ?? "").width;
        return {
          xs: [data.x + data.size + 3, data.x - data.size - 3 - width],
          y: data.y - (settings.labelSize * 2) / 3,
          width,
          height: settings.labelSize,
          forced: Boolean(data.forceLabel),
          size: data.size,
        };
      });
      for (const { index, x } of placeLabels(boxes)) {
        const label = labels[index];
        if (label) drawDiscNodeLabel(label.context, { ...label.data, x: x - label.data.size - 3 }, settings);
      }
      labels = [];
    });
    // sigma drew its first frame in its constructor, before these handlers: draw it again
    // with the labels.
    r.scheduleRender();
    r.on("clickNode", ({ node }) => onOpen(Number(node)));
    r.on("enterNode", () => el.classList.add("pointing"));
    r.on("leaveNode", () => el.classList.remove("pointing"));
    // Where a person is drawn, in pixels from the map's top-left corner: the end-to-end
    // tests click a node through it, as a user would.
    Object.assign(el, {
      kithViewportOf: (id: number) => {
        const key = String(id);
        return graph.hasNode(key) ? r.graphToViewport(graph.getNodeAttributes(key) as { x: number; y: number }) : null;
      },
    });
    // Drawn once the first frame is on screen (the end-to-end tests wait for it).
    const handle = requestAnimationFrame(() => setDrawn(true));
    return () => {
      cancelAnimationFrame(handle);
      setDrawn(false);
      sigma.current = null;
      r.kill();
    };
  }, [map, onOpen]);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (found.length > 0) setPick((p) => (p + (e.key === "ArrowDown" ? 1 : found.length - 1)) % found.length);
    } else if (e.key === "Enter" && current) {
      e.preventDefault();
      onOpen(current.id);
    } else if (e.key === "Escape" && query) {
      e.preventDefault();
      e.stopPropagation();
      setQuery("");
      setPick(0);
    }
  };

  return (
    <div className="map-wrap">
      <div className="map-find">
        <input
          type="search"
          value={query}
          placeholder="Find a person on the map"
          aria-label="Find a person on the map"
          data-testid="map-find"
          onChange={(e) => {
            setQuery(e.target.value);
            setPick(0);
          }}
          onKeyDown={onKey}
        />
        <span className="muted" data-testid="map-find-status" aria-live="polite">
          {query.trim() === ""
            ? ""
            : current
              ? `${Math.min(pick, found.length - 1) + 1} of ${found.length}${found.length === 50 ? "+" : ""}: ${current.name} · Enter opens${found.length > 1 ? " · ↑↓ next" : ""} · Esc clears`
              : `No one on the map is called “${query.trim()}”`}
        </span>
      </div>
      {error ? (
        <p className="error-text">{error}</p>
      ) : (
        <div ref={ref} className="network-map" data-testid="network-map" data-drawn={drawn ? "yes" : "no"} />
      )}
      <div className="legend">
        {Object.keys(CIRCLE_COLOR).map((k) => (
          <span key={k}>
            <span className="swatch round" style={{ background: CIRCLE_COLOR[k] }} />
            {CIRCLE_LABEL[k]}
          </span>
        ))}
        <span>
          <span className="swatch round" style={{ background: FADING_COLOR }} />
          fading tie
        </span>
        {EDGE_KINDS.map(({ kind, label, color, tip }) => (
          <label key={kind} className="legend-toggle" data-tip={tip}>
            <input
              type="checkbox"
              data-testid={`map-show-${kind}`}
              checked={shown.includes(kind)}
              onChange={(e) => setShown(e.target.checked ? [...shown, kind] : shown.filter((k) => k !== kind))}
            />
            <span className="swatch line" style={{ background: color }} />
            {label}
          </label>
        ))}
        <span className="muted">
          {count(map.nodes.length, "person", "people")}, {count(links, "link", "links")}
          {map.leftOff > 0 && ` (${map.leftOff.toLocaleString()} more not shown)`} · click a person to open them
        </span>
      </div>
    </div>
  );
}

/** "1 link", "2,000 people". */
function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
