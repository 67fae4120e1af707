import { describe, expect, it } from "vitest";
import { findOnMap, fold } from "./mapFind";

const people = [
  { id: 1, name: "Björn Müller" },
  { id: 2, name: "Ana Ruiz" },
  { id: 3, name: "Joanna Bjornsen" },
  { id: 4, name: "Bo Chen" },
];

describe("findOnMap", () => {
  it("ignores case and accents", () => {
    expect(fold("Björn MÜLLER")).toBe("bjorn muller");
    expect(findOnMap(people, "muller").map((p) => p.id)).toEqual([1]);
  });
  it("puts names that start with the query (or a word of it) first", () => {
    expect(findOnMap(people, "bjorn").map((p) => p.id)).toEqual([1, 3]);
    expect(findOnMap(people, "an").map((p) => p.id)).toEqual([2, 3]);
  });
  it("finds no one for an empty query or a name not on the map", () => {
    expect(findOnMap(people, "  ")).toEqual([]);
    expect(findOnMap(people, "zed")).toEqual([]);
  });
  it("stops at the limit", () => {
    expect(findOnMap(people, "o", 2)).toHaveLength(2);
  });
});
