// How a relationship's health reads (unit-tested in health.test.ts): the score's named
// components, the cadence the engine expects and where it comes from, a band for colouring.
import type { CadenceSource, Component } from "../bindings";

export const COMPONENTS: { id: Component; label: string; hint: string }[] = [
  { id: "recency", label: "Recency", hint: "how recently you spoke (warmth on a one-week scale)" },
  { id: "intensity", label: "Intensity", hint: "how much contact lately (recent interactions count most)" },
  { id: "consistency", label: "Consistency", hint: "how many recent periods had contact" },
  { id: "reciprocity", label: "Reciprocity", hint: "who starts conversations, who helps whom" },
  { id: "depth", label: "Depth", hint: "meetings and calls count more than messages" },
];

/** "every 30 days, learned from your rhythm". */
export function cadenceText(days: number, source: CadenceSource): string {
  const n = Math.round(days);
  const every = n === 1 ? "every day" : `every ${n} days`;
  switch (source) {
    case "explicit":
      return `${every}, as you set for this person`;
    case "learned":
      return `${every}, learned from how often you talk`;
    case "circle":
      return `${every}, the target of their circle`;
    case "default":
      return `${every}, the default until there is a rhythm to learn`;
  }
}

/** A coarse band for colouring a 0–100 score. */
export function healthBand(score: number): "low" | "mid" | "high" {
  return score < 40 ? "low" : score < 70 ? "mid" : "high";
}
