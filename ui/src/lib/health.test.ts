import { describe, expect, it } from "vitest";
import type { TieFacts } from "../bindings";
import { cadenceText, factsText, healthBand, scoredComponents } from "./health";

describe("health", () => {
  it("names the cadence and its source", () => {
    expect(cadenceText(30, "circle")).toBe("every 30 days, the target of their circle");
    expect(cadenceText(13.6, "learned")).toBe("every 14 days, learned from how often you talk");
    expect(cadenceText(1, "explicit")).toBe("every day, as you set for this person");
  });

  it("bands health scores", () => {
    expect([0, 39, 40, 69, 70, 100].map(healthBand)).toEqual(["low", "low", "mid", "mid", "high", "high"]);
  });
});

describe("the facts of a tie", () => {
  const none: TieFacts = {
    withInitiator: 0,
    startedByMe: 0,
    startedByThem: 0,
    startedByBoth: 0,
    helpGiven: 0,
    helpReceived: 0,
    periods: 0,
    activePeriods: 0,
  };

  it("says what is logged as facts, with the right plurals", () => {
    expect(factsText(none, 30)).toEqual([
      "Who started your conversations is not logged yet.",
      "No help logged either way.",
    ]);
    expect(
      factsText(
        {
          ...none,
          withInitiator: 5,
          startedByMe: 4,
          startedByThem: 1,
          helpGiven: 1,
          helpReceived: 2,
          periods: 6,
          activePeriods: 4,
        },
        29.6,
      ),
    ).toEqual([
      "Of the last 5 conversations with who started logged: you started 4, they started 1.",
      "You helped them once; they helped you twice.",
      "Contact in 4 of the last 6 periods of 30 days.",
    ]);
    expect(factsText({ ...none, withInitiator: 1, startedByBoth: 1, periods: 1, activePeriods: 1 }, 7)).toEqual([
      "Of the last conversation with who started logged: you started 0, they started 0, both 1.",
      "No help logged either way.",
      "Contact in 1 of the last period of 7 days.",
    ]);
  });

  it("scores only the components that weigh something", () => {
    const weights = { recency: 0.75, intensity: 0.1, consistency: 0, reciprocity: 0, depth: 0.15 };
    expect(scoredComponents({ weights }).map((c) => c.id)).toEqual(["recency", "intensity", "depth"]);
  });
});
