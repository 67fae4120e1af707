import { describe, expect, it } from "vitest";
import { cadenceText, healthBand } from "./health";

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
