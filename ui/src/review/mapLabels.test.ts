import { describe, expect, it } from "vitest";
import { type LabelBox, placeLabels } from "./mapLabels";

/** A 60 × 14 label right of its dot at `x`, or left of it (ending 10 px before). */
const box = (x: number, y: number, forced = false, size = 3): LabelBox => ({
  xs: [x, x - 80],
  y,
  width: 60,
  height: 14,
  forced,
  size,
});

describe("placeLabels", () => {
  it("puts labels that do not touch right of their dots", () => {
    expect(placeLabels([box(0, 0), box(100, 0), box(0, 40)])).toEqual([
      { index: 0, x: 0 },
      { index: 1, x: 100 },
      { index: 2, x: 0 },
    ]);
  });
  it("moves a fading tie's name to the left of its dot when the right is taken", () => {
    expect(placeLabels([box(40, 0, true, 5), box(0, 6, true, 3)])).toEqual([
      { index: 0, x: 40 },
      { index: 1, x: -80 },
    ]);
  });
  it("leaves a label off when neither side is free", () => {
    expect(placeLabels([box(40, 0, true, 5), box(0, 6, true, 3), box(-60, 3, true, 2)]).map((p) => p.index)).toEqual([
      0, 1,
    ]);
  });
  it("gives a fading tie's name priority over a plain label it would cover", () => {
    const plain = { ...box(0, 0, false, 9), xs: [0] };
    const fading = { ...box(30, 4, true, 3), xs: [30] };
    expect(placeLabels([plain, fading])).toEqual([{ index: 1, x: 30 }]);
  });
  it("prefers the larger dot between plain labels", () => {
    expect(
      placeLabels([
        { ...box(0, 0, false, 3), xs: [0] },
        { ...box(10, 0, false, 8), xs: [10] },
      ]),
    ).toEqual([{ index: 1, x: 10 }]);
  });
  it("counts labels that only nearly touch as overlapping", () => {
    expect(placeLabels([box(0, 0), { ...box(61, 0), xs: [61] }]).map((p) => p.index)).toEqual([0]);
    expect(placeLabels([box(0, 0), { ...box(62, 0), xs: [62] }]).map((p) => p.index)).toEqual([0, 1]);
  });
});
