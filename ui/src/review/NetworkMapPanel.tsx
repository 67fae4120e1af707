// The map of the network: people as nodes (coloured by circle, fading ties in red and
// labelled), shared interests and introductions as edges; a click opens the person.
// sigma.js draws with WebGL; the ForceAtlas2 layout runs a few iterations per frame (the
// CSP allows no blob workers), so the map stays responsive while it settles.
import forceAtlas2 from "graphology-layout-forceatlas2";
import Graph from "graphology";
import { useEffect, useRef, useState } from "react";
import Sigma from "sigma";
import type { NetworkMap } from "../bindings";
import { CIRCLE_COLOR, CIRCLE_LABEL, circleKey, FADING_COLOR } from "./Panels";
import { themeColor } from "./UPlotChart";

const RING: Record<string, number> = { inner: 1, close: 2, network: 3, wider: 4, none: 4.5 };
/** How long the layout keeps refining, in frames (~60 per second). */
const LAYOUT_FRAMES = 150;

export function NetworkMapPanel({ map, onOpen }: { map: NetworkMap; onOpen: (id: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [settled, setSettled] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const graph = new Graph({ type: "undirected" });
    const golden = Math.PI * (3 - Math.sqrt(5));
    map.nodes.forEach((n, i) => {
      const key = circleKey(n.circle);
      const r = (RING[key] ?? 4) * (0.85 + 0.3 * ((i * 7919) % 100) / 100);
      graph.addNode(String(n.id), {
        x: r * Math.cos(i * golden),
        y: r * Math.sin(i * golden),
        size: 2.5 + n.health / 22 + (n.fading ? 3 : 0),
        color: n.fading ? FADING_COLOR : CIRCLE_COLOR[key],
        label: n.name,
        forceLabel: n.fading,
        zIndex: n.fading ? 1 : 0,
      });
    });
    for (const e of map.edges) {
      const [s, t] = [String(e.source), String(e.target)];
      if (!graph.hasNode(s) || !graph.hasNode(t) || graph.hasEdge(s, t)) continue;
      graph.addEdge(s, t,
        e.kind === "introduction"
          ? { color: "#c98a1a", size: 1.6, weight: 2 }
          : { color: "rgba(140,140,140,0.22)", size: 0.6, weight: e.interests.length },
      );
    }
    let renderer: Sigma | null = null;
    try {
      renderer = new Sigma(graph, el, {
        labelColor: { color: themeColor("--text", "#1f2723") },
        labelRenderedSizeThreshold: 9,
        labelDensity: 0.6,
        zIndex: true,
        minCameraRatio: 0.05,
        maxCameraRatio: 4,
      });
    } catch (e) {
      setError(`The map cannot be drawn here (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    const r = renderer;
    r.on("clickNode", ({ node }) => onOpen(Number(node)));
    r.on("enterNode", () => el.classList.add("pointing"));
    r.on("leaveNode", () => el.classList.remove("pointing"));
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300, slowDown: 4 };
    let frame = 0;
    let handle = 0;
    const step = () => {
      if (graph.order > 1) forceAtlas2.assign(graph, { iterations: 2, settings, getEdgeWeight: "weight" });
      frame += 1;
      if (frame < LAYOUT_FRAMES) handle = requestAnimationFrame(step);
      else setSettled(true);
    };
    handle = requestAnimationFrame(step);
    return () => {
      cancelAnimationFrame(handle);
      r.kill();
    };
  }, [map, onOpen]);

  return (
    <div className="map-wrap">
      {error ? (
        <p className="error-text">{error}</p>
      ) : (
        <div ref={ref} className="network-map" data-testid="network-map" data-settled={settled ? "yes" : "no"} />
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
        <span>
          <span className="swatch line" style={{ background: "#c98a1a" }} />
          introduction
        </span>
        <span>
          <span className="swatch line" style={{ background: "rgba(140,140,140,0.6)" }} />
          shared interest
        </span>
        <span className="muted">
          {map.nodes.length.toLocaleString()} people, {map.edges.length.toLocaleString()} links
          {map.leftOff > 0 && ` (${map.leftOff.toLocaleString()} more not shown)`} · click a person to open them
        </span>
      </div>
    </div>
  );
}
