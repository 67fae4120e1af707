// How a relationship's health reads (unit-tested in health.test.ts): the score's named
// components, the cadence the engine expects and where it comes from, a band for colouring.
import type { CadenceSource, Component, ContactHealth, TieFacts } from "../bindings";

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

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** What the tie is like beyond its score, one true sentence each: who starts, who helps, how
 * steady (`cadenceDays` is the length of a period). */
export function factsText(f: TieFacts, cadenceDays: number): string[] {
  const out: string[] = [];
  if (f.withInitiator === 0) out.push("Who started your conversations is not logged yet.");
  else {
    const parts = [`you started ${f.startedByMe}`, `they started ${f.startedByThem}`];
    if (f.startedByBoth > 0) parts.push(`both ${f.startedByBoth}`);
    out.push(
      `Of the last ${f.withInitiator === 1 ? "conversation" : `${f.withInitiator} conversations`} with who started logged: ${parts.join(", ")}.`,
    );
  }
  if (f.helpGiven === 0 && f.helpReceived === 0) out.push("No help logged either way.");
  else out.push(`You helped them ${times(f.helpGiven)}; they helped you ${times(f.helpReceived)}.`);
  if (f.periods > 0) {
    const every = Math.round(cadenceDays);
    out.push(
      `Contact in ${f.activePeriods} of the last ${f.periods === 1 ? `period of ${every} days` : `${f.periods} periods of ${every} days`}.`,
    );
  }
  return out;
}

/** The components that count toward the score (weight above 0), in their order. */
export function scoredComponents(h: Pick<ContactHealth, "weights">): typeof COMPONENTS {
  return COMPONENTS.filter((c) => h.weights[c.id] > 0);
}
