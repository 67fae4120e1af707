import { describe, expect, it } from "vitest";
import { circleLabel } from "./circles";

describe("circleLabel", () => {
  it("names a circle", () => {
    expect(circleLabel("inner")).toBe("Inner");
    expect(circleLabel(null)).toBe("");
  });
});
